import { Token } from 'aws-cdk-lib';
import { ReplicationGroupEngine, ReplicationGroupEngineName } from '../replication-group/engine';
import { GLOBAL_DATASTORE_NODES } from '../facts/node-families';
import { identifierProblem } from '../private/identifiers';
import { NODE_TYPE_FORMAT, nodeFamily, nodeTypeEngineProblem, parseNodeType } from '../private/node-type';
import type { IReplicationGroup } from '../replication-group/base';
import { ClusterMode, Durability } from '../replication-group/props';
import { Rule, integerOutside, isResolved } from '../shared/rule-table';

/**
 * What is known of a global datastore's primary, read through IReplicationGroup: everything for a ReplicationGroup of
 * this app, what its attributes say for an import (the port only when known: an import's throws otherwise).
 */
export type GlobalDatastorePrimary = Pick<
  IReplicationGroup,
  'engine' | 'cacheNodeType' | 'clusterMode' | 'numShards' | 'multiAz' | 'durability' | 'removalPolicy'
> & { readonly port?: number };

/** What a global datastore rule sees. */
export interface GlobalDatastoreRuleInput {
  readonly primary: GlobalDatastorePrimary;
  readonly suffix: string;
  /** The region of the GlobalDatastore's stack and of the primary's stack (tokens when env-agnostic). */
  readonly region: string;
  readonly primaryRegion: string;
  /** The node type, engine and shard count the global datastore's props set for every member (scaling, upgrades). */
  readonly cacheNodeType?: string;
  readonly engine?: ReplicationGroupEngine;
  readonly numShards?: number;
  /** The auto scaling the primary has (`autoScaleShards`, `autoScaleReplicas`), when it is a ReplicationGroup of this app. */
  readonly primaryAutoScaling: readonly string[];
}

/** The prerequisites page every rule below follows. */
export const GLOBAL_DATASTORE_PREREQUISITES =
  'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html';

/** Node families a global datastore runs on, in size large and above (lib/facts/node-families.ts). */
const GLOBAL_NODE_FAMILIES = GLOBAL_DATASTORE_NODES.families;
const SMALL_SIZES = ['nano', 'micro', 'small', 'medium'];

/**
 * Whether `nodeType` can be a global datastore member; undefined when unknown or a token. `own` is a node type of the
 * GlobalDatastore's props, whose format no replication group rule checks (the primary's own format rule reports its).
 */
function globalNodeTypeProblem(nodeType: string | undefined, own = false): string | undefined {
  if (nodeType === undefined || Token.isUnresolved(nodeType)) return undefined;
  const info = parseNodeType(nodeType);
  if (!info) return own ? `cacheNodeType '${nodeType}' is invalid: expected ${NODE_TYPE_FORMAT}` : undefined;
  return !GLOBAL_NODE_FAMILIES.includes(nodeFamily(info)) || SMALL_SIZES.includes(info.size)
    ? `cacheNodeType '${nodeType}' cannot be in a global datastore: use ${GLOBAL_NODE_FAMILIES.join(', ')} in size large or above (${GLOBAL_DATASTORE_PREREQUISITES})`
    : undefined;
}

/** The node type of the global datastore's props against the engine every member runs then (lib/facts/node-families.ts). */
function nodeTypeEngineOf({ cacheNodeType, engine, primary }: GlobalDatastoreRuleInput): string | undefined {
  const running = engine ?? primary.engine;
  const info = cacheNodeType !== undefined && !Token.isUnresolved(cacheNodeType) ? parseNodeType(cacheNodeType) : undefined;
  return info && running ? nodeTypeEngineProblem('cacheNodeType', info, running) : undefined;
}

/** An engine upgrade the global datastore cannot make: a downgrade, or Valkey → Redis OSS. */
function engineUpgradeProblem({ engine, primary }: GlobalDatastoreRuleInput): string | undefined {
  const from = primary.engine;
  if (!engine || !from) return undefined;
  if (from.name === ReplicationGroupEngineName.VALKEY && engine.name === ReplicationGroupEngineName.REDIS) {
    return `engine ${engine.toString()}: a global datastore of Valkey cannot go back to Redis OSS; use Valkey ${from.version} or later`;
  }
  return engine.name === from.name && !engine.isAtLeast(from.version)
    ? `engine ${engine.toString()} is older than the primary's ${from.toString()}: engine versions can be upgraded, never downgraded; use ${from.version} or later`
    : undefined;
}

