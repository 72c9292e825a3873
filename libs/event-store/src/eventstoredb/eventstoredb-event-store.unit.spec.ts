import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '../event-store.contract';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { examStream, learnerStream } from '../stream-names';
import { EVENT_ID_INDEX_PREFIX, OWN_STREAM_PREFIXES } from './client-mapping';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import type { SubscriptionDrop } from './resubscribe';
import { FakeEventStoreDbClient } from './testing/fake-eventstoredb-client';

/*
 * The adapter's own logic (index, retries, paging $all, positions, resubscribing) against an
 * in-process fake of the client: the same contract as every adapter. The real server runs it in
 * eventstoredb-event-store.int.spec.ts when EVENTSTORE_URL is set.
 */
eventStoreContract('EventStoreDB adapter on a fake client (no server)', async () => {
  const store = new EventStoreDbEventStore(new FakeEventStoreDbClient().asClient());
  return { store, teardown: () => store.close() };
});

const RETRYABLE = { retryable: true };

describe('EventStoreDbEventStore on a fake client', () => {
  let fake: FakeEventStoreDbClient;
  let store: EventStoreDbEventStore;
  let drops: SubscriptionDrop[];

  beforeEach(() => {
    fake = new FakeEventStoreDbClient();
    drops = [];
    store = new EventStoreDbEventStore(fake.asClient(), {
      resubscribeBackoff: { initialMs: 5, maxMs: 20 },
      onSubscriptionDropped: (drop) => drops.push(drop),
    });
  });

  afterEach(() => store.close());

  it('claims the first event id of a retryable batch before its events, and nothing for an unkeyed batch', async () => {
    const [keyed, unkeyed] = [examStream(randomUUID()), examStream(randomUUID())];
    const batch = [sampleEvent(), sampleEvent()];

    await store.append(keyed, batch, 'no_stream', RETRYABLE);
    await store.append(unkeyed, [sampleEvent(), sampleEvent()], 'no_stream');

    const indexStreams = fake.streamNames().filter((name) => name.startsWith(EVENT_ID_INDEX_PREFIX));
    expect(indexStreams).toEqual([`${EVENT_ID_INDEX_PREFIX}${batch[0].id}`]);
    expect(OWN_STREAM_PREFIXES.some((prefix) => EVENT_ID_INDEX_PREFIX.startsWith(prefix))).toBe(false);
  });

  it('shows only our events in readAll, subscribeAll and headPosition, not the index, system or other streams', async () => {
    const stream = examStream(randomUUID());
    const mine = sampleEvent();
    await store.append(stream, [mine], 'no_stream');
    fake.writeForeign('$stats-127.0.0.1:2113', '$statsCollected');
    fake.writeForeign('orders-2', 'OrderPlaced');
    fake.writeForeign(`$$${stream}`, '$metadata');

    const all = await store.readAll();
    expect(all.map((event) => event.id)).toEqual([mine.id]);
    expect(await store.headPosition()).toBe(all[0].position);

    const controller = new AbortController();
    const received: RecordedEvent[] = [];
    const later = sampleEvent();
    const consumed = (async () => {
      for await (const event of store.subscribeAll(undefined, controller.signal)) {
        received.push(event);
        if (event.id === later.id) controller.abort();
      }
    })();
    fake.writeForeign('orders-3', 'OrderPlaced');
    await store.append(stream, [later], 0);
    await consumed;
    expect(received.map((event) => event.id)).toEqual([mine.id, later.id]);
  });

  it('pages through $all when our events are far apart', async () => {
    const stream = learnerStream(randomUUID());
    const first = sampleEvent();
    await store.append(stream, [first], 'no_stream');
    for (let i = 0; i < 1200; i += 1) fake.writeForeign(`orders-${i}`, 'OrderPlaced');
    const second = sampleEvent();
    await store.append(stream, [second], 0);
    for (let i = 0; i < 700; i += 1) fake.writeForeign(`$stats-${i}`, '$statsCollected');

    expect((await store.readAll()).map((event) => event.id)).toEqual([first.id, second.id]);
    const [afterFirst] = await store.readAll({ after: (await store.readStream(stream))[0].position, limit: 1 });
    expect(afterFirst.id).toBe(second.id);
    expect(await store.headPosition()).toBe(afterFirst.position);
  });

  it('resubscribes after a dropped subscription from the last event it delivered, delivering each event once', async () => {
    const stream = examStream(randomUUID());
    const events = [sampleEvent(), sampleEvent(), sampleEvent(), sampleEvent()];
    await store.append(stream, [events[0]], 'no_stream');
    await store.append(stream, [events[1]], 0);

    const controller = new AbortController();
    const received: RecordedEvent[] = [];
    let gotTwo!: () => void;
    const twoReceived = new Promise<void>((resolve) => (gotTwo = resolve));
    const consumed = (async () => {
      for await (const event of store.subscribeAll(undefined, controller.signal)) {
        received.push(event);
        if (received.length === 2) gotTwo();
        if (event.id === events[3].id) controller.abort();
      }
    })();
    await twoReceived;

    fake.dropSubscriptions(new Error('leader changed'));
    await store.append(stream, [events[2]], 1); // appended while no subscription is open
    await new Promise((resolve) => setTimeout(resolve, 30));
    fake.dropSubscriptions(); // and once more, ended by the server
    await store.append(stream, [events[3]], 2);
    await consumed;

    expect(received.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect(drops.length).toBeGreaterThanOrEqual(2);
    expect(drops[0]).toMatchObject({ error: new Error('leader changed'), attempt: 1, resumeAfter: received[1].position });
    expect(fake.subscriptionsOpened).toBeGreaterThanOrEqual(3);
  });

  it('ends a running subscription when the store closes', async () => {
    const consumed = (async () => {
      const received: RecordedEvent[] = [];
      for await (const event of store.subscribeAll(undefined, new AbortController().signal)) received.push(event);
      return received;
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));

    await store.close();

    await expect(consumed).resolves.toEqual([]);
    await expect(store.readAll()).rejects.toThrow(/closed/);
  });

  it('answers two copies of one retry racing past the lookup alike, storing the batch once', async () => {
    const stream = examStream(randomUUID());
    const batch = [sampleEvent(), sampleEvent()];

    const [one, other] = await Promise.all([
      store.append(stream, batch, 'no_stream', RETRYABLE),
      store.append(stream, batch, 'no_stream', RETRYABLE),
    ]);

    expect({ revision: other.revision, position: other.position }).toEqual({ revision: one.revision, position: one.position });
    expect(await store.readStream(stream)).toHaveLength(2);
    expect((await store.append(stream, batch, 'no_stream', RETRYABLE)).deduplicated).toBe(true);
  });

  it("finds an event appended with 'any' through its claim without a revision", async () => {
    const stream = learnerStream(randomUUID());
    await store.append(stream, [sampleEvent()], 'any');
    const later = sampleEvent();
    await store.append(stream, [later], 'any', RETRYABLE);

    expect(await store.findEvent(later.id)).toMatchObject({ id: later.id, stream, revision: 1 });
    expect(await store.append(stream, [later], 'any', RETRYABLE)).toMatchObject({ revision: 1, deduplicated: true });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('finds an event whose first append conflicted and whose second, with the same id, succeeded', async () => {
    const stream = examStream(randomUUID());
    await store.append(stream, [sampleEvent(), sampleEvent()], 'no_stream');
    const handIn = sampleEvent();

    await expect(store.append(stream, [handIn], 0, RETRYABLE)).rejects.toMatchObject({ name: 'ConcurrencyConflict', actual: 1 });
    expect(await store.findEvent(handIn.id)).toBeUndefined();
    await store.append(stream, [handIn], 1, RETRYABLE);

    expect(await store.findEvent(handIn.id)).toMatchObject({ id: handIn.id, revision: 2 });
  });

  it('refuses a retryable event id already stored on another stream', async () => {
    // Only the first id of a batch is looked up (answerRetry lets it decide): a later id stored
    // before, with a new first id, is a caller bug that SQLite refuses and this adapter does not see.
    const stored = sampleEvent();
    const stream = examStream(randomUUID());
    await store.append(stream, [stored], 'no_stream', RETRYABLE);

    await expect(store.append(examStream(randomUUID()), [stored], 'no_stream', RETRYABLE)).rejects.toThrow(/already stored on stream/);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('refuses ids that are not UUIDs and negative expected revisions before writing anything', async () => {
    const stream = examStream(randomUUID());
    await expect(store.append(stream, [{ ...sampleEvent(), id: 'key-1' }], 'no_stream')).rejects.toThrow(/not a UUID/);
    await expect(store.append(stream, [sampleEvent()], -1)).rejects.toThrow(RangeError);
    expect(fake.streamNames().filter((name) => !name.startsWith('$') && !name.startsWith('orders-'))).toEqual([]);
  });

  it('refuses positions of other stores', async () => {
    await expect(store.readAll({ after: '42' })).rejects.toThrow(TypeError);
    expect(() => store.subscribeAll('42', new AbortController().signal)).toThrow(TypeError);
    expect(() => store.comparePositions('1', '2')).toThrow(TypeError);
  });

  it('says which server version it needs when stream reads carry no positions', async () => {
    const old = new EventStoreDbEventStore(new FakeEventStoreDbClient({ streamReadPositions: false }).asClient());
    const stream = examStream(randomUUID());
    await expect(old.append(stream, [sampleEvent()], 'no_stream')).rejects.toThrow(/22\.6/);
    await old.close();
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
