export * from './checkpoint-store';
export * from './event-follower';
export * from './minimal-pdf';
export * from './proof-store';
export * from './worker-lease';
export * from './leased-runner';
export * from './job-queue.port';
export * from './in-process-job-queue';
