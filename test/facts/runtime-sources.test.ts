/**
 * The runtime companion cites AWS pages in its comments; every one of them must be a source in lib/facts (with the
 * day it was read), so that a fact the runtime relies on is checked like the constructs' facts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const AWS_DOCS = /https:\/\/docs\.aws\.amazon\.com\/[\w./-]+\.html/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const citedBy = (files: string[]) => new Set(files.flatMap((file) => readFileSync(file, 'utf8').match(AWS_DOCS) ?? []));

test('every AWS page the runtime cites is a source in lib/facts', () => {
  const cited = citedBy(filesUnder(join(ROOT, 'packages', 'runtime', 'src')));
  const sourced = new Set(
    readdirSync(join(ROOT, 'lib', 'facts'))
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const facts = require(join(ROOT, 'lib', 'facts', file)) as Record<string, unknown>;
        return JSON.stringify(facts).match(AWS_DOCS) ?? [];
      }),
  );
  expect(cited.size).toBeGreaterThan(0); // the pattern finds the runtime's citations at all
  expect([...cited].filter((url) => !sourced.has(url))).toEqual([]);
});
