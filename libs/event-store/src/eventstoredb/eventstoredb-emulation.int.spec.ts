import { randomUUID } from 'node:crypto';
import { binaryEvent, EventStoreDBClient, NO_STREAM } from '@eventstore/db-client';
import { eventStoreContract } from '../event-store.contract';
import { AppendTooLarge, ConcurrencyConflict, type NewEvent } from '../event-store.port';
import { examStream } from '../stream-names';
import { EventStoreDbEventStore, type SkippedEvent } from './eventstoredb-event-store';
import type { SubscriptionDrop } from './resubscribe';
import { DEFAULT_MAX_APPEND_SIZE, EmulatedEventStoreDbServer } from './testing/emulated-eventstoredb-server';

/*
 * The whole EventStore contract through the real @eventstore/db-client, over real gRPC, against an
 * EMULATION of EventStoreDB's gRPC API (testing/emulated-eventstoredb-server.ts; its assumed server
 * behaviour is listed in testing/STAND-IN.md). It shows that the adapter and the client agree on the
 * wire; the real server's behaviour is the EVENTSTORE_URL tier (eventstoredb-event-store.int.spec.ts).
 */
describe('EventStoreDB adapter against the gRPC emulation (not a real EventStoreDB)', () => {
  let server: EmulatedEventStoreDbServer & { url: string };
  beforeAll(async () => {
    server = await EmulatedEventStoreDbServer.start();
  });
  afterAll(() => server.stop());

  eventStoreContract('eventstoredb adapter + real client over gRPC, emulated server', async () => {
    const store = EventStoreDbEventStore.connect(server.url);
    return { store, teardown: () => store.close() };
  });
});

describe('EventStoreDB adapter against the gRPC emulation: what the real client does on the wire', () => {
  let server: EmulatedEventStoreDbServer & { url: string };
  let store: EventStoreDbEventStore;
  let skipped: SkippedEvent[];
  let drops: SubscriptionDrop[];

  beforeAll(async () => {
    server = await EmulatedEventStoreDbServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    skipped = [];
    drops = [];
    store = EventStoreDbEventStore.connect(server.url, {
      resubscribeBackoff: { initialMs: 5, maxMs: 20 },
      onSubscriptionDropped: (drop) => drops.push(drop),
      onEventSkipped: (event) => skipped.push(event),
    });
  });
  afterEach(() => store.close());

  /** Client calls and durable writes one append costs, counted by the server. */
  async function cost(append: () => Promise<unknown>): Promise<{ calls: number; writes: number }> {
    const [reads, writes] = [server.calls.read, server.calls.append];
    await append();
    const written = server.calls.append - writes;
    return { calls: server.calls.read - reads + written, writes: written };
  }

  it('costs 3 calls and 2 writes per keyed append of any size, 2 calls and 1 write per unkeyed one', async () => {
    const figures = {
      keyedOne: await cost(() => store.append(examStream(randomUUID()), [event()], 'no_stream', { retryable: true })),
      keyedFive: await cost(() => store.append(examStream(randomUUID()), [1, 2, 3, 4, 5].map(event), 'no_stream', { retryable: true })),
      unkeyedOne: await cost(() => store.append(examStream(randomUUID()), [event()], 'no_stream')),
      unkeyedFive: await cost(() => store.append(examStream(randomUUID()), [1, 2, 3, 4, 5].map(event), 'no_stream')),
    };

    // claim (expecting no index stream) + append + read-back; an unkeyed command skips the claim.
    expect(figures).toEqual({
      keyedOne: { calls: 3, writes: 2 },
      keyedFive: { calls: 3, writes: 2 },
      unkeyedOne: { calls: 2, writes: 1 },
      unkeyedFive: { calls: 2, writes: 1 },
    });
  });

  it('answers a conflict with ConcurrencyConflict also when the URL sets throwOnAppendFailure=false', async () => {
    const lenient = EventStoreDbEventStore.connect(`${server.url}&throwOnAppendFailure=false`);
    try {
      const stream = examStream(randomUUID());
      await lenient.append(stream, [event()], 'no_stream');

      await expect(lenient.append(stream, [event()], 5)).rejects.toMatchObject({ name: 'ConcurrencyConflict', expected: 5, actual: 0 });
      await expect(lenient.append(examStream(randomUUID()), [event()], 0)).rejects.toMatchObject({
        name: 'ConcurrencyConflict',
        actual: 'no_stream',
      });
      await expect(lenient.append(stream, [event()], 'no_stream', { retryable: true })).rejects.toBeInstanceOf(ConcurrencyConflict);
      expect(await lenient.readStream(stream)).toHaveLength(1);
    } finally {
      await lenient.close();
    }
  });

  it('reads one event of $all backwards for the head position when the newest event is ours', async () => {
    const { position } = await store.append(examStream(randomUUID()), [event()], 'no_stream');
    const before = server.reads.length;

    expect(await store.headPosition()).toBe(position);

    expect(server.reads.slice(before)).toEqual([{ from: '$all', backwards: true, count: 1 }]);
  });

  it('skips an event of our categories that is not JSON, reports it once, and goes on without resubscribing', async () => {
    const head = await store.headPosition();
    const stream = examStream(randomUUID());
    const raw = EventStoreDBClient.connectionString(server.url);
    const foreign = binaryEvent({ type: 'HandWritten', data: Buffer.from('not json') });
    await raw.appendToStream(stream, foreign, { expectedRevision: NO_STREAM });
    await raw.dispose();
    const after = event();
    await store.append(stream, [after], 0);

    const controller = new AbortController();
    const received: string[] = [];
    const consumed = (async () => {
      for await (const recorded of store.subscribeAll(head, controller.signal)) {
        received.push(recorded.id);
        if (recorded.id === after.id) controller.abort();
      }
    })();
    await Promise.race([consumed, new Promise((_, reject) => setTimeout(() => reject(new Error('subscription stuck')), 5_000))]);

    expect(received).toEqual([after.id]);
    expect(drops).toEqual([]);
    expect(skipped).toEqual([
      { stream, eventId: foreign.id, type: 'HandWritten', position: expect.any(String), reason: expect.stringMatching(/not a JSON event/) },
    ]);
    expect((await store.readAll(head === undefined ? {} : { after: head })).map((recorded) => recorded.id)).toEqual([after.id]);
  });

  it("refuses a batch over the server's append size limit with AppendTooLarge, naming the limit", async () => {
    const stream = examStream(randomUUID());
    const huge = { ...event(), data: { text: 'x'.repeat(DEFAULT_MAX_APPEND_SIZE) } };

    await expect(store.append(stream, [huge], 'no_stream')).rejects.toEqual(new AppendTooLarge(stream, DEFAULT_MAX_APPEND_SIZE));
    expect(await store.readStream(stream)).toEqual([]);
  });
});

function event(n = 0): NewEvent {
  return {
    id: randomUUID(),
    type: 'SampleUploaded',
    data: { n },
    metadata: {
      actorId: 'coach-1',
      actorRole: 'coach',
      occurredAt: '2026-01-01T00:00:00.000Z',
      correlationId: 'c',
      causationId: 'c',
      schemaVersion: 1,
    },
  };
}
