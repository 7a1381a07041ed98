import { BatchResult, CaseResult, synthBatch } from '../helpers/synth-batch';
import { cleanUpSnippetProject, snippetCase } from './run-snippet';
import { Snippet, exampleSnippets, readmeSnippets } from './snippets';

/**
 * Every ` ```ts ` snippet of the README and every `@example` of the construct API is placed in its rosetta fixture,
 * run against this checkout's lib/, and synthesized with aws-cdk-lib's CloudFormation validation in strict mode: it
 * must throw nothing, have no finding, no error annotation and no warning but the ones listed below. Compiling is
 * jsii-rosetta's check (`npm run jsii:check -- --rosetta`); this one proves the snippets also work.
 *
 * A snippet that is not meant to stand alone says so: ` ```ts fragment ` in Markdown, `@exampleMetadata fragment` in a
 * doc comment. It is still compiled by rosetta, but not synthesized here.
 *
 * All snippets share one App (a Stage each) and one validated synth: the validation costs seconds per synth, not
 * per template (test/helpers/synth-batch.ts).
 */

/**
 * Snippets that fail today, each with the issue that fixes it and the error it fails with. An entry that passes, or
 * fails differently, fails the test: remove it with the fix.
 */
const KNOWN_FAILURES: Record<string, { readonly issue: string; readonly error: RegExp }> = {};

/**
 * Warnings a snippet raises today, each with why. Any other warning fails the test, and so does a listed one that is
 * no longer raised (remove it).
 */
const EXPECTED_WARNINGS: Record<string, { readonly ids: readonly string[]; readonly reason: string }> = {
  'README › Connecting compute: one line in the stack, one in the handler #2': {
    ids: ['@aws-cdk/aws-ecs:minHealthyPercent', '@aws-cdk/aws-ecs:shouldUseCircuitBreaker'],
    reason: "aws-cdk-lib's advice for every FargateService without minHealthyPercent and a circuit breaker, not this library's",
  },
};

const snippets: Snippet[] = [...readmeSnippets(), ...exampleSnippets()];
const runnable = snippets.filter((s) => !s.fragment);

/** Snippets that must fail, one per kind of failure: proof that the harness sees each. */
const CONTROLS: Snippet[] = [
  {
    id: 'control: a template CloudFormation rejects',
    location: 'test/docs/snippets.test.ts:control-1',
    fixture: 'no-imports',
    fragment: false,
    source: [
      "import { CfnResource } from 'aws-cdk-lib';",
      "new CfnResource(this, 'Broken', { type: 'AWS::ElastiCache::ReplicationGroup', properties: { ReplicationGroupDescription: 'x', Port: 'x' } });",
    ].join('\n'),
  },
  {
    id: 'control: a construct that throws',
    location: 'test/docs/snippets.test.ts:control-2',
    fixture: 'default',
    fragment: false,
    source: "new ReplicationGroup(this, 'Cache', { vpc, replicasPerShard: 9 });",
  },
  {
    id: 'control: a warning',
    location: 'test/docs/snippets.test.ts:control-3',
    fixture: 'default',
    fragment: false,
    source: "new ReplicationGroup(this, 'Cache', { vpc, backup: { retention: Duration.days(1) } });",
  },
];

let batch: BatchResult;

beforeAll(() => {
  batch = synthBatch([...runnable, ...CONTROLS].map(snippetCase));
}, 180_000);

afterAll(() => cleanUpSnippetProject());

function result(id: string): CaseResult {
  const r = batch.results.get(id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}

/** The ids of a result's warnings, in the form `Validations.of(x).acknowledge` takes. */
function warningIds(r: CaseResult): string[] {
  return [...new Set(r.warnings.map((w) => w.id.replace(/^Annotation::/, '')))].sort();
}

describe('documentation snippets', () => {
  test('the README and the @examples have the snippets this test expects to find', () => {
    const readme = snippets.filter((s) => s.id.startsWith('README'));
    const examples = snippets.filter((s) => s.id.startsWith('@example'));
    expect(readme.length).toBeGreaterThanOrEqual(20);
    expect(examples.length).toBeGreaterThanOrEqual(5);
    // Ids are what the lists above key on: they must stay unique.
    expect(new Set(snippets.map((s) => s.id)).size).toBe(snippets.length);
  });

  test('the known failures and expected warnings name existing snippets', () => {
    const ids = new Set(runnable.map((s) => s.id));
    expect(Object.keys(KNOWN_FAILURES).filter((id) => !ids.has(id))).toEqual([]);
    expect(Object.keys(EXPECTED_WARNINGS).filter((id) => !ids.has(id))).toEqual([]);
  });

  test.each(runnable.map((s) => [s.id, s] as const))('%s synthesizes with strict CloudFormation validation', (_id, snippet) => {
    const r = result(snippet.id);
    const known = KNOWN_FAILURES[snippet.id];
    const failure = r.error ?? (r.findings.length > 0 ? r.findings.join('\n') : r.errors.length > 0 ? r.errors.join('\n') : undefined);
    if (known) {
      if (failure === undefined) {
        throw new Error(`${snippet.location} (${snippet.id}) now synthesizes: remove it from KNOWN_FAILURES (${known.issue})`);
      }
      expect(failure).toMatch(known.error);
      return;
    }
    if (failure !== undefined) throw new Error(`${snippet.location} (${snippet.id}):\n${failure}\n\n${snippet.source}`);
    expect(r.missingContext).toEqual([]);
    expect({ snippet: snippet.location, warnings: warningIds(r) }).toEqual({
      snippet: snippet.location,
      warnings: [...(EXPECTED_WARNINGS[snippet.id]?.ids ?? [])].sort(),
    });
  });

  test('a template CloudFormation rejects, a throwing construct and a warning are each caught (controls)', () => {
    expect(result(CONTROLS[0].id).findings.join('\n')).toMatch(/Port/);
    expect(result(CONTROLS[1].id).error).toMatch(/replicasPerShard/);
    expect(warningIds(result(CONTROLS[2].id))).toContain('cdk-elasticache:backup-retention-compliance');
    // The snippets beside a broken one were still validated: one failure does not hide the others.
    expect(result(CONTROLS[2].id).findings).toEqual([]);
  });
});
