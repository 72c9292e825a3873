export * from './read-model-store.port';
export * from './embedded/sqlite-read-model-store';
