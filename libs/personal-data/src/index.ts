export * from './master-key';
export * from './person-keys.port';
export * from './personal-data-vault';
export * from './sqlite/sqlite-person-keys';
export * from './people-directory';
export * from './personal-data-eraser';
export * from './complete-erasure.job';
