/**
 * lib/facts/replacement.ts against the machine-readable sources: @aws-cdk/aws-service-spec as installed (what
 * `cdk diff` and the reviewer read) and the registry schemas cfn-lint bundles. Each difference needs an entry in
 * lib/facts/replacement-overrides.ts that cites why; an unexplained difference fails, and so does an entry whose
 * difference is gone (a newer spec or cfn-lint caught up, or stopped agreeing: either way a person decides).
 * The control cases inject differences into copies of the sources' data and expect the comparison to report them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPLACEMENT_FACTS } from '../../lib/facts/replacement';
import { UPSTREAM_OVERRIDES, UpstreamSource } from '../../lib/facts/replacement-overrides';
import { compareWithUpstream, describeDifferences } from './compare-replacement';
import { cfnLint } from './upstream/cfn-lint';
import { serviceSpec } from './upstream/service-spec';
import { Upstream, UpstreamType } from './upstream/upstream';

const TYPES = REPLACEMENT_FACTS.map((facts) => facts.resourceType);
const RG = 'AWS::ElastiCache::ReplicationGroup';
const LOADERS: Record<UpstreamSource, () => Upstream> = {
  'aws-service-spec': () => serviceSpec(TYPES),
  'cfn-lint': () => cfnLint(TYPES),
};
const loaded = new Map<UpstreamSource, Upstream>();
/** Each source is read once (cfn-lint runs Python: ~1 s). */
const upstreamOf = (source: UpstreamSource): Upstream => loaded.get(source) ?? loaded.set(source, LOADERS[source]()).get(source)!;

/** A copy of `upstream` in which `type.property` has `verdict`. */
function withVerdict(upstream: Upstream, type: string, property: string, verdict: 'replace' | 'conditional' | 'update'): Upstream {
  const original = upstream.types.get(type)!;
  const set = (names: ReadonlySet<string>, on: boolean) => new Set([...names].filter((n) => n !== property).concat(on ? [property] : []));
  const changed: UpstreamType = {
    properties: new Set([...original.properties, property]),
    replacing: set(original.replacing, verdict === 'replace'),
    conditional: set(original.conditional, verdict === 'conditional'),
  };
  return { ...upstream, types: new Map([...upstream.types, [type, changed]]) };
}

describe.each<UpstreamSource>(['aws-service-spec', 'cfn-lint'])('lib/facts/replacement.ts against %s', (source) => {
  test('every difference has an override in replacement-overrides.ts that cites why', () => {
    const upstream = upstreamOf(source);
    const { unexplained } = compareWithUpstream(REPLACEMENT_FACTS, upstream, UPSTREAM_OVERRIDES);
    expect(describeDifferences(upstream, unexplained)).toEqual([]);
  });

  test('every override of it still explains a difference (none is stale)', () => {
    const { stale } = compareWithUpstream(REPLACEMENT_FACTS, upstreamOf(source), UPSTREAM_OVERRIDES);
    expect(stale.map((o) => `${o.resourceType}.${o.property} (${o.upstreamSays}): remove the override, or fix the facts`)).toEqual([]);
  });
});

describe('control cases: the comparison reports what it exists for', () => {
  test('a replacing property that a newer spec calls in place is an unexplained difference', () => {
    const newer = withVerdict(upstreamOf('aws-service-spec'), RG, 'Port', 'update');
    expect(compareWithUpstream(REPLACEMENT_FACTS, newer, UPSTREAM_OVERRIDES).unexplained).toEqual([
      { resourceType: RG, property: 'Port', upstreamSays: 'update', factsSay: 'replace' },
    ]);
  });

  test('a spec that stops marking ReplicasPerNodeGroup as replacing makes its override stale', () => {
    const newer = withVerdict(upstreamOf('aws-service-spec'), RG, 'ReplicasPerNodeGroup', 'conditional');
    const { stale, unexplained } = compareWithUpstream(REPLACEMENT_FACTS, newer, UPSTREAM_OVERRIDES);
    expect(unexplained).toEqual([]);
    expect(stale.map((o) => `${o.upstream} ${o.resourceType}.${o.property}`)).toEqual([`aws-service-spec ${RG}.ReplicasPerNodeGroup`]);
  });

  test('a create-only property cfn-lint adds (Engine) is an unexplained difference', () => {
    const newer = withVerdict(upstreamOf('cfn-lint'), RG, 'Engine', 'replace');
    expect(describeDifferences(newer, compareWithUpstream(REPLACEMENT_FACTS, newer, UPSTREAM_OVERRIDES).unexplained)).toEqual([
      expect.stringMatching(
        /^cfn-lint \S+: AWS::ElastiCache::ReplicationGroup.Engine is 'replace', lib\/facts\/replacement.ts says 'update'$/,
      ),
    ]);
  });

  test('a conditional property cfn-lint leaves out of createOnlyProperties agrees (it cannot say conditional)', () => {
    const cfnLintData = upstreamOf('cfn-lint');
    expect(cfnLintData.types.get(RG)!.replacing.has('NumNodeGroups')).toBe(false);
    const differences = compareWithUpstream(REPLACEMENT_FACTS, cfnLintData, UPSTREAM_OVERRIDES).differences;
    expect(differences.map((d) => d.property)).not.toContain('NumNodeGroups');
  });

  test('a type the source does not know is a difference', () => {
    const spec = upstreamOf('aws-service-spec');
    const without = { ...spec, types: new Map([...spec.types].filter(([type]) => type !== 'AWS::ElastiCache::UserGroup')) };
    expect(compareWithUpstream(REPLACEMENT_FACTS, without, UPSTREAM_OVERRIDES).unexplained).toEqual([
      { resourceType: 'AWS::ElastiCache::UserGroup', property: '*', upstreamSays: 'unknown-type', factsSay: 'update' },
    ]);
  });
});

describe('the facts cover what the library creates', () => {
  test('every ElastiCache L1 the library imports has replacement facts', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const imported = files(join(__dirname, '..', '..', 'lib'))
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/import \{([^}]*)\} from 'aws-cdk-lib\/aws-elasticache'/g)])
      .flatMap((match) => [...match[1].matchAll(/\bCfn(\w+?)(?:Props)?\b/g)].map((m) => `AWS::ElastiCache::${m[1]}`));
    expect(imported.length).toBeGreaterThan(0);
    expect([...new Set(imported)].filter((type) => !TYPES.includes(type))).toEqual([]);
  });
});
