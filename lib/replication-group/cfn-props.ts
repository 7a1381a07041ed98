import { CfnReplicationGroup, CfnReplicationGroupProps } from 'aws-cdk-lib/aws-elasticache';
import { AuthenticationConfig } from '../auth/authentication';
import { toGlobalSecondaryProps } from '../global/secondary';
import { ReplicationGroupConfig } from './config';
import { ClusterMode, NetworkType } from './props';

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

/** The one place where the strong config becomes L1 props (a global datastore's secondary leaves out what it inherits). */
export function toCfnReplicationGroupProps(config: ReplicationGroupConfig, refs: CfnReferences): CfnReplicationGroupProps {
  const props = standaloneProps(config, refs);
  return config.globalDatastore ? toGlobalSecondaryProps(props, config.globalDatastore.globalReplicationGroupId) : props;
}

function standaloneProps(config: ReplicationGroupConfig, refs: CfnReferences): CfnReplicationGroupProps {
  const clusterMode = config.clusterMode === ClusterMode.ENABLED;
  return {
    replicationGroupId: config.replicationGroupId,
    replicationGroupDescription: refs.description,
    engine: config.engine.name,
    engineVersion: config.engine.version,
    cacheNodeType: config.cacheNodeType,
    cacheParameterGroupName: refs.parameterGroupName,
    // Topology: cluster mode off uses NumCacheClusters; on uses NumNodeGroups x ReplicasPerNodeGroup.
    numCacheClusters: clusterMode ? undefined : config.replicasPerShard + 1,
    numNodeGroups: clusterMode ? config.numShards : undefined,
    replicasPerNodeGroup: clusterMode ? config.replicasPerShard : undefined,
    clusterMode: clusterMode ? 'enabled' : undefined,
    automaticFailoverEnabled: config.automaticFailover,
    multiAzEnabled: config.multiAz,
    preferredCacheClusterAZs: config.preferredAvailabilityZones,
    // Network.
    cacheSubnetGroupName: refs.subnetGroupName,
    securityGroupIds: refs.securityGroupIds,
    port: config.port,
    networkType: config.networkType === NetworkType.IPV4 ? undefined : config.networkType,
    ipDiscovery: config.networkType === NetworkType.IPV6 ? 'ipv6' : undefined,
    // Encryption.
    transitEncryptionEnabled: true,
    transitEncryptionMode: config.engine.supportsTransitEncryptionMode ? config.transitEncryptionMode : undefined,
    atRestEncryptionEnabled: true,
    kmsKeyId: refs.kmsKeyId,
    // Auth.
    authToken: refs.auth.authToken,
    userGroupIds: refs.auth.userGroup ? [refs.auth.userGroup.userGroupId] : undefined,
    // Data safety.
    snapshotRetentionLimit: config.snapshotRetentionDays,
    snapshotWindow: config.snapshotRetentionDays > 0 ? config.snapshotWindow : undefined,
    preferredMaintenanceWindow: config.maintenanceWindow,
    autoMinorVersionUpgrade: config.autoMinorVersionUpgrade,
    dataTieringEnabled: config.dataTiering ? true : undefined,
    durability: config.durability,
    // Observability (both update in place).
    logDeliveryConfigurations: refs.logDeliveryConfigurations,
    notificationTopicArn: refs.notificationTopicArn,
  };
}
