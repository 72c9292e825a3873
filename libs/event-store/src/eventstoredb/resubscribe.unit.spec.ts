import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Position, RecordedEvent } from '../event-store.port';
import { examStream } from '../stream-names';
import { compareEncodedPositions, encodePosition } from './positions';
import { backoffDelay, resubscribing, type OpenedSubscription, type SubscriptionDrop } from './resubscribe';

/** A server's $all for the resubscribe logic: each subscription replays from its start position *inclusive*, then goes live. */
class FakeAll {
  readonly log: RecordedEvent[] = [];
  readonly openedAfter: (Position | undefined)[] = [];
  closed = 0;
  /** Subscriptions that fail at once, before delivering anything (server unavailable). */
  failNextOpens = 0;
  private current: Readable | undefined;

  open = (after: Position | undefined): OpenedSubscription => {
    this.openedAfter.push(after);
    const readable = new Readable({ objectMode: true, read: () => undefined });
    if (this.failNextOpens > 0) {
      this.failNextOpens -= 1;
      process.nextTick(() => readable.destroy(new Error('unavailable')));
    } else {
      for (const event of this.log) if (after === undefined || compareEncodedPositions(event.position, after) >= 0) readable.push(event);
      this.current = readable;
    }
    return {
      events: readable,
      close: () => {
        this.closed += 1;
        readable.destroy();
      },
    };
  };

  append(): RecordedEvent {
    const sequence = BigInt(this.log.length + 1) * 100n;
    const event: RecordedEvent = {
      id: randomUUID(),
      type: 'SampleUploaded',
      data: {},
      metadata: {
        actorId: 'a',
        actorRole: 'coach',
        occurredAt: '2025-01-01T00:00:00.000Z',
        correlationId: 'c',
        causationId: 'c',
        schemaVersion: 1,
      },
      stream: examStream('1'),
      revision: this.log.length,
      position: encodePosition({ commit: sequence, prepare: sequence }),
      recordedAt: '2025-01-01T00:00:00.000Z',
    };
    this.log.push(event);
    this.current?.push(event);
    return event;
  }

  drop(error?: Error): void {
    const current = this.current;
    this.current = undefined;
    if (error === undefined) current?.push(null);
    else current?.destroy(error);
  }
}

function follow(all: FakeAll, controller: AbortController, after?: Position) {
  const drops: SubscriptionDrop[] = [];
  const received: RecordedEvent[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const done = (async () => {
    for await (const event of resubscribing({
      after,
      signal: controller.signal,
      open: all.open,
      comparePositions: compareEncodedPositions,
      backoff: { initialMs: 4, maxMs: 16 },
      onDrop: (drop) => drops.push(drop),
      random: () => 0,
    })) {
      received.push(event);
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
    }
  })();
  const receivedCount = (count: number) =>
    received.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }));
  return { drops, received, done, receivedCount };
}

