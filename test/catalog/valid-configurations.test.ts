import { BatchResult, CaseResult, synthBatch } from '../helpers/synth-batch';
import { AuthMode, CATALOG, CatalogEntry, Shape } from './valid-configurations';

/**
 * Every configuration of the catalog (./valid-configurations.ts: documented as valid by AWS, with the pages that say
 * so) synthesizes: it throws nothing, has no finding of aws-cdk-lib's CloudFormation validation in strict mode, no
 * error annotation, and no warning but the ones it lists. An entry with an env-specific lookup is synthesized as the
 * CDK CLI does: a first pass on placeholder values (zones `dummy1a`...) that must record the lookups and not throw,
 * then a second with the answers. One App, one validated synth (test/helpers/synth-batch.ts).
 */

/**
 * Entries rejected today, each with the issue that fixes it and the error it fails with. An entry that passes, or
 * fails differently, fails the test: remove it with the fix.
 */
// Entries AWS documents as valid that the library still rejects, each with the issue that fixes it. Empty: the test
// fails when a listed entry starts to synthesize, so the list shrinks with each fix.
const KNOWN_FAILURES: Record<string, { readonly issue: string; readonly error: RegExp }> = {};

const SHAPES: readonly Shape[] = [
  'replication group, cluster mode disabled',
  'replication group, cluster mode enabled',
  'replication group with durability',
  'memcached cluster',
  'serverless valkey',
  'serverless redis',
  'serverless memcached',
  'global datastore',
];

let batch: BatchResult;

beforeAll(() => {
  batch = synthBatch(CATALOG.map((entry) => ({ id: entry.id, build: entry.build, lookup: entry.lookup })));
}, 180_000);

function result(id: string): CaseResult {
  const r = batch.results.get(id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}

/** Why an entry did not synthesize cleanly, or undefined. */
function failureOf(r: CaseResult): string | undefined {
  const first = r.firstPass?.error && `first pass (placeholder values): ${r.firstPass.error}`;
  const parts = [first, r.error, ...r.findings, ...r.errors].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join('\n') : undefined;
}

describe('catalog of valid configurations', () => {
  test('has at least 30 entries, every shape, every authentication mode, and a source for each', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length);
    expect(SHAPES.filter((shape) => !CATALOG.some((e) => e.shape === shape))).toEqual([]);
    const modes: Record<Shape, readonly AuthMode[]> = {
      'replication group, cluster mode disabled': ['auth token', 'rbac', 'iam'],
      'replication group, cluster mode enabled': ['auth token', 'rbac', 'iam'],
      'replication group with durability': ['auth token', 'rbac'],
      'memcached cluster': ['none'],
      'serverless valkey': ['rbac', 'iam'],
      'serverless redis': ['rbac'],
      'serverless memcached': ['none'],
      'global datastore': ['auth token'],
    };
    const missing = Object.entries(modes).flatMap(([shape, auths]) =>
      auths.filter((auth) => !CATALOG.some((e) => e.shape === shape && e.auth === auth)).map((auth) => `${shape}: ${auth}`),
    );
    expect(missing).toEqual([]);
    const unsourced = CATALOG.filter((e) => e.sources.length === 0 || e.sources.some((url) => !/^https:\/\//.test(url)));
    expect(unsourced.map((e) => e.id)).toEqual([]);
  });

  test('the known failures name existing entries', () => {
    expect(Object.keys(KNOWN_FAILURES).filter((id) => !CATALOG.some((e) => e.id === id))).toEqual([]);
  });

  test.each(CATALOG.map((e) => [e.id, e] as const))('%s synthesizes', (_id, entry: CatalogEntry) => {
    const r = result(entry.id);
    const failure = failureOf(r);
    const known = KNOWN_FAILURES[entry.id];
    if (known) {
      if (failure === undefined) throw new Error(`${entry.id} now synthesizes: remove it from KNOWN_FAILURES (${known.issue})`);
      expect(failure).toMatch(known.error);
      return;
    }
    if (failure !== undefined) throw new Error(`${entry.id} (valid per ${entry.sources.join(', ')}):\n${failure}`);
    if (entry.lookup) {
      // The CLI's first pass recorded what to look up; the second pass had it all.
      expect(r.missingContext).toEqual([]);
    }
    const warnings = [...new Set(r.warnings.map((w) => w.id.replace(/^Annotation::/, '')))].sort();
    expect(warnings).toEqual([...(entry.warnings?.ids ?? [])].sort());
  });

  test('the placeholder-zone entries really went through a first pass with lookups', () => {
    const lookups = CATALOG.filter((e) => e.id.includes('from-lookup'));
    expect(lookups.length).toBeGreaterThanOrEqual(3);
    for (const entry of lookups) expect(result(entry.id).firstPass?.missingContext.length).toBeGreaterThan(0);
  });
});
