/**
 * What a machine-readable source says about the update behaviour of resource properties, in one shape for both
 * sources (service-spec.ts, cfn-lint.ts) so that compare-replacement.ts can hold either against lib/facts.
 */
import { UpstreamSource } from '../../../lib/facts/replacement-overrides';

/** One resource type as a source describes it; properties neither replacing nor conditional update in place. */
export interface UpstreamType {
  /** Every property the source lists. */
  readonly properties: ReadonlySet<string>;
  readonly replacing: ReadonlySet<string>;
  readonly conditional: ReadonlySet<string>;
}

export interface Upstream {
  readonly source: UpstreamSource;
  /** The package and version read, for messages. */
  readonly version: string;
  /** Whether the source can say "conditional" (cfn-lint's createOnlyProperties cannot). */
  readonly saysConditional: boolean;
  /** Each type asked for; undefined when the source does not know the type. */
  readonly types: ReadonlyMap<string, UpstreamType | undefined>;
}
