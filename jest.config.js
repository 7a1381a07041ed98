/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Unit tests switch aws-cdk-lib's built-in CloudFormation validation off (~3.5 s a synth);
  // test/strict-validation.test.ts turns it back on for the sample app.
  // The rotation Lambda is pre-bundled (as `npm ci` / `npm run build` do) so constructs can reference the asset.
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.ts'],
  // Review fixtures include .snap files that are inputs, not this suite's snapshots.
  modulePathIgnorePatterns: ['<rootDir>/test/review/fixtures', '<rootDir>/test/integ/.*\\.snapshot/'],
  watchPathIgnorePatterns: ['<rootDir>/test/integ/.*\\.snapshot/'],
  testTimeout: 30000,
  // Jest's default on 2 cores is 1 worker, which runs the suites one after another; many of them mostly wait
  // (redis-server restarts, failovers, child processes), so 3 workers overlap that waiting with the synth-heavy suites.
  maxWorkers: 3,
};
