/**
 * Holds lib/facts/replacement.ts against a machine-readable source (upstream/): every property whose verdict
 * differs, which of those replacement-overrides.ts explains, and which overrides explain nothing any more.
 */
import { ResourceReplacementFacts } from '../../lib/facts/replacement';
import { UpstreamOverride, UpstreamVerdict } from '../../lib/facts/replacement-overrides';
import { Upstream, UpstreamType } from './upstream/upstream';

/** What replacement.ts says a change of the property does. */
export type FactVerdict = 'replace' | 'conditional' | 'update';

export interface Difference {
  readonly resourceType: string;
  readonly property: string;
  readonly upstreamSays: UpstreamVerdict | 'unknown-type';
  readonly factsSay: FactVerdict;
}

export interface Comparison {
  readonly differences: readonly Difference[];
  /** Differences no override explains: each needs a fix of the facts, or an override citing why. */
  readonly unexplained: readonly Difference[];
  /** Overrides of this source that match no difference: the source caught up, or the entry is wrong. */
  readonly stale: readonly UpstreamOverride[];
}

function factVerdict(facts: ResourceReplacementFacts, property: string): FactVerdict {
  if (facts.replacing.includes(property)) return 'replace';
  return facts.conditional.some((c) => c.property === property) ? 'conditional' : 'update';
}

function upstreamVerdict(type: UpstreamType, property: string): UpstreamVerdict {
  if (!type.properties.has(property)) return 'unknown-property';
  if (type.replacing.has(property)) return 'replace';
  return type.conditional.has(property) ? 'conditional' : 'update';
}

/** Whether the verdicts agree: a source that cannot say "conditional" agrees with one by not saying "replace". */
function agree(upstream: Upstream, said: UpstreamVerdict, fact: FactVerdict): boolean {
  return said === fact || (!upstream.saysConditional && fact === 'conditional' && said === 'update');
}

/** Every property either side singles out for one type. */
function propertiesOf(facts: ResourceReplacementFacts, type: UpstreamType): string[] {
  const named = [
    ...facts.replacing,
    ...facts.conditional.map((c) => c.property),
    ...facts.inPlace.map((u) => u.property),
    ...type.replacing,
    ...type.conditional,
  ];
  return [...new Set(named)].sort();
}

function differencesOf(upstream: Upstream, facts: ResourceReplacementFacts): Difference[] {
  const type = upstream.types.get(facts.resourceType);
  const { resourceType } = facts;
  if (!type) return [{ resourceType, property: '*', upstreamSays: 'unknown-type', factsSay: 'update' }];
  return propertiesOf(facts, type).flatMap((property) => {
    const upstreamSays = upstreamVerdict(type, property);
    const factsSay = factVerdict(facts, property);
    return agree(upstream, upstreamSays, factsSay) ? [] : [{ resourceType, property, upstreamSays, factsSay }];
  });
}

const explains = (override: UpstreamOverride, upstream: Upstream, d: Difference): boolean =>
  override.upstream === upstream.source &&
  override.resourceType === d.resourceType &&
  override.property === d.property &&
  override.upstreamSays === d.upstreamSays;

/** Compares the facts of every type with `upstream`, given the overrides of every source. */
export function compareWithUpstream(
  facts: readonly ResourceReplacementFacts[],
  upstream: Upstream,
  overrides: readonly UpstreamOverride[],
): Comparison {
  const differences = facts.flatMap((f) => differencesOf(upstream, f));
  return {
    differences,
    unexplained: differences.filter((d) => !overrides.some((o) => explains(o, upstream, d))),
    stale: overrides.filter((o) => o.upstream === upstream.source && !differences.some((d) => explains(o, upstream, d))),
  };
}

/** One line per difference, for a failure message. */
export function describeDifferences(upstream: Upstream, differences: readonly Difference[]): string[] {
  return differences.map(
    (d) => `${upstream.version}: ${d.resourceType}.${d.property} is '${d.upstreamSays}', lib/facts/replacement.ts says '${d.factsSay}'`,
  );
}