/** The shard count of the global datastore's props: 1–500, and more than one in cluster mode only. */
function numShardsProblem({ numShards, primary }: GlobalDatastoreRuleInput): string | undefined {
  if (numShards === undefined || !isResolved(numShards)) return undefined;
  if (integerOutside(numShards, 1, 500)) return `numShards must be an integer from 1 to 500, got ${numShards}`;
  return primary.clusterMode === ClusterMode.DISABLED && numShards !== 1
    ? `numShards ${numShards} needs a primary with cluster mode enabled (GlobalNodeGroupCount reshards cluster-mode members only); the primary has cluster mode disabled, so numShards must be 1`
    : undefined;
}

/**
 * The global datastore prerequisites, checked on the primary at synth
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html): Valkey 7.2+
 * or Redis OSS 5.0.6+, node families M5, M6g, M7g, R5, R6g, R6gd, R7g and C7gn in size large or above, the primary in
 * the global datastore's region, and no durability ("Durability is not supported with Global Datastores",
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Limitations.html). Every member shares the
 * primary's engine, version, node type and shard count; secondaries are checked in secondary-rules.ts.
 */
export const GLOBAL_DATASTORE_RULES: readonly Rule<GlobalDatastoreRuleInput>[] = [
  {
    id: 'global-datastore-suffix',
    severity: 'error',
    check: ({ suffix }) => identifierProblem('globalReplicationGroupIdSuffix', suffix),
  },
  {
    id: 'global-datastore-engine',
    severity: 'error',
    check: ({ primary: { engine } }) =>
      engine && engine.name === ReplicationGroupEngineName.REDIS && !engine.isAtLeast('5.0.6')
        ? `the primary's engine ${engine.toString()} cannot be in a global datastore: use Valkey 7.2+ or Redis OSS 5.0.6+ (${GLOBAL_DATASTORE_PREREQUISITES})`
        : undefined,
  },
  {
    id: 'global-datastore-node-type',
    severity: 'error',
    check: (input) =>
      [globalNodeTypeProblem(input.primary.cacheNodeType), globalNodeTypeProblem(input.cacheNodeType, true), nodeTypeEngineOf(input)]
        .filter((m) => m !== undefined)
        .join('; ') || undefined,
  },
  {
    id: 'global-datastore-engine-upgrade',
    severity: 'error',
    check: engineUpgradeProblem,
  },
  {
    id: 'global-datastore-num-shards',
    severity: 'error',
    check: numShardsProblem,
  },
  {
    // "Auto Scaling in ElastiCache is not supported for clusters running in Global datastores"
    // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling.html, checked 2026-12-04). The other order,
    // auto scaling a group that is already a primary or secondary, fails in autoScaleShards / autoScaleReplicas.
    id: 'auto-scaling-global-datastore',
    severity: 'error',
    check: ({ primaryAutoScaling }) =>
      primaryAutoScaling.length > 0
        ? `the primary has ${primaryAutoScaling.join(' and ')}, but ElastiCache auto scaling is not supported for clusters in a global datastore: remove the auto scaling, and scale with the GlobalDatastore's cacheNodeType and numShards`
        : undefined,
  },
  {
    id: 'global-datastore-durability',
    severity: 'error',
    check: ({ primary: { durability } }) =>
      durability === Durability.SYNC || durability === Durability.ASYNC
        ? `the primary has durability '${durability}', which global datastores do not support: use Durability.DISABLED or no global datastore (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Limitations.html)`
        : undefined,
  },
  {
    id: 'global-datastore-region',
    severity: 'error',
    check: ({ region, primaryRegion }) =>
      isResolved(region) && isResolved(primaryRegion) && region !== primaryRegion
        ? `the global datastore must be in its primary's region (${primaryRegion}), but its stack is in ${region}`
        : undefined,
  },
];
