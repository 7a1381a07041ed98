const shared = require('./jest.shared');

/** The construct library's tests (test/). */
/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  displayName: 'constructs',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  // Unit tests switch aws-cdk-lib's built-in CloudFormation validation off (~3.5 s a synth);
  // test/strict-validation.test.ts turns it back on for the sample app.
  // The rotation Lambda is pre-bundled (as `npm run build` does) so constructs can reference the asset.
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.ts'],
  modulePathIgnorePatterns: ['<rootDir>/test/integ/.*\\.snapshot/', '<rootDir>/packages/'],
  watchPathIgnorePatterns: ['<rootDir>/test/integ/.*\\.snapshot/'],
};
