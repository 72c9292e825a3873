/**
 * One jest run covers every tier; file names say the tier (*.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts).
 * Tests are compiled by SWC (fast on 2 cores); type checking is `npm run typecheck`.
 */
const { readFileSync } = require('node:fs');
const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  // ESM-only dependencies that jest (CommonJS) must have compiled; Node itself loads them natively.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
  moduleNameMapper: {
    '^@exam/(domain)$': '<rootDir>/libs/exam-domain/src',
    '^@exam/application$': '<rootDir>/libs/exam-application/src',
    '^@exam/(event-store|file-store|auth|jobs|audit|read-models|projections|proof-of-participation|infrastructure|followers|personal-data)$':
      '<rootDir>/libs/$1/src',
    // Optional adapters are loaded on demand (their clients cost memory), and scripts that need one part of
    // a lib skip its barrel's start-up cost: deep paths into a lib.
    '^@exam/(event-store|read-models|jobs|personal-data|infrastructure)/(.+)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30000,
};
