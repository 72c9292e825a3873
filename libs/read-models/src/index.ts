export * from './read-model-store.port';
export * from './batch-writer';
export * from './embedded/sqlite-read-model-store';
