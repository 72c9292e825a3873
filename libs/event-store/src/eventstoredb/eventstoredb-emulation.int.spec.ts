import { eventStoreContract } from '../event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { EmulatedEventStoreDbServer } from './testing/emulated-eventstoredb-server';

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
