import { CfnServerlessCacheProps } from 'aws-cdk-lib/aws-elasticache';
import { NetworkType } from '../shared/network-type';
import { ServerlessConfig, UsageLimitsConfig } from './config';
import { ServerlessCacheConnectionType } from './connection-type';

/** The references to resources the construct made or was given. */
export interface ServerlessCfnReferences {
  readonly serverlessCacheName: string;
  readonly description: string;
  /** Undefined for a cache with a public endpoint, which has no VPC endpoint. */
  readonly subnetIds?: string[];
  readonly securityGroupIds?: string[];
  readonly kmsKeyId: string;
  readonly userGroupId?: string;
  /** The final snapshot's name, when the removal policy asks for one. */
  readonly finalSnapshotName?: string;
}

/** CacheUsageLimits, with only the parts that are set (DataStorage needs its unit). */
function usageLimits(l: UsageLimitsConfig): CfnServerlessCacheProps['cacheUsageLimits'] {
  const storage = l.dataStorageMinimumGb !== undefined || l.dataStorageMaximumGb !== undefined;
  const ecpu = l.ecpuMinimum !== undefined || l.ecpuMaximum !== undefined;
  if (!storage && !ecpu) return undefined;
  return {
    dataStorage: storage ? { unit: 'GB', minimum: l.dataStorageMinimumGb, maximum: l.dataStorageMaximumGb } : undefined,
    ecpuPerSecond: ecpu ? { minimum: l.ecpuMinimum, maximum: l.ecpuMaximum } : undefined,
  };
}

/**
 * The one place where the strong config becomes L1 props.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html
 */
export function toCfnServerlessCacheProps(config: ServerlessConfig, refs: ServerlessCfnReferences): CfnServerlessCacheProps {
  const snapshots = config.snapshotRetentionDays > 0;
  return {
    serverlessCacheName: refs.serverlessCacheName,
    description: refs.description,
    engine: config.engine.name,
    majorEngineVersion: config.engine.majorEngineVersion,
    cacheUsageLimits: usageLimits(config.usageLimits),
    // Network. Serverless caches have TLS always on, and take no port. The defaults (a VPC endpoint, ElastiCache's
    // default network type) stay out of the template: both are create-only, and a cache deployed before they existed
    // must see no change when they are set to what it already has.
    subnetIds: refs.subnetIds,
    securityGroupIds: refs.securityGroupIds,
    connectionType: config.connectionType === ServerlessCacheConnectionType.VPC ? undefined : config.connectionType,
    networkType: config.networkType === NetworkType.IPV4 ? undefined : config.networkType,
    // Encryption and access.
    kmsKeyId: refs.kmsKeyId,
    userGroupId: refs.userGroupId,
    // Data safety.
    snapshotRetentionLimit: config.snapshotRetentionDays,
    dailySnapshotTime: snapshots ? config.dailySnapshotTime : undefined,
    finalSnapshotName: refs.finalSnapshotName,
    snapshotArnsToRestore: config.snapshotArnsToRestore,
  };
}
