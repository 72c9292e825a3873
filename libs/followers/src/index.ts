export * from './followers.module';
export * from './record-subscription-expiry';
