export * from './jwt';
