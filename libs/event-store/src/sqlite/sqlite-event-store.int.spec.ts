import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventStoreContract } from '../event-store.contract';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { examStream } from '../stream-names';
import { SqliteEventStore } from './sqlite-event-store';

const tempDir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
let files = 0;
const nextFile = (): string => join(tempDir, `events-${++files}.sqlite`);

afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

eventStoreContract('sqlite', async () => {
  const store = new SqliteEventStore(nextFile());
  return { store, teardown: () => store.close() };
});

describe('SqliteEventStore (SQLite only)', () => {
  const opened: SqliteEventStore[] = [];
  const open = (filePath: string, pollIntervalMs?: number): SqliteEventStore => {
    const store = new SqliteEventStore(filePath, { pollIntervalMs });
    opened.push(store);
    return store;
  };

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  it('applies WAL, synchronous=FULL and a busy timeout on its connection', () => {
    const filePath = nextFile();
    const store = open(filePath);

    expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'FULL', busyTimeoutMs: 5000 });
    const raw = new Database(filePath, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal'); // WAL is recorded in the file
      const columns = raw.pragma('table_info(events)') as { name: string }[];
      expect(columns.map((column) => column.name)).toEqual([
        'position',
        'event_id',
        'stream',
        'revision',
        'type',
        'data',
        'metadata',
        'recorded_at',
      ]);
    } finally {
      raw.close();
    }
  });

  it('creates the parent directory of the file', async () => {
    const filePath = join(tempDir, 'nested', randomUUID(), 'events.sqlite');
    const store = open(filePath);

    await store.append(examStream(randomUUID()), [sampleEvent()], 'no_stream');

    expect(existsSync(filePath)).toBe(true);
  });

  it('encodes positions as decimal integers from 1 and compares them as numbers', async () => {
    const store = open(nextFile());
    const stream = examStream(randomUUID());

    const first = await store.append(stream, [sampleEvent()], 'no_stream');
    const second = await store.append(stream, [sampleEvent(), sampleEvent()], 0);

    expect([first.position, second.position]).toEqual(['1', '3']);
    expect(store.comparePositions('9', '10')).toBeLessThan(0);
    expect(store.comparePositions('10', '9')).toBeGreaterThan(0);
    expect(() => store.comparePositions('C:1/P:1', '2')).toThrow(TypeError);
  });

  it('shares the file with a second instance, whose subscription picks up the first one’s appends by polling', async () => {
    const filePath = nextFile();
    const writer = open(filePath);
    const other = open(filePath, 100); // stands in for another process: no in-process wake-up from `writer`
    const stream = examStream(randomUUID());
    const [created, sample] = [sampleEvent(), sampleEvent()];
    await writer.append(stream, [created], 'no_stream');

    expect(await other.readStream(stream)).toEqual(await writer.readStream(stream));
    expect(await other.headPosition()).toBe('1');

    const controller = new AbortController();
    const received: RecordedEvent[] = [];
    let caughtUp!: () => void;
    const caughtUpPromise = new Promise<void>((resolve) => (caughtUp = resolve));
    const consumed = (async () => {
      for await (const event of other.subscribeAll(undefined, controller.signal)) {
        received.push(event);
        if (event.id === created.id) caughtUp();
        if (event.id === sample.id) controller.abort();
      }
    })();
    await caughtUpPromise;
    await sleep(250); // idle through a few polls first
    const appendedAt = Date.now();
    await writer.append(stream, [sample], 0);
    await consumed;

    expect(Date.now() - appendedAt).toBeLessThan(2000);
    expect(received.map((event) => event.id)).toEqual([created.id, sample.id]);
    await expect(other.append(stream, [sampleEvent()], 0)).rejects.toMatchObject({
      name: 'ConcurrencyConflict',
      actual: 1,
    });
  });

  it('reads a page once for the subscriptions an append wakes together (each gets the same parsed events)', async () => {
    const store = open(nextFile());
    const controller = new AbortController();
    const follow = async () => {
      for await (const event of store.subscribeAll(undefined, controller.signal)) return event;
    };
    const followers = [follow(), follow(), follow()];
    await sleep(20); // all three have read the empty log and wait
    await store.append(examStream(randomUUID()), [sampleEvent()], 'no_stream');
    const [first, ...others] = await Promise.all(followers);
    controller.abort();

    expect(first).toBeDefined();
    for (const other of others) expect(other).toBe(first);
    expect(await store.readAll()).not.toContain(first); // a read of its own still parses afresh
  });

  it('writes on a thread of its own, started by the first append: a store that only reads starts none', async () => {
    const { threadId } = await import('node:worker_threads');
    const filePath = nextFile();
    const writer = open(filePath);
    const reader = open(filePath);
    const threads = () => writer.writerThreadId();

    expect([threads(), reader.writerThreadId()]).toEqual([undefined, undefined]);
    await writer.append(examStream(randomUUID()), [sampleEvent()], 'no_stream');
    expect(await reader.readAll()).toHaveLength(1);
    expect(threads()).toEqual(expect.any(Number));
    expect(threads()).not.toBe(threadId);
    expect(reader.writerThreadId()).toBeUndefined();
  });

  it('refuses what a crashed writer thread had not answered, and the next append starts another thread', async () => {
    const store = open(nextFile());
    const stream = examStream(randomUUID());
    await store.append(stream, [sampleEvent()], 'no_stream');
    const first = store.writerThreadId();

    const inFlight = sampleEvent();
    const answer = store.append(stream, [inFlight], 0).then(
      (result) => ({ result }),
      (error: Error) => ({ error }),
    );
    await new Promise((resolve) => setImmediate(resolve)); // the group is on its way to the thread
    await store.crashWriterThread();
    const outcome = await answer;

    // Refused unless the thread had committed and answered before it ended; either way the log agrees.
    const stored = await store.findEvent(inFlight.id);
    if ('error' in outcome) expect(outcome.error.message).toMatch(/writer thread ended/);
    else expect(stored).toMatchObject({ revision: outcome.result.revision });
    const next = await store.append(stream, [sampleEvent()], stored ? 1 : 0);
    expect(next.revision).toBe(stored ? 2 : 1);
    expect(store.writerThreadId()).not.toBe(first);
  });

  it('keeps every event, revision and position after close and reopen', async () => {
    const filePath = nextFile();
    const first = open(filePath);
    const stream = examStream(randomUUID());
    const result = await first.append(stream, [sampleEvent(), sampleEvent()], 'no_stream');
    const before = await first.readAll();
    await first.close();

    const reopened = open(filePath);

    expect(await reopened.readAll()).toEqual(before);
    expect(await reopened.headPosition()).toBe(result.position);
    expect(reopened.durability().synchronous).toBe('FULL');
    const next = await reopened.append(stream, [sampleEvent()], 1);
    expect(next).toMatchObject({ revision: 2, position: '3' });
  });

  it('writes nothing of a batch that fails partway (an event id already stored, not first in the batch)', async () => {
    const store = open(nextFile());
    const stream = examStream(randomUUID());
    const stored = sampleEvent();
    await store.append(stream, [stored], 'no_stream');
    const fresh = sampleEvent();

    await expect(store.append(stream, [fresh, stored], 0)).rejects.toThrow(/already stored/);
    await expect(store.append(stream, [fresh, fresh], 0)).rejects.toThrow(/twice/);

    expect(await store.readAll()).toHaveLength(1);
    expect(await store.findEvent(fresh.id)).toBeUndefined();
  });

  it('refuses an event id already stored on another stream rather than answer that stream’s result', async () => {
    const store = open(nextFile());
    const event = sampleEvent();
    await store.append(examStream(randomUUID()), [event], 'no_stream');

    await expect(store.append(examStream(randomUUID()), [event], 'no_stream')).rejects.toThrow(/another|already stored on stream/);
  });

  describe('group commit', () => {
    it('commits the appends of one event-loop turn in one transaction, each on its own stream', async () => {
      const store = open(nextFile());
      const streams = Array.from({ length: 20 }, () => examStream(randomUUID()));

      const results = await Promise.all(streams.map((stream) => store.append(stream, [sampleEvent(), sampleEvent()], 'no_stream')));

      expect(store.groupCommits()).toEqual({ transactions: 1, appends: 20 });
      expect(results.map((result) => result.revision)).toEqual(streams.map(() => 1));
      expect(new Set(results.map((result) => result.position)).size).toBe(20);
      expect(await store.readAll()).toHaveLength(40);
    });

    it('refuses only the append that lost the race; the rest of the group is committed', async () => {
      const store = open(nextFile());
      const contested = examStream(randomUUID());
      await store.append(contested, [sampleEvent()], 'no_stream');
      const [winner, loser, other] = [sampleEvent(), sampleEvent(), sampleEvent()];
      const stale = sampleEvent();
      const staleStream = examStream(randomUUID());

      const outcomes = await Promise.allSettled([
        store.append(contested, [winner], 0),
        store.append(contested, [loser], 0),
        store.append(staleStream, [stale, stale], 'no_stream'), // refused: one id twice in a batch
        store.append(examStream(randomUUID()), [other], 'no_stream'),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect(outcomes[1]).toMatchObject({ reason: { name: 'ConcurrencyConflict' } });
      expect(store.groupCommits().transactions).toBe(2);
      expect((await store.readStream(contested)).map((event) => event.id)).toEqual([expect.any(String), winner.id]);
      expect(await store.findEvent(loser.id)).toBeUndefined();
      expect(await store.readStream(staleStream)).toEqual([]);
      expect(await store.findEvent(other.id)).toBeDefined();
    });

    it('answers an append only once another connection can read it from the file', async () => {
      const filePath = nextFile();
      const writer = open(filePath);
      const reader = open(filePath);
      const streams = Array.from({ length: 5 }, () => examStream(randomUUID()));

      const seen = await Promise.all(
        streams.map(async (stream) => {
          const event = sampleEvent();
          await writer.append(stream, [event], 'no_stream');
          return (await reader.findEvent(event.id))?.id === event.id;
        }),
      );

      expect(seen).toEqual([true, true, true, true, true]);
    });

    it('tells commit listeners of each commit that wrote, and a follower told so reads at once, not on its poll', async () => {
      const filePath = nextFile();
      const writer = open(filePath);
      const follower = open(filePath, 60_000); // it would otherwise look again only after a minute
      const controller = new AbortController();
      const received: RecordedEvent[] = [];
      const following = (async () => {
        for await (const event of follower.subscribeAll(undefined, controller.signal)) {
          received.push(event);
          controller.abort();
        }
      })();
      let commits = 0;
      writer.onCommit(() => {
        commits += 1;
        follower.appendedElsewhere(); // what npm start's supervisor does over IPC
      });
      await sleep(20); // the follower has read the empty log and waits

      await Promise.all([1, 2, 3].map(() => writer.append(examStream(randomUUID()), [sampleEvent()], 'no_stream')));
      await following;

      expect(commits).toBe(1);
      expect(received).toHaveLength(1);
    });

    it('writes appends still waiting for their group when the store closes', async () => {
      const filePath = nextFile();
      const store = new SqliteEventStore(filePath);
      const event = sampleEvent();

      const appended = store.append(examStream(randomUUID()), [event], 'no_stream');
      await store.close();

      await expect(appended).resolves.toMatchObject({ revision: 0 });
      expect(await open(filePath).findEvent(event.id)).toBeDefined();
    });
  });

  it('ends a running subscription when the store closes', async () => {
    const store = open(nextFile());
    const consumed = (async () => {
      const received: RecordedEvent[] = [];
      for await (const event of store.subscribeAll(undefined, new AbortController().signal)) received.push(event);
      return received;
    })();
    await sleep(30);

    await store.close();

    await expect(consumed).resolves.toEqual([]);
  });
});

function sampleEvent(): NewEvent {
  return {
    id: randomUUID(),
    type: 'SampleUploaded',
    data: { sampleId: randomUUID() },
    metadata: {
      actorId: 'coach-1',
      actorRole: 'coach',
      occurredAt: '2025-03-14T09:26:53.589Z',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
