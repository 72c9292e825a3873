export * from './application-error';
export * from './command-envelope';
export * from './deterministic-id';
export * from './facts';
export * from './folded-streams';
export * from './stream-writer';
