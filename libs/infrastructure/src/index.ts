export * from './config';
export * from './tokens';
export * from './stores';
export * from './infrastructure.module';
export * from './shutdown';
export * from './logging';
export * from './env-file';
