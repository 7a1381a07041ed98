import { CfnServerlessCacheProps } from 'aws-cdk-lib/aws-elasticache';
import { ServerlessConfig, UsageLimitsConfig } from './config';

/** The references to resources the construct made or was given. */
export interface ServerlessCfnReferences {
  readonly serverlessCacheName: string;
  readonly description: string;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
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
    // Network. Serverless caches have TLS always on, and take no port.
    subnetIds: refs.subnetIds,
    securityGroupIds: refs.securityGroupIds,
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