describe('resubscribing', () => {
  it('resubscribes after a drop strictly after the last event delivered, delivering each event once', async () => {
    const all = new FakeAll();
    const [first, second, third] = [all.append(), all.append(), all.append()];
    const controller = new AbortController();
    const follower = follow(all, controller);

    await follower.receivedCount(2);
    all.drop(new Error('leader changed'));
    await follower.receivedCount(3);
    const live = all.append();
    await follower.receivedCount(4);
    controller.abort();
    await follower.done;

    expect(follower.received.map((event) => event.id)).toEqual([first.id, second.id, third.id, live.id]);
    expect(all.openedAfter[0]).toBeUndefined();
    expect(all.openedAfter.length).toBe(2);
    // The drop was seen after the second or the third event: it resumes right after whichever it had.
    expect([second.position, third.position]).toContain(all.openedAfter[1]);
    expect(follower.drops).toEqual([{ error: new Error('leader changed'), attempt: 1, delayMs: 2, resumeAfter: all.openedAfter[1] }]);
  });

  it('resubscribes when the server ends the subscription without an error', async () => {
    const all = new FakeAll();
    const first = all.append();
    const controller = new AbortController();
    const follower = follow(all, controller);
    await follower.receivedCount(1);

    all.drop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const live = all.append();
    await follower.receivedCount(2);
    controller.abort();
    await follower.done;

    expect(follower.received.map((event) => event.id)).toEqual([first.id, live.id]);
    expect(all.openedAfter).toEqual([undefined, first.position]);
    expect(follower.drops).toMatchObject([{ error: undefined, attempt: 1, resumeAfter: first.position }]);
  });

  it('backs off further with each failure in a row, and starts afresh once a subscription delivered', async () => {
    const all = new FakeAll();
    const first = all.append();
    all.failNextOpens = 4;
    const controller = new AbortController();
    const follower = follow(all, controller, undefined);

    await follower.receivedCount(1);
    all.drop(new Error('cut'));
    const next = all.append();
    await follower.receivedCount(2);
    controller.abort();
    await follower.done;

    expect(follower.received.map((event) => event.id)).toEqual([first.id, next.id]);
    expect(follower.drops.map((drop) => [drop.attempt, drop.delayMs])).toEqual([
      [1, 2],
      [2, 4],
      [3, 8],
      [4, 8],
      [1, 2],
    ]);
  });

  it('starts strictly after the given position', async () => {
    const all = new FakeAll();
    const [first, second] = [all.append(), all.append()];
    const controller = new AbortController();
    const follower = follow(all, controller, first.position);

    await follower.receivedCount(1);
    controller.abort();
    await follower.done;

    expect(follower.received.map((event) => event.id)).toEqual([second.id]);
  });

  it('ends promptly when aborted while idle, closing the subscription; opens nothing when already aborted', async () => {
    const all = new FakeAll();
    const controller = new AbortController();
    const follower = follow(all, controller);
    await new Promise((resolve) => setTimeout(resolve, 20));

    controller.abort();
    await follower.done;
    expect(all.closed).toBeGreaterThanOrEqual(1);
    expect(follower.drops).toEqual([]);

    const aborted = new AbortController();
    aborted.abort();
    const opened = all.openedAfter.length;
    const never = resubscribing({ after: undefined, signal: aborted.signal, open: all.open, comparePositions: compareEncodedPositions });
    const next = await never[Symbol.asyncIterator]().next();
    expect(next.done).toBe(true);
    expect(all.openedAfter.length).toBe(opened);
  });

  it('ends during a backoff wait when aborted', async () => {
    const all = new FakeAll();
    all.failNextOpens = 1;
    const controller = new AbortController();
    const iterator = resubscribing({
      after: undefined,
      signal: controller.signal,
      open: all.open,
      comparePositions: compareEncodedPositions,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      onDrop: () => setTimeout(() => controller.abort(), 10),
    })[Symbol.asyncIterator]();

    const startedAt = Date.now();
    expect((await iterator.next()).done).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('closes the subscription when the consumer stops early', async () => {
    const all = new FakeAll();
    all.append();
    all.append();
    for await (const event of resubscribing({
      after: undefined,
      signal: new AbortController().signal,
      open: all.open,
      comparePositions: compareEncodedPositions,
    })) {
      expect(event).toBeDefined();
      break;
    }
    expect(all.closed).toBe(1);
  });
});

describe('backoffDelay', () => {
  const options = { initialMs: 250, maxMs: 30_000 };

  it('doubles per attempt up to the maximum, half of each step fixed and half jitter', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, options, () => 0))).toEqual([125, 250, 500, 1000]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, options, () => 1))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelay(20, options, () => 0)).toBe(15_000);
    expect(backoffDelay(20, options, () => 1)).toBe(30_000);
    expect(backoffDelay(1_000, options, () => 0.5)).toBe(22_500);
  });
});
