import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_PERMISSIONS } from '../src/permissions';

// The README's least-privilege table documents the permission table (src/permissions.ts): a feature or rule added
// there without a word in the README fails here.
const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8').replace(/\\\|/g, '|');

test.each(RUNTIME_PERMISSIONS.map((p) => [p.feature, p] as const))('the README documents "%s" and its rules', (feature, permission) => {
  const row = readme.split('\n').find((line) => line.startsWith(`| ${feature} `));
  expect(row).toBeDefined();
  for (const rule of [...(permission.rules.readOnly ?? []), ...permission.rules.readWrite]) expect(row).toContain(rule);
});
