// ESLint (flat config) with typescript-eslint's type-aware rules. `npm run lint` must report zero warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'cdk.out/**',
      'coverage/**',
      '**/*.snapshot/**',
      'packages/*/dist/**',
      'packages/cli/test/review/fixtures/**/*.snap',
      'packages/cli/bin/cdk-elasticache-cli.js',
      '**/jest.config.js',
      'jest.*.js',
      'eslint.config.mjs',
      // Plain CommonJS read by dependency-cruiser, outside the TypeScript project.
      '.dependency-cruiser.cjs',
      'jsii/node_modules/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Tests read untyped JSON templates; asserting on them with `any` is the point.
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Mocked SDK and Redis callbacks are async by contract without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
