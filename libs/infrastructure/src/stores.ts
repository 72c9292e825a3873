import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@exam/event-store';
import { ReadModelStore, SqliteReadModelStore } from '@exam/read-models';
import { PersonKeys, SqlitePersonKeys } from '@exam/personal-data';
import { AppConfig } from './config';

/** CONTRACT.md "Running": EVENTSTORE_URL selects EventStoreDB; otherwise the SQLite log under DATA_DIR. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (!config.eventStoreUrl) return SqliteEventStore.open(join(config.dataDir, 'events.sqlite'));
  // Loaded only when configured: the gRPC client costs memory the embedded default does not need.
  const { EventStoreDbEventStore } = await import('@exam/event-store/eventstoredb/eventstoredb-event-store');
  type EventStoreDbEventStore = InstanceType<typeof EventStoreDbEventStore>;
  let store: EventStoreDbEventStore;
  try {
    store = EventStoreDbEventStore.connect(config.eventStoreUrl);
  } catch (error) {
    throw new Error(`EVENTSTORE_URL: ${(error as Error).message}`);
  }
  try {
    await store.headPosition(); // fail fast: an unreachable server stops start-up, naming the variable
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new Error(`EVENTSTORE_URL: cannot reach EventStoreDB (${(error as Error).message})`);
  }
}

/** MONGO_URL selects MongoDB; otherwise the embedded store under DATA_DIR (`cacheMb`: its page cache; MongoDB keeps its own). */
export async function openReadModelStore(config: AppConfig, embedded: { cacheMb?: number } = {}): Promise<ReadModelStore> {
  if (!config.mongoUrl) return new SqliteReadModelStore(join(config.dataDir, 'read-models.sqlite'), embedded);
  try {
    const { MongoReadModelStore } = await import('@exam/read-models/mongodb/mongo-read-model-store');
    return await MongoReadModelStore.connect(config.mongoUrl);
  } catch (error) {
    throw new Error(`MONGO_URL: cannot reach MongoDB (${(error as Error).message})`);
  }
}

/** People's data keys beside the read models: MongoDB with MONGO_URL, else their own SQLite file under DATA_DIR. */
export async function openPersonKeys(config: AppConfig): Promise<PersonKeys> {
  if (!config.mongoUrl) return new SqlitePersonKeys(join(config.dataDir, 'person-keys.sqlite'));
  const { MongoPersonKeys } = await import('@exam/personal-data/mongodb/mongo-person-keys');
  return MongoPersonKeys.connect(config.mongoUrl);
}
