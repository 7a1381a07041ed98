const shared = require('../../jest.shared');

/** The runtime's tests: against real redis-server processes on loopback that the tests start. */
/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  displayName: 'runtime',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  // Installs Debian's redis-server when missing and allowed (root with apt-get), else fails with instructions.
  globalSetup: '<rootDir>/test/global-setup.ts',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
