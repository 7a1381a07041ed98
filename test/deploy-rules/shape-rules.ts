/**
 * Deploy rules for the shapes beyond the replication group: failures of `cdk deploy` that synth and schema validation
 * cannot see, each checked over a synthesized template (see rules.ts for the format).
 */
import { resourcesOfType, CfnTemplate } from './template-model';

/**
 * Properties a global datastore's secondary must leave out: "ElastiCache infers values from the primary for
 * CacheParameterGroupName, Engine, EngineVersion, CacheNodeType, TransitEncryptionEnabled, AtRestEncryptionEnabled" and
 * the shard count; passing them fails the create with InvalidParameterCombination
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-CLI.html).
 */
const INHERITED_BY_SECONDARIES = [
  'Engine',
  'EngineVersion',
  'CacheNodeType',
  'CacheParameterGroupName',
  'NumNodeGroups',
  'TransitEncryptionEnabled',
  'AtRestEncryptionEnabled',
];

/** Every replication group that joins a global datastore (GlobalReplicationGroupId) leaves the inherited properties out. */
export function globalSecondariesLeaveInheritedPropertiesOut(template: CfnTemplate): string[] {
  return resourcesOfType(template, 'AWS::ElastiCache::ReplicationGroup')
    .filter(([, group]) => group.Properties?.GlobalReplicationGroupId !== undefined)
    .flatMap(([id, group]) =>
      INHERITED_BY_SECONDARIES.filter((property) => group.Properties?.[property] !== undefined).map(
        (property) => `${id} joins a global datastore but sets ${property}, which it inherits from the primary`,
      ),
    );
}

/**
 * No Memcached cluster has a Snapshot DeletionPolicy or UpdateReplacePolicy: Memcached has no backups
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups.html: "caches running Valkey, Redis OSS, or
 * Serverless Memcached"), so the final snapshot CloudFormation asks for fails, and with it the delete or replacement.
 */
export function memcachedClustersTakeNoSnapshot(template: CfnTemplate): string[] {
  return resourcesOfType(template, 'AWS::ElastiCache::CacheCluster')
    .filter(([, cluster]) => cluster.Properties?.Engine === 'memcached')
    .flatMap(([id, cluster]) =>
      (['DeletionPolicy', 'UpdateReplacePolicy'] as const)
        .filter((policy) => cluster[policy] === 'Snapshot')
        .map((policy) => `${id} is a Memcached cluster with ${policy} Snapshot, which Memcached cannot take`),
    );
}
