import { CfnCacheClusterProps } from 'aws-cdk-lib/aws-elasticache';
import { NetworkType } from '../shared/network-type';
import { MemcachedConfig } from './config';

/** The references to resources the construct made or was given. */
export interface MemcachedCfnReferences {
  readonly subnetGroupName: string;
  readonly securityGroupIds: string[];
  readonly parameterGroupName: string;
  /** The event notification topic, when given. */
  readonly notificationTopicArn?: string;
}

/**
 * The one place where the strong config becomes L1 props (AWS::ElastiCache::CacheCluster with engine memcached).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-cachecluster.html
 */
export function toCfnCacheClusterProps(config: MemcachedConfig, refs: MemcachedCfnReferences): CfnCacheClusterProps {
  return {
    clusterName: config.clusterName,
    engine: 'memcached',
    engineVersion: config.engine.version,
    cacheNodeType: config.cacheNodeType,
    numCacheNodes: config.numNodes,
    cacheParameterGroupName: refs.parameterGroupName,
    // Placement: AZMode is always explicit (ElastiCache assumes single-az when both it and the zone list are absent).
    azMode: config.azMode,
    preferredAvailabilityZones: config.preferredAvailabilityZones,
    // Network.
    cacheSubnetGroupName: refs.subnetGroupName,
    vpcSecurityGroupIds: refs.securityGroupIds,
    port: config.port,
    networkType: config.networkType === NetworkType.IPV4 ? undefined : config.networkType,
    ipDiscovery: config.networkType === NetworkType.IPV6 ? 'ipv6' : undefined,
    transitEncryptionEnabled: config.transitEncryption,
    preferredMaintenanceWindow: config.maintenanceWindow,
    notificationTopicArn: refs.notificationTopicArn,
  };
}
