/**
 * lib/facts/ is plain data with sources: its modules import nothing but each other (so other packages can compile
 * copies, scripts/sync-contract.ts), and every source a fact cites is an https page with the day it was checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FACTS_DIR = join(__dirname, '..', '..', 'lib', 'facts');
const MODULES = readdirSync(FACTS_DIR).filter((file) => file.endsWith('.ts'));
/** Modules copied into other packages: they import nothing at all. */
const SHARED = ['replacement.ts'];

const importsOf = (file: string): string[] =>
  [...readFileSync(join(FACTS_DIR, file), 'utf8').matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)].map((m) => m[1]);

/** Every `{ url, checked }` object in a value, however deeply nested. */
function sourcesIn(value: unknown, found: { url: unknown; checked: unknown }[] = []): { url: unknown; checked: unknown }[] {
  if (Array.isArray(value)) value.forEach((v) => sourcesIn(v, found));
  else if (value !== null && typeof value === 'object') {
    if ('url' in value || 'checked' in value) found.push(value as { url: unknown; checked: unknown });
    Object.values(value).forEach((v) => sourcesIn(v, found));
  }
  return found;
}

test.each(MODULES)('%s imports only other fact modules', (file) => {
  expect(importsOf(file).filter((from) => !/^\.\/[\w-]+$/.test(from))).toEqual([]);
});

test.each(SHARED)('%s (copied into another package) imports nothing', (file) => {
  expect(importsOf(file)).toEqual([]);
});

test.each(MODULES)('every source %s cites has an https url and the day it was checked', (file) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sources = sourcesIn(Object.values(require(join(FACTS_DIR, file)) as Record<string, unknown>));
  for (const { url, checked } of sources) {
    expect(url).toMatch(/^https:\/\/\S+$/);
    expect(checked).toMatch(/^20\d\d-[01]\d-[0-3]\d$/);
  }
});

test('the facts cite their sources', () => {
  const cited = MODULES.filter((file) => !file.startsWith('engine-versions') && !file.startsWith('fact-source')).map((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return [file, sourcesIn(Object.values(require(join(FACTS_DIR, file)) as Record<string, unknown>)).length] as const;
  });
  expect(cited.filter(([, count]) => count === 0)).toEqual([]);
});
