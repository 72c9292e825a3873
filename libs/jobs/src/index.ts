export * from './worker-lease';
export * from './leased-runner';
export * from './job-queue.port';
export * from './in-process-job-queue';
