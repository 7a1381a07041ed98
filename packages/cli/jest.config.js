const shared = require('../../jest.shared');

/** The reviewer's and CLI's tests. Review fixtures include .snap files that are inputs, not this suite's snapshots. */
/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  displayName: 'cli',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFiles: ['<rootDir>/../../test/setup-env.ts'],
  modulePathIgnorePatterns: ['<rootDir>/test/review/fixtures', '<rootDir>/dist/'],
};
