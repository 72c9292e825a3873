export * from './checkpoint-store';
export * from './event-follower';
export * from './minimal-pdf';
export * from './proof-store';
