/**
 * The one contract every EventStore adapter passes (ARCHITECTURE.md, "one shared contract test
 * suite"). Each adapter's spec supplies only a factory.
 *
 * Written for shared servers too (EventStoreDB): every test uses fresh stream names, reads the
 * global log from the head it saw before appending, and looks only at its own streams; so it
 * never assumes an empty store or that nobody else is writing.
 */
import { randomUUID } from 'node:crypto';
import {
  ConcurrencyConflict,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from './event-store.port';
import { examStream, learnerStream } from './stream-names';

export interface EventStoreUnderTest {
  store: EventStore;
  teardown: () => Promise<void>;
}

export function eventStoreContract(name: string, factory: () => Promise<EventStoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let teardown: () => Promise<void>;
    const subscriptions: AbortController[] = [];

    beforeEach(async () => {
      ({ store, teardown } = await factory());
    });

    afterEach(async () => {
      for (const subscription of subscriptions.splice(0)) subscription.abort();
      await teardown();
    });

    function newSubscription(): AbortController {
      const controller = new AbortController();
      subscriptions.push(controller);
      return controller;
    }

    /** This test's events in global order, read from the head seen before the test appended. */
    async function readAllOf(streams: string[], after: Position | undefined): Promise<RecordedEvent[]> {
      const all = await store.readAll(after === undefined ? {} : { after });
      return all.filter((event) => streams.includes(event.stream));
    }

    describe('append', () => {
      it('creates a stream with no_stream and numbers revisions from 0', async () => {
        const stream = examStream(randomUUID());
        const [created, sampleA, sampleB] = [examCreated(), sampleUploaded(), sampleUploaded()];

        const first = await store.append(stream, [created], 'no_stream');
        const second = await store.append(stream, [sampleA], 0);
        const third = await store.append(stream, [sampleB], 1);

        expect([first.revision, second.revision, third.revision]).toEqual([0, 1, 2]);
        expect([first.deduplicated, second.deduplicated, third.deduplicated]).toEqual([false, false, false]);
        const recorded = await store.readStream(stream);
        expect(recorded.map((event) => [event.id, event.revision])).toEqual([
          [created.id, 0],
          [sampleA.id, 1],
          [sampleB.id, 2],
        ]);
        expect(recorded.map((event) => event.position)).toEqual([first.position, second.position, third.position]);
      });

      it('rejects a wrong expected revision with ConcurrencyConflict and writes nothing', async () => {
        const stream = examStream(randomUUID());
        await store.append(stream, [examCreated(), sampleUploaded()], 'no_stream');
        const before = await store.readStream(stream);

        const ahead = sampleUploaded();
        await expect(store.append(stream, [ahead], 5)).rejects.toThrow(ConcurrencyConflict);
        await expect(store.append(stream, [sampleUploaded()], 0)).rejects.toMatchObject({
          name: 'ConcurrencyConflict',
          stream,
          expected: 0,
          actual: 1,
        });

        expect(await store.readStream(stream)).toEqual(before);
        expect(await store.findEvent(ahead.id)).toBeUndefined();
      });

      it('rejects an expected revision on a stream that does not exist', async () => {
        const stream = examStream(randomUUID());

        await expect(store.append(stream, [examCreated()], 0)).rejects.toMatchObject({
          name: 'ConcurrencyConflict',
          stream,
          expected: 0,
          actual: 'no_stream',
        });
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('rejects no_stream when the stream exists', async () => {
        const stream = examStream(randomUUID());
        await store.append(stream, [examCreated()], 'no_stream');

        const conflict = await store.append(stream, [examCreated()], 'no_stream').catch((error: unknown) => error);

        expect(conflict).toBeInstanceOf(ConcurrencyConflict);
        expect(conflict).toMatchObject({ stream, expected: 'no_stream', actual: 0 });
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it("appends with 'any' to a new and to an existing stream", async () => {
        const stream = learnerStream(randomUUID());

        const first = await store.append(stream, [examCreated()], 'any');
        const second = await store.append(stream, [sampleUploaded(), sampleUploaded()], 'any');

        expect(first.revision).toBe(0);
        expect(second.revision).toBe(2);
        expect((await store.readStream(stream)).map((event) => event.revision)).toEqual([0, 1, 2]);
      });

      it('writes a batch as consecutive revisions, contiguous in the global order, and answers its last event', async () => {
        const stream = examStream(randomUUID());
        const batch = [examCreated(), sampleUploaded(), sampleUploaded()];

        const result = await store.append(stream, batch, 'no_stream');

        const recorded = await store.readStream(stream);
        expect(recorded.map((event) => event.id)).toEqual(batch.map((event) => event.id));
        expect(recorded.map((event) => event.revision)).toEqual([0, 1, 2]);
        expect(result).toEqual({ revision: 2, position: recorded[2].position, deduplicated: false });
        const followingFirst = await store.readAll({ after: recorded[0].position, limit: 2 });
        expect(followingFirst.map((event) => event.id)).toEqual([batch[1].id, batch[2].id]);
      });

      it('writes none of a batch that conflicts', async () => {
        const stream = examStream(randomUUID());
        await store.append(stream, [examCreated()], 'no_stream');
        const batch = [sampleUploaded(), sampleUploaded(), sampleUploaded()];

        await expect(store.append(stream, batch, 3)).rejects.toThrow(ConcurrencyConflict);

        expect(await store.readStream(stream)).toHaveLength(1);
        for (const event of batch) expect(await store.findEvent(event.id)).toBeUndefined();
      });

      it('answers a retry with the same event ids with the first result, deduplicated, storing nothing new', async () => {
        const stream = examStream(randomUUID());
        const head = await store.headPosition();
        const batch = [examCreated(), sampleUploaded()];

        const first = await store.append(stream, batch, 'no_stream', RETRYABLE);
        const retry = await store.append(stream, batch, 'no_stream', RETRYABLE);
        const retryOfOne = await store.append(stream, [batch[0]], 'no_stream', RETRYABLE);

        expect(first.deduplicated).toBe(false);
        expect(retry).toEqual({ revision: first.revision, position: first.position, deduplicated: true });
        expect(retryOfOne.deduplicated).toBe(true);
        expect(retryOfOne.revision).toBe(0);
        expect(await store.readStream(stream)).toHaveLength(2);
        expect(await readAllOf([stream], head)).toHaveLength(2);
      });

      it('answers a retry with its original expected revision even after the stream moved on', async () => {
        const stream = examStream(randomUUID());
        const created = examCreated();
        const sample = sampleUploaded();
        await store.append(stream, [created], 'no_stream');
        const first = await store.append(stream, [sample], 0, RETRYABLE);
        await store.append(stream, [sampleUploaded()], 1);

        const retry = await store.append(stream, [sample], 0, RETRYABLE);

        expect(retry).toEqual({ revision: 1, position: first.position, deduplicated: true });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it.each([
        ['an exact revision', 0 as const],
        ['no_stream', 'no_stream' as const],
      ])(
        'answers racing twins with the same event ids but different bodies (expecting %s): one writes, the other is told it was deduplicated',
        async (_label, expected) => {
          // One Idempotency-Key sent twice with different bodies, by two processes at once: the ids
          // match, the contents do not. Only the first body may be stored, and the twin must learn
          // that it was not (so the application can answer IDEMPOTENCY_KEY_REUSED).
          const stream = examStream(randomUUID());
          if (expected === 0) await store.append(stream, [examCreated()], 'no_stream');
          const id = randomUUID();
          const twinA: NewEvent = { ...examHandedIn(), id, data: { attempt: 1, files: ['a'] } };
          const twinB: NewEvent = { ...examHandedIn(), id, data: { attempt: 1, files: ['b'] } };

          const [resultA, resultB] = await Promise.all([
            store.append(stream, [twinA], expected, RETRYABLE),
            store.append(stream, [twinB], expected, RETRYABLE),
          ]);

          expect([resultA.deduplicated, resultB.deduplicated].sort()).toEqual([false, true]);
          const writer = resultA.deduplicated ? twinB : twinA;
          const stored = await store.findEvent(id);
          expect(stored?.data).toEqual(writer.data);
          expect(stored?.metadata).toEqual(writer.metadata);
          expect(resultA).toEqual({ ...resultB, deduplicated: resultA.deduplicated });
          expect((await store.readStream(stream)).filter((event) => event.id === id)).toHaveLength(1);
        },
      );

      it.each([
        ['an exact revision', 0 as const],
        ['no_stream', 'no_stream' as const],
      ])('lets exactly one of two concurrent appends expecting %s win', async (_label, expected) => {
        const stream = examStream(randomUUID());
        if (expected === 0) await store.append(stream, [examCreated()], 'no_stream');
        const before = (await store.readStream(stream)).length;
        const [handInA, handInB] = [examHandedIn(), examHandedIn()];

        const outcomes = await Promise.allSettled([store.append(stream, [handInA], expected), store.append(stream, [handInB], expected)]);

        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toBeInstanceOf(ConcurrencyConflict);
        const recorded = await store.readStream(stream);
        expect(recorded).toHaveLength(before + 1);
        const winner = outcomes[0].status === 'fulfilled' ? handInA : handInB;
        expect(recorded[recorded.length - 1].id).toBe(winner.id);
      });
    });

    describe('reading', () => {
      it('reads a missing stream as []', async () => {
        expect(await store.readStream(examStream(randomUUID()))).toEqual([]);
      });

      it('reads a stream from a revision on, and [] past its end', async () => {
        const stream = examStream(randomUUID());
        await store.append(stream, [examCreated(), sampleUploaded(), sampleUploaded()], 'no_stream');
        const all = await store.readStream(stream);

        expect(await store.readStream(stream, 0)).toEqual(all);
        expect(await store.readStream(stream, 1)).toEqual(all.slice(1));
        expect(await store.readStream(stream, 2)).toEqual(all.slice(2));
        expect(await store.readStream(stream, 3)).toEqual([]);
        expect(await store.readStream(examStream(randomUUID()), 1)).toEqual([]);
        await expect(store.readStream(stream, -1)).rejects.toThrow(RangeError);
        await expect(store.readStream(stream, 0.5)).rejects.toThrow(RangeError);
      });

      it('records stream, revision, position and time with each event', async () => {
        const stream = examStream(randomUUID());
        const created = examCreated();
        const startedAt = Date.now();

        const result = await store.append(stream, [created], 'no_stream');

        const [recorded] = await store.readStream(stream);
        expect(recorded).toEqual({
          ...created,
          stream,
          revision: 0,
          position: result.position,
          recordedAt: expect.any(String),
        });
        const recordedAt = Date.parse(recorded.recordedAt);
        expect(recordedAt).toBeGreaterThanOrEqual(startedAt - 60_000);
        expect(recordedAt).toBeLessThanOrEqual(Date.now() + 60_000);
      });

      it('reads all streams in global append order, strictly after a position, up to a limit', async () => {
        const [exam, learner] = [examStream(randomUUID()), learnerStream(randomUUID())];
        const head = await store.headPosition();
        const appended = [examCreated(), sampleUploaded(), sampleUploaded(), examHandedIn()];
        await store.append(exam, [appended[0]], 'no_stream');
        await store.append(learner, [appended[1]], 'no_stream');
        await store.append(exam, [appended[2]], 0);
        await store.append(learner, [appended[3]], 0);

        const mine = await readAllOf([exam, learner], head);
        expect(mine.map((event) => event.id)).toEqual(appended.map((event) => event.id));
        expect(mine.map((event) => event.stream)).toEqual([exam, learner, exam, learner]);

        const afterSecond = await readAllOf([exam, learner], mine[1].position);
        expect(afterSecond.map((event) => event.id)).toEqual([appended[2].id, appended[3].id]);

        const [next] = await store.readAll({ after: mine[0].position, limit: 1 });
        expect(store.comparePositions(next.position, mine[0].position)).toBeGreaterThan(0);
        expect(store.comparePositions(next.position, mine[1].position)).toBeLessThanOrEqual(0);
        expect(await store.readAll({ after: mine[0].position, limit: 2 })).toHaveLength(2);

        const paged: RecordedEvent[] = [];
        let cursor = head;
        for (;;) {
          const page = await store.readAll(cursor === undefined ? { limit: 2 } : { after: cursor, limit: 2 });
          expect(page.length).toBeLessThanOrEqual(2);
          if (page.length === 0) break;
          paged.push(...page);
          cursor = page[page.length - 1].position;
        }
        expect(paged.filter((event) => [exam, learner].includes(event.stream))).toEqual(mine);
      });

      it('gives strictly increasing positions that comparePositions orders consistently', async () => {
        const streams = [examStream(randomUUID()), examStream(randomUUID())];
        const head = await store.headPosition();
        for (let round = 0; round < 6; round += 1) {
          const stream = streams[round % 2];
          await store.append(stream, [sampleUploaded()], 'any');
        }
        await store.append(streams[0], [sampleUploaded(), sampleUploaded()], 'any');

        const positions = (await readAllOf(streams, head)).map((event) => event.position);
        expect(positions).toHaveLength(8);
        for (let i = 1; i < positions.length; i += 1) {
          expect(store.comparePositions(positions[i - 1], positions[i])).toBeLessThan(0);
          expect(store.comparePositions(positions[i], positions[i - 1])).toBeGreaterThan(0);
          expect(store.comparePositions(positions[i], positions[i])).toBe(0);
        }
        const shuffled = [...positions].reverse();
        shuffled.push(shuffled.splice(2, 1)[0]);
        expect(shuffled.sort((a, b) => store.comparePositions(a, b))).toEqual(positions);
        if (head !== undefined) expect(store.comparePositions(head, positions[0])).toBeLessThan(0);
      });

      it('finds a stored event by id, and nothing for an unknown id', async () => {
        const stream = examStream(randomUUID());
        const [created, sample] = [examCreated(), sampleUploaded()];
        await store.append(stream, [created, sample], 'no_stream', RETRYABLE);

        const found = await store.findEvent(created.id);

        expect(found).toEqual((await store.readStream(stream))[0]);
        expect(await store.findEvent(randomUUID())).toBeUndefined();
      });

      it('reports the head position: none for an empty store, at or after the newest append otherwise', async () => {
        const head = await store.headPosition();
        const anyEvent = await store.readAll({ limit: 1 });
        expect(head === undefined).toBe(anyEvent.length === 0);

        const stream = examStream(randomUUID());
        const first = await store.append(stream, [examCreated()], 'no_stream');
        const firstHead = await store.headPosition();
        const second = await store.append(stream, [sampleUploaded(), sampleUploaded()], 0);
        const secondHead = await store.headPosition();

        expect(firstHead).toBeDefined();
        expect(secondHead).toBeDefined();
        expect(store.comparePositions(firstHead!, first.position)).toBeGreaterThanOrEqual(0);
        expect(store.comparePositions(secondHead!, second.position)).toBeGreaterThanOrEqual(0);
        expect(store.comparePositions(secondHead!, firstHead!)).toBeGreaterThan(0);
      });

      it('round-trips data and metadata exactly', async () => {
        const stream = examStream(randomUUID());
        const event: NewEvent = {
          id: randomUUID(),
          type: 'AssessmentRecorded',
          data: {
            title: 'Prüfung – 試験 – امتحان – 🎓👩🏽‍🏫 – e\u0301',
            escapes: 'quote " backslash \\ newline \n tab \t nul \u0000',
            empty: '',
            numbers: [0, -1, 1.5, 0.1, 1e-7, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
            flags: { passed: true, retake: false, note: null },
            nested: {
              criteria: [{ id: 'c-1', points: 3, comments: ['ok', { inline: 'läuft' }] }],
              deeper: { a: { b: { c: [] } } },
            },
            emptyObject: {},
          },
          metadata: {
            ...metadata(),
            actorRole: 'assessor',
            prevHash: 'a'.repeat(64),
            hash: 'b'.repeat(64),
            requestId: 'req-ü-1',
            client: { app: 'learner', version: [1, 2, 3] },
          },
        };

        const { position } = await store.append(stream, [event], 'no_stream', RETRYABLE);

        const expected = { ...event, stream, revision: 0, position, recordedAt: expect.any(String) };
        expect(await store.readStream(stream)).toEqual([expected]);
        expect(await store.findEvent(event.id)).toEqual(expected);
        const [viaAll] = await readAllOf([stream], undefined);
        expect(viaAll).toEqual(expected);
        expect(Object.keys(viaAll.data)).toEqual(Object.keys(event.data));
      });
    });

    describe('subscribeAll', () => {
      it('catches up from a position (exclusive), then receives live appends in order until aborted', async () => {
        const stream = examStream(randomUUID());
        const [created, sampleA] = [examCreated(), sampleUploaded()];
        const createdAt = await store.append(stream, [created], 'no_stream');
        await store.append(stream, [sampleA], 0);
        const [liveA, liveB, liveC] = [sampleUploaded(), sampleUploaded(), examHandedIn()];

        const controller = newSubscription();
        const received: RecordedEvent[] = [];
        let caughtUp!: () => void;
        const caughtUpPromise = new Promise<void>((resolve) => (caughtUp = resolve));
        const consumed = (async () => {
          for await (const event of store.subscribeAll(createdAt.position, controller.signal)) {
            if (event.stream !== stream) continue;
            received.push(event);
            if (event.id === sampleA.id) caughtUp();
            if (event.id === liveC.id) controller.abort();
          }
        })();

        await within(10_000, 'catch-up', caughtUpPromise);
        await sleep(50); // let the subscription go idle, so the appends below must wake it
        await store.append(stream, [liveA], 1, RETRYABLE);
        await store.append(stream, [liveB, liveC], 2);
        await within(10_000, 'live appends, then the end after abort', consumed);

        expect(received.map((event) => event.id)).toEqual([sampleA.id, liveA.id, liveB.id, liveC.id]);
        expect(received.map((event) => event.revision)).toEqual([1, 2, 3, 4]);
        expect(received[1]).toEqual(await store.findEvent(liveA.id));
      });

      it('subscribes from the start when no position is given', async () => {
        const stream = examStream(randomUUID());
        const created = examCreated();
        await store.append(stream, [created], 'no_stream');

        const controller = newSubscription();
        const received: RecordedEvent[] = [];
        await within(
          10_000,
          'catch-up from the start',
          (async () => {
            for await (const event of store.subscribeAll(undefined, controller.signal)) {
              received.push(event);
              if (event.id === created.id) controller.abort();
            }
          })(),
        );

        expect(received.at(-1)?.id).toBe(created.id);
        expect(received.filter((event) => event.id === created.id)).toHaveLength(1);
      });

      it('delivers a burst of concurrent appends across streams once each, in position order', async () => {
        const streams = Array.from({ length: 5 }, () => examStream(randomUUID()));
        const head = await store.headPosition();
        const perStream = 8;
        const total = streams.length * perStream;

        const controller = newSubscription();
        const received: RecordedEvent[] = [];
        const consumed = (async () => {
          for await (const event of store.subscribeAll(head, controller.signal)) {
            if (!streams.includes(event.stream)) continue;
            received.push(event);
            if (received.length === total) controller.abort();
          }
        })();

        await Promise.all(
          streams.map(async (stream) => {
            for (let revision = 0; revision < perStream; revision += 1) {
              await store.append(stream, [sampleUploaded()], revision === 0 ? 'no_stream' : revision - 1);
            }
          }),
        );
        await within(15_000, 'burst delivery', consumed);

        expect(received).toEqual(await readAllOf(streams, head));
        expect(new Set(received.map((event) => event.id)).size).toBe(total);
        for (let i = 1; i < received.length; i += 1) {
          expect(store.comparePositions(received[i - 1].position, received[i].position)).toBeLessThan(0);
        }
      });

      it('ends while idle when aborted, and yields nothing when already aborted', async () => {
        await store.append(examStream(randomUUID()), [examCreated()], 'no_stream');
        const head = await store.headPosition();

        const idle = newSubscription();
        const received: RecordedEvent[] = [];
        const consumed = (async () => {
          for await (const event of store.subscribeAll(head, idle.signal)) received.push(event);
        })();
        await sleep(50);
        idle.abort();
        await within(2_000, 'end after abort', consumed);

        const aborted = newSubscription();
        aborted.abort();
        const iterator = store.subscribeAll(undefined, aborted.signal)[Symbol.asyncIterator]();
        const next = await within(2_000, 'already aborted', iterator.next());

        expect(next.done).toBe(true);
        for (const event of received) expect(store.comparePositions(event.position, head!)).toBeGreaterThan(0);
      });
    });
  });
}

/** What the application passes for a command with an Idempotency-Key. */
const RETRYABLE = { retryable: true };

function metadata(): EventMetadata {
  return {
    actorId: `coach-${randomUUID()}`,
    actorRole: 'coach',
    occurredAt: '2025-03-14T09:26:53.589Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
  };
}

function examCreated(): NewEvent {
  return {
    id: randomUUID(),
    type: 'ExamCreated',
    data: { title: 'Final practical', maxAttempts: 2 },
    metadata: metadata(),
  };
}

function sampleUploaded(): NewEvent {
  return {
    id: randomUUID(),
    type: 'SampleUploaded',
    data: { sampleId: randomUUID(), sha256: 'f'.repeat(64) },
    metadata: metadata(),
  };
}

function examHandedIn(): NewEvent {
  return { id: randomUUID(), type: 'ExamHandedIn', data: { attempt: 1, files: [randomUUID()] }, metadata: metadata() };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
