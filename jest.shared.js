/**
 * Settings every jest project of the repository shares: ts-jest with the root tsconfig, and the workspace packages
 * mapped to their sources (as tsconfig.json's `paths` map them for TypeScript).
 */
const path = require('path');

const ROOT = __dirname;

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(ROOT, 'tsconfig.json') }] },
  moduleNameMapper: {
    '^cdk-elasticache-runtime$': path.join(ROOT, 'packages/runtime/src/index.ts'),
  },
  // Applies when a package's config runs alone (`npm test` in packages/runtime); as a project, the root's applies.
  testTimeout: 30000,
};
