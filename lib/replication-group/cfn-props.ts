import { CfnReplicationGroup, CfnReplicationGroupProps } from 'aws-cdk-lib/aws-elasticache';
import { AuthenticationConfig } from '../auth/authentication';
import { ReplicationGroupConfig } from './config';
import { NetworkType } from '../shared/network-type';
import { ClusterMode } from './props';

/** The references to resources the construct made or was given. */
export interface CfnReferences {
  readonly description: string;
  readonly subnetGroupName: string;
  readonly securityGroupIds: string[];
  /** Undefined for a global datastore's secondary, which uses the primary's. */
  readonly parameterGroupName?: string;
  readonly kmsKeyId: string;
  readonly auth: AuthenticationConfig;
  readonly logDeliveryConfigurations?: CfnReplicationGroup.LogDeliveryConfigurationRequestProperty[];
  readonly notificationTopicArn?: string;
}

/**
 * L1 properties a global datastore's secondary leaves out: ElastiCache takes them from the primary. "ElastiCache
 * infers values from the primary for CacheParameterGroupName, Engine, EngineVersion, CacheNodeType,
 * TransitEncryptionEnabled, AtRestEncryptionEnabled" and the shard count, and answers InvalidParameterCombination when
 * they are passed (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-CLI.html). A
 * secondary also "inherits the Multi-AZ and automatic failover settings from the primary cluster"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html).
 * The secondary keeps its own subnets, security groups, port, KMS key (one of its region), credentials, replica count,
 * backups and maintenance window.
 *
 * Its AuthToken without TransitEncryptionEnabled: the CloudFormation reference says "AuthToken can be specified only on
 * replication groups where TransitEncryptionEnabled is true", and a secondary is one (TLS is inherited from the primary,
 * which this library always creates with it) but must not send the flag (InvalidParameterCombination, above). No AWS
 * page says whether the check reads the inherited value; Terraform's provider, whose conflict list for
 * `global_replication_group_id` names `transit_encryption_enabled` but not `auth_token`, sends exactly this
 * (hashicorp/terraform-provider-aws internal/service/elasticache/replication_group.go; research r1 §4, checked
 * 2026-12-04). Unconfirmed by a deployment here, so it is kept: without a token a secondary of an AUTH-token primary
 * would accept no client. The integ app test/integ/integ.global-datastore.ts deploys this shape.
 */
export type InheritedFromPrimary =
  | 'engine'
  | 'engineVersion'
  | 'cacheNodeType'
  | 'cacheParameterGroupName'
  | 'numNodeGroups'
  | 'clusterMode'
  | 'automaticFailoverEnabled'
  | 'multiAzEnabled'
  | 'transitEncryptionEnabled'
  | 'transitEncryptionMode'
  | 'atRestEncryptionEnabled'
  | 'dataTieringEnabled'
  | 'networkType'
  | 'ipDiscovery'
  | 'durability';

/** What every replication group sets itself, a global datastore's secondary included. */
type OwnProps = Omit<CfnReplicationGroupProps, InheritedFromPrimary | 'globalReplicationGroupId'>;

/**
 * The one place where the strong config becomes L1 props. A global datastore's secondary gets its own properties and
 * the global datastore's id; every other group also gets the properties a secondary inherits.
 */
export function toCfnReplicationGroupProps(config: ReplicationGroupConfig, refs: CfnReferences): CfnReplicationGroupProps {
  const own = ownProps(config, refs);
  return config.globalDatastore
    ? { ...own, globalReplicationGroupId: config.globalDatastore.globalReplicationGroupId }
    : { ...inheritableProps(config, refs), ...own };
}

/** The properties a secondary inherits from its primary: every key of `InheritedFromPrimary`, set or undefined. */
function inheritableProps(
  config: ReplicationGroupConfig,
  refs: CfnReferences,
): { [K in InheritedFromPrimary]: CfnReplicationGroupProps[K] } {
  const clusterMode = config.clusterMode === ClusterMode.ENABLED;
  return {
    engine: config.engine.name,
    engineVersion: config.engine.version,
    cacheNodeType: config.cacheNodeType,
    cacheParameterGroupName: refs.parameterGroupName,
    numNodeGroups: clusterMode ? config.numShards : undefined,
    clusterMode: clusterMode ? 'enabled' : undefined,
    automaticFailoverEnabled: config.automaticFailover,
    multiAzEnabled: config.multiAz,
    networkType: config.networkType === NetworkType.IPV4 ? undefined : config.networkType,
    ipDiscovery: config.networkType === NetworkType.IPV6 ? 'ipv6' : undefined,
    transitEncryptionEnabled: true,
    transitEncryptionMode: config.engine.supportsTransitEncryptionMode ? config.transitEncryptionMode : undefined,
    atRestEncryptionEnabled: true,
    dataTieringEnabled: config.dataTiering ? true : undefined,
    durability: config.durability,
  };
}

/** The properties every group sets itself. */
function ownProps(config: ReplicationGroupConfig, refs: CfnReferences): OwnProps {
  const clusterMode = config.clusterMode === ClusterMode.ENABLED;
  return {
    replicationGroupId: config.replicationGroupId,
    replicationGroupDescription: refs.description,
    // Topology: cluster mode off uses NumCacheClusters; on uses NumNodeGroups (inherited) x ReplicasPerNodeGroup.
    numCacheClusters: clusterMode ? undefined : config.replicasPerShard + 1,
    replicasPerNodeGroup: clusterMode ? config.replicasPerShard : undefined,
    preferredCacheClusterAZs: config.preferredAvailabilityZones,
    // Network.
    cacheSubnetGroupName: refs.subnetGroupName,
    securityGroupIds: refs.securityGroupIds,
    port: config.port,
    // Encryption at rest: the key of this group's region.
    kmsKeyId: refs.kmsKeyId,
    // Auth.
    authToken: refs.auth.authToken,
    userGroupIds: refs.auth.userGroup ? [refs.auth.userGroup.userGroupId] : undefined,
    // Data safety.
    snapshotRetentionLimit: config.snapshotRetentionDays,
    snapshotWindow: config.snapshotRetentionDays > 0 ? config.snapshotWindow : undefined,
    preferredMaintenanceWindow: config.maintenanceWindow,
    autoMinorVersionUpgrade: config.autoMinorVersionUpgrade,
    // Observability (both update in place).
    logDeliveryConfigurations: refs.logDeliveryConfigurations,
    notificationTopicArn: refs.notificationTopicArn,
  };
}
