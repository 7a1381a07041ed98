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
  testTimeout: 30000,
};
