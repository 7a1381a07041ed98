import { Duration, RemovalPolicy, Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import { NetworkType } from '../shared/network-type';
import { ServerlessCacheConnectionType } from './connection-type';
import { ServerlessCacheEngine } from './engine';
import { ServerlessCacheProps } from './props';

/** Every default of a ServerlessCache, decided here and nowhere else (the engine is frozen within a major version). */
export const SERVERLESS_DEFAULTS = {
  engine: ServerlessCacheEngine.VALKEY_8,
  backupRetention: Duration.days(15),
  dailySnapshotTime: '03:00',
  removalPolicy: RemovalPolicy.SNAPSHOT,
  connectionType: ServerlessCacheConnectionType.VPC,
} as const;

/** Usage limits in the units CloudFormation takes (GB, ECPU/s); undefined members are unset. */
export interface UsageLimitsConfig {
  readonly dataStorageMinimumGb?: number;
  readonly dataStorageMaximumGb?: number;
  readonly ecpuMinimum?: number;
  readonly ecpuMaximum?: number;
}

/** Props with every default applied: what the rules and the L1 mapping read. */
export interface ServerlessConfig {
  readonly engine: ServerlessCacheEngine;
  readonly serverlessCacheName?: string;
  readonly description?: string;
  readonly usageLimits: UsageLimitsConfig;
  readonly snapshotRetentionDays: number;
  readonly dailySnapshotTime: string;
  readonly snapshotArnsToRestore?: string[];
  readonly removalPolicy: RemovalPolicy;
  readonly connectionType: ServerlessCacheConnectionType;
  /** Undefined: ElastiCache's default (IPv4, or IPv6 when every subnet is IPv6-only). */
  readonly networkType?: NetworkType;
}

/** A size in GB as CloudFormation's `DataStorage` (unit GB) takes it; fractions stay fractions for the range rule. */
const gb = (size: Size | undefined): number | undefined => size?.toGibibytes({ rounding: SizeRoundingBehavior.NONE });

/** Applies the defaults to the props. Does not validate: see validation-rules.ts. */
export function resolveServerlessConfig(props: ServerlessCacheProps): ServerlessConfig {
  const d = SERVERLESS_DEFAULTS;
  const limits = props.cacheUsageLimits ?? {};
  return {
    engine: props.engine ?? d.engine,
    serverlessCacheName: props.serverlessCacheName,
    description: props.description,
    usageLimits: {
      dataStorageMinimumGb: gb(limits.dataStorageMinimumSize),
      dataStorageMaximumGb: gb(limits.dataStorageMaximumSize),
      ecpuMinimum: limits.requestRateLimitMinimum,
      ecpuMaximum: limits.requestRateLimitMaximum,
    },
    snapshotRetentionDays: (props.backup?.retention ?? d.backupRetention).toDays({ integral: false }),
    dailySnapshotTime: props.backup?.dailySnapshotTime ?? d.dailySnapshotTime,
    snapshotArnsToRestore: props.snapshotArnsToRestore,
    removalPolicy: props.removalPolicy ?? d.removalPolicy,
    connectionType: props.connectionType ?? d.connectionType,
    networkType: props.networkType,
  };
}
