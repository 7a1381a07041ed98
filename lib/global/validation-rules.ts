import { Token } from 'aws-cdk-lib';
import { ReplicationGroupEngineName } from '../replication-group/engine';
import { GLOBAL_DATASTORE_NODES } from '../facts/node-families';
import { identifierProblem } from '../private/identifiers';
import { parseNodeType } from '../private/node-type';
import type { IReplicationGroup } from '../replication-group/base';
import { Durability } from '../replication-group/props';
import { Rule, isResolved } from '../shared/rule-table';

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
}

/** The prerequisites page every rule below follows. */
export const GLOBAL_DATASTORE_PREREQUISITES =
  'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html';

/** Node families a global datastore runs on, in size large and above (lib/facts/node-families.ts). */
const GLOBAL_NODE_FAMILIES = GLOBAL_DATASTORE_NODES.families;
const SMALL_SIZES = ['nano', 'micro', 'small', 'medium'];

/** Whether `nodeType` can be a global datastore member; undefined when unknown or a token. */
function globalNodeTypeProblem(nodeType: string | undefined): string | undefined {
  if (nodeType === undefined || Token.isUnresolved(nodeType)) return undefined;
  const info = parseNodeType(nodeType);
  if (!info) return undefined; // the replication group's own format rule reports it
  const family = `${info.instanceClass}${info.generation}${info.attributes}`;
  return !GLOBAL_NODE_FAMILIES.includes(family) || SMALL_SIZES.includes(info.size)
    ? `cacheNodeType '${nodeType}' cannot be in a global datastore: use ${GLOBAL_NODE_FAMILIES.join(', ')} in size large or above (${GLOBAL_DATASTORE_PREREQUISITES})`
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
    check: ({ primary }) => globalNodeTypeProblem(primary.cacheNodeType),
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
