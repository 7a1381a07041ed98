/**
 * One `npm test` runs every package's suites, as jest projects: the construct library (this directory), the runtime
 * (packages/runtime) and the reviewer/CLI (packages/cli). Each project's config is its own jest.config.js.
 */
/** @type {import('jest').Config} */
module.exports = {
  projects: ['<rootDir>/jest.constructs.config.js', '<rootDir>/packages/runtime', '<rootDir>/packages/cli'],
  // Jest's default on 2 cores is 1 worker, which runs the suites one after another; many of them mostly wait
  // (redis-server restarts, failovers, child processes), so 3 workers overlap that waiting with the synth-heavy suites.
  maxWorkers: 3,
  // A global option: jest ignores testTimeout in a project's config (measured: a 6 s test failed at 5 s there).
  testTimeout: require('./jest.shared').testTimeout,
};
