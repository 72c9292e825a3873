export * from './file-store.port';
export * from './local-disk-file-store';
export * from './sniff';
