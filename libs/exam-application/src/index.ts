export * from './application-error';
export * from './command-envelope';
export * from './deterministic-id';
export * from './exam-command-service';
export * from './facts';
export * from './stream-writer';
export * from './learner-access-service';
