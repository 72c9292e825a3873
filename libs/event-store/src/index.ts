export * from './event-store.port';
export { SqliteEventStore, type SqliteEventStoreOptions, type SqliteDurability } from './sqlite/sqlite-event-store';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export * from './stream-names';
export * from './checkpoint-store';
export * from './event-follower';
