export * from './master-key';
export * from './person-keys.port';
export * from './personal-data-vault';
export * from './sqlite/sqlite-person-keys';
