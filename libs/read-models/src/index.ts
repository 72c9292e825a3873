export * from './read-model-store.port';
export * from './embedded/sqlite-read-model-store';
export * from './mongodb/mongo-read-model-store';
