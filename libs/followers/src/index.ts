export * from './followers.module';
export * from './record-subscription-expiry';
export * from './supervision';
