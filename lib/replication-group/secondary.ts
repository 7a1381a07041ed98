import { CfnReplicationGroupProps } from 'aws-cdk-lib/aws-elasticache';
import { ReplicationGroupProps } from '../replication-group/props';
import { RuleInput } from '../replication-group/validation-rules';
import { Rule, isResolved } from '../rule-table';

/**
 * L1 properties a secondary does not set: ElastiCache takes them from the global datastore's primary. "ElastiCache
 * infers values from the primary for CacheParameterGroupName, Engine, EngineVersion, CacheNodeType,
 * TransitEncryptionEnabled, AtRestEncryptionEnabled" and the shard count, and answers InvalidParameterCombination when
 * they are passed (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-CLI.html). A
 * secondary also "inherits the Multi-AZ and automatic failover settings from the primary cluster"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html).
 * The secondary keeps its own subnets, security groups, port, KMS key (one of its region), credentials, replica count,
 * backups and maintenance window.
 */
const INHERITED_FROM_PRIMARY: readonly (keyof CfnReplicationGroupProps)[] = [
  'engine',
  'engineVersion',
  'cacheNodeType',
  'cacheParameterGroupName',
  'numNodeGroups',
  'clusterMode',
  'automaticFailoverEnabled',
  'multiAzEnabled',
  'transitEncryptionEnabled',
  'transitEncryptionMode',
  'atRestEncryptionEnabled',
  'dataTieringEnabled',
  'networkType',
  'ipDiscovery',
  'durability',
];

/** A replication group's L1 props as a secondary of the global datastore `globalReplicationGroupId`. */
export function toGlobalSecondaryProps(props: CfnReplicationGroupProps, globalReplicationGroupId: string): CfnReplicationGroupProps {
  const secondary: Record<string, unknown> = { ...props };
  for (const key of INHERITED_FROM_PRIMARY) delete secondary[key];
  return { ...(secondary as unknown as CfnReplicationGroupProps), globalReplicationGroupId };
}

/** Props a secondary takes from the primary: setting them is a mistake even when the values agree. */
const INHERITED_PROPS: readonly (keyof ReplicationGroupProps)[] = [
  'transitEncryptionMode',
  'parameters',
  'dataTiering',
  'networkType',
  'multiAz',
];

/** Props a secondary may repeat only with the global datastore's value (they also shape the secondary's own rules). */
function mismatches({ props }: RuleInput): string[] {
  const global = props.globalDatastore!;
  const differ = <T>(mine: T | undefined, theirs: T | undefined, show: (v: T) => string = String) =>
    mine !== undefined && theirs !== undefined && isResolved(mine) && isResolved(theirs) && show(mine) !== show(theirs);
  return [
    differ(props.engine, global.engine, (e) => e.toString())
      ? `engine ${props.engine!.toString()} (the primary runs ${global.engine!.toString()})`
      : undefined,
    differ(props.cacheNodeType, global.cacheNodeType)
      ? `cacheNodeType '${props.cacheNodeType}' (the primary's is '${global.cacheNodeType}')`
      : undefined,
    differ(props.numShards, global.numShards) ? `numShards ${props.numShards} (the primary has ${global.numShards})` : undefined,
    differ(props.clusterMode, global.clusterMode) ? `clusterMode ${props.clusterMode} (the primary's is ${global.clusterMode})` : undefined,
  ].filter((m): m is string => m !== undefined);
}

/**
 * The rules of a replication group that joins a global datastore as a secondary (ReplicationGroupProps.globalDatastore),
 * run after the replication group's own. Region and count rules live in GlobalDatastore._addSecondary.
 */
export const GLOBAL_SECONDARY_RULES: readonly Rule<RuleInput>[] = [
  {
    id: 'global-secondary-inherited',
    severity: 'error',
    check: (input) => {
      const set = INHERITED_PROPS.filter((prop) => input.props[prop] !== undefined).map((prop) => `${prop}`);
      const problems = [...mismatches(input), ...(set.length > 0 ? [`${set.join(', ')} (inherited from the primary: remove)`] : [])];
      return problems.length > 0
        ? `a secondary of a global datastore takes its engine, version, node type, shards, parameters, encryption and Multi-AZ from the primary, but sets ${problems.join('; ')}`
        : undefined;
    },
  },
  {
    id: 'global-secondary-replicas',
    severity: 'error',
    check: ({ props, config }) =>
      props.globalDatastore?.multiAz && isResolved(config.replicasPerShard) && config.replicasPerShard < 1
        ? 'the primary is Multi-AZ with automatic failover, which a secondary inherits and which needs a replica: set replicasPerShard to 1-5'
        : undefined,
  },
];
