import { ReplicationGroupEngineName } from './engine';
import { DURABILITY_NODES } from '../facts/node-families';
import { identifierProblem } from '../private/identifiers';
import { NODE_TYPE_FORMAT, isBurstable, isDataTieringNodeType, isNitroNodeType, nodeTypeEngineProblem } from '../private/node-type';
import { Rule, integerOutside, isResolved as resolved, portProblem, twoZonesProblem } from '../shared/rule-table';
import {
  SNAPSHOT_WINDOW_FORMAT,
  maintenanceWindowProblem,
  parseMaintenanceWindow,
  parseSnapshotWindow,
  windowLength,
  windowsOverlap,
} from '../private/windows';
import { logDeliveryEngineProblem, sharedLogDestinationProblem } from '../monitoring/log-delivery';
import { notificationTopicProblem } from '../monitoring/notifications';
import { ReplicationGroupConfig } from './config';
import { NetworkType } from '../shared/network-type';
import { ClusterMode, Durability, ReplicationGroupProps } from './props';

/** What a rule sees: the raw props (to tell explicit choices from defaults) and the resolved config. */
export interface RuleInput {
  readonly props: ReplicationGroupProps;
  readonly config: ReplicationGroupConfig;
  /** AZs of the selected subnets, when known at synth time (not tokens). */
  readonly subnetAvailabilityZones?: string[];
  /** The region of the group's stack (a token when the stack is env-agnostic). */
  readonly region: string;
  /** For a secondary of a global datastore: which secondary of it this group is (1, 2, ...), counted in this app. */
  readonly secondaryNumber?: number;
}

/** A synth-time check. `error` findings throw; `warning` findings become annotations. */
export type ValidationRule = Rule<RuleInput>;

/** Node types built on the Nitro system; IPv6 and dual-stack need them. */
function isNitro(config: ReplicationGroupConfig): boolean | undefined {
  return config.nodeTypeInfo && isNitroNodeType(config.nodeTypeInfo);
}

const numCacheClusters = (config: ReplicationGroupConfig): number => config.replicasPerShard + 1;

/** Durability is on with SYNC or ASYNC; DISABLED and unset need none of the rules below. */
const durable = (config: ReplicationGroupConfig): boolean =>
  config.durability === Durability.SYNC || config.durability === Durability.ASYNC;

/** Node families durability runs on (lib/facts/node-families.ts, with the Limitations pages it follows). */
const DURABLE_NODE_FAMILIES = DURABILITY_NODES.families;

/**
 * Durability's requirements, from "Limitations" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Limitations.html):
 * "supported on Valkey 9.0 or later"; "supported for the following instance type families: R8g, R7g, R6g, M8g, M7g,
 * M6g, C8gn, and C7gn"; "not supported for Cluster Mode Disabled (CMD) clusters"; "requires Multi-AZ enabled with at
 * least one replica per shard"; "not supported with Global Datastores, Outposts, Local Zones, or data tiering"; and it
 * "requires encryption in-transit (TLS)", which this library always enables, as encryption at rest.
 */
const DURABILITY_RULES: ValidationRule[] = [
  {
    id: 'durability-engine',
    severity: 'error',
    check: ({ config }) =>
      durable(config) && !(config.engine.name === ReplicationGroupEngineName.VALKEY && config.engine.isAtLeast('9.0'))
        ? `durability ${config.durability} needs Valkey 9.0+, but engine is ${config.engine.toString()}: use ReplicationGroupEngine.VALKEY_9_0 or later`
        : undefined,
  },
  {
    id: 'durability-node-type',
    severity: 'error',
    check: ({ config }) => {
      const info = config.nodeTypeInfo;
      const family = info && `${info.instanceClass}${info.generation}${info.attributes}`;
      return durable(config) && family !== undefined && !DURABLE_NODE_FAMILIES.includes(family)
        ? `durability ${config.durability} needs an ${DURABLE_NODE_FAMILIES.join(', ')} node type, got '${config.cacheNodeType}'`
        : undefined;
    },
  },
  {
    id: 'durability-cluster-mode',
    severity: 'error',
    check: ({ config }) =>
      durable(config) && config.clusterMode !== ClusterMode.ENABLED
        ? `durability ${config.durability} needs clusterMode ClusterMode.ENABLED (durability is not supported with cluster mode disabled)`
        : undefined,
  },
  {
    id: 'durability-multi-az',
    severity: 'error',
    check: ({ config }) =>
      durable(config) && (!config.multiAz || (resolved(config.replicasPerShard) && config.replicasPerShard < 1))
        ? `durability ${config.durability} needs multiAz true and at least one replica per shard, got multiAz ${config.multiAz} and replicasPerShard ${config.replicasPerShard}`
        : undefined,
  },
  {
    id: 'durability-data-tiering',
    severity: 'error',
    check: ({ config }) =>
      durable(config) && config.dataTiering
        ? `durability ${config.durability} is not supported with data tiering (r6gd node types): choose another node type or no durability`
        : undefined,
  },
  {
    id: 'durability-global-datastore',
    severity: 'error',
    check: ({ config }) =>
      config.durability !== undefined && config.globalDatastore
        ? `durability is not supported with a global datastore, and a secondary inherits the primary's: remove durability`
        : undefined,
  },
];

/**
 * Every combination CloudFormation or the ElastiCache API would reject at deploy time (15–40 minutes of create
 * and rollback), caught at synth instead. Unresolved tokens are skipped.
 */
export const REPLICATION_GROUP_RULES: ValidationRule[] = [
  {
    id: 'replication-group-id',
    severity: 'error',
    check: ({ config }) => identifierProblem('replicationGroupId', config.replicationGroupId, true),
  },
  {
    id: 'node-type-format',
    severity: 'error',
    check: ({ config }) =>
      resolved(config.cacheNodeType) && !config.nodeTypeInfo
        ? `cacheNodeType '${config.cacheNodeType}' is invalid: expected ${NODE_TYPE_FORMAT}`
        : undefined,
  },
  {
    // A secondary of a global datastore has the primary's node type and engine: the global datastore checks them.
    id: 'node-type-engine',
    severity: 'error',
    check: ({ config }) =>
      config.nodeTypeInfo && !config.globalDatastore
        ? nodeTypeEngineProblem('cacheNodeType', config.nodeTypeInfo, config.engine)
        : undefined,
  },
  {
    id: 'num-shards-range',
    severity: 'error',
    check: ({ config }) =>
      integerOutside(config.numShards, 1, 500) ? `numShards must be an integer from 1 to 500, got ${config.numShards}` : undefined,
  },
  {
    id: 'shards-need-cluster-mode',
    severity: 'error',
    check: ({ config }) =>
      config.clusterMode === ClusterMode.DISABLED && resolved(config.numShards) && config.numShards > 1
        ? `numShards ${config.numShards} needs clusterMode ClusterMode.ENABLED; with ClusterMode.DISABLED numShards must be 1`
        : undefined,
  },
  {
    id: 'replicas-range',
    severity: 'error',
    check: ({ config }) =>
      integerOutside(config.replicasPerShard, 0, 5)
        ? `replicasPerShard must be an integer from 0 to 5, got ${config.replicasPerShard}`
        : undefined,
  },
  {
    id: 'multi-az-needs-replica',
    severity: 'error',
    check: ({ config }) =>
      config.multiAz && resolved(config.replicasPerShard) && config.replicasPerShard < 1
        ? 'multiAz needs automatic failover, which needs replicasPerShard >= 1 (at least 2 nodes); set replicasPerShard to 1-5 or multiAz to false'
        : undefined,
  },
  {
    id: 'multi-az-needs-two-azs',
    severity: 'error',
    check: ({ config, subnetAvailabilityZones: azs }) => (config.multiAz ? twoZonesProblem('multiAz', azs) : undefined),
  },
  {
    id: 'cluster-mode-without-replicas',
    severity: 'warning',
    check: ({ config }) =>
      config.clusterMode === ClusterMode.ENABLED && resolved(config.replicasPerShard) && config.replicasPerShard === 0
        ? 'cluster mode with replicasPerShard 0 has no failover target: a node failure loses that shard, and later updates can fail; use 1-5 replicas'
        : undefined,
  },
  {
    id: 't1-no-failover',
    severity: 'error',
    check: ({ config }) =>
      config.automaticFailover && config.nodeTypeInfo?.instanceClass === 't' && config.nodeTypeInfo.generation === 1
        ? `cacheNodeType '${config.cacheNodeType}' does not support automatic failover or Multi-AZ: use cache.t3/t4g or larger, or replicasPerShard 0 with cluster mode disabled`
        : undefined,
  },
  {
    id: 'burstable-backups',
    severity: 'error',
    check: ({ config }) => {
      const info = config.nodeTypeInfo;
      const oldBurstable = info !== undefined && isBurstable(info) && info.generation <= 2;
      return oldBurstable && config.clusterMode === ClusterMode.DISABLED && config.snapshotRetentionDays > 0
        ? `cacheNodeType '${config.cacheNodeType}' does not support backups with cluster mode disabled: set backup.retention to Duration.days(0) or use cache.t3/t4g or larger`
        : undefined;
    },
  },
  {
    id: 'preferred-azs',
    severity: 'error',
    check: ({ config }) => {
      const azs = config.preferredAvailabilityZones;
      if (!azs || !resolved(azs) || !resolved(config.replicasPerShard)) return undefined;
      if (config.clusterMode === ClusterMode.ENABLED) {
        return 'preferredAvailabilityZones applies only to cluster mode disabled (one entry per node)';
      }
      return azs.length !== numCacheClusters(config)
        ? `preferredAvailabilityZones must have exactly ${numCacheClusters(config)} entries (replicasPerShard + 1, primary first), got ${azs.length}`
        : undefined;
    },
  },
  {
    id: 'port-range',
    severity: 'error',
    check: ({ config }) => portProblem(config.port),
  },
  {
    id: 'transit-encryption-mode-engine',
    severity: 'error',
    check: ({ props, config }) =>
      props.transitEncryptionMode !== undefined && !config.engine.supportsTransitEncryptionMode
        ? `transitEncryptionMode needs Valkey or Redis OSS 7.0+, but engine is ${config.engine.toString()}; remove transitEncryptionMode (TLS is then required) or upgrade the engine`
        : undefined,
  },
  {
    id: 'backup-retention-range',
    severity: 'error',
    check: ({ config }) =>
      integerOutside(config.snapshotRetentionDays, 0, 35)
        ? `backup.retention must be whole days from 0 to 35, got ${config.snapshotRetentionDays} days`
        : undefined,
  },
  {
    id: 'backup-retention-compliance',
    severity: 'warning',
    check: ({ config }) =>
      resolved(config.snapshotRetentionDays) && config.snapshotRetentionDays < 15
        ? `backup.retention of ${config.snapshotRetentionDays} days is below the 15 days HIPAA and NIST 800-53 rules ask for`
        : undefined,
  },
  {
    id: 'snapshot-window-format',
    severity: 'error',
    check: ({ config: { snapshotWindow: w } }) => {
      if (!resolved(w)) return undefined;
      const interval = parseSnapshotWindow(w);
      return !interval || windowLength(interval) < 60
        ? `backup.preferredWindow '${w}' is invalid: expected ${SNAPSHOT_WINDOW_FORMAT}`
        : undefined;
    },
  },
  {
    id: 'maintenance-window-format',
    severity: 'error',
    check: ({ config }) => maintenanceWindowProblem('maintenanceWindow', config.maintenanceWindow),
  },
  {
    id: 'windows-overlap',
    severity: 'error',
    check: ({ config }) => {
      if (config.snapshotRetentionDays === 0) return undefined;
      const snapshot = resolved(config.snapshotWindow) ? parseSnapshotWindow(config.snapshotWindow) : undefined;
      const maintenance = resolved(config.maintenanceWindow) ? parseMaintenanceWindow(config.maintenanceWindow) : undefined;
      return snapshot && maintenance && windowsOverlap(snapshot, maintenance)
        ? `maintenanceWindow '${config.maintenanceWindow}' overlaps backup.preferredWindow '${config.snapshotWindow}': move one of them`
        : undefined;
    },
  },
  {
    id: 'data-tiering-node-type',
    severity: 'error',
    check: ({ config }) => {
      const info = config.nodeTypeInfo;
      if (!info) return undefined;
      if (isDataTieringNodeType(info) && !config.dataTiering) {
        return `cacheNodeType '${config.cacheNodeType}' (r6gd) requires dataTiering true`;
      }
      return !isDataTieringNodeType(info) && config.dataTiering
        ? `dataTiering needs an r6gd node type (e.g. 'cache.r6gd.xlarge'), got '${config.cacheNodeType}'`
        : undefined;
    },
  },
  {
    id: 'data-tiering-engine',
    severity: 'error',
    check: ({ config }) =>
      config.dataTiering && !config.engine.supportsDataTiering
        ? `dataTiering needs Valkey or Redis OSS 6.2+, but engine is ${config.engine.toString()}`
        : undefined,
  },
  {
    id: 'network-type',
    severity: 'error',
    check: ({ config }) => {
      if (config.networkType === NetworkType.IPV4) return undefined;
      if (!config.engine.supportsIpv6) {
        return `networkType '${config.networkType}' needs Valkey or Redis OSS 6.2+, but engine is ${config.engine.toString()}`;
      }
      return isNitro(config) === false
        ? `networkType '${config.networkType}' needs a Nitro node type (t3/t4g, m5+, r5+, m6g/r6g or newer), got '${config.cacheNodeType}'`
        : undefined;
    },
  },
  {
    id: 'cluster-enabled-parameter',
    severity: 'error',
    check: ({ config }) => {
      const value = config.parameters['cluster-enabled'];
      const expected = config.clusterMode === ClusterMode.ENABLED ? 'yes' : 'no';
      return value !== undefined && value !== expected
        ? `parameters['cluster-enabled'] is '${value}' but clusterMode is ${config.clusterMode}: remove it (the construct sets '${expected}')`
        : undefined;
    },
  },
  ...DURABILITY_RULES,
  {
    id: 'engine-version-unknown',
    severity: 'warning',
    check: ({ config: { engine } }) => {
      if (engine.isKnownVersion) return undefined;
      return engine.name === ReplicationGroupEngineName.REDIS
        ? `engine ${engine.toString()}: ElastiCache's last Redis OSS version is 7.1; newer versions are Valkey (ReplicationGroupEngineName.VALKEY)`
        : `engine ${engine.toString()} is newer than every version this release of cdk-elasticache knows: check that ElastiCache offers it in your region and that its parameter group family is '${engine.parameterGroupFamily}'`;
    },
  },
  { id: 'log-delivery-engine', severity: 'error', check: ({ props, config }) => logDeliveryEngineProblem(props.logging, config.engine) },
  { id: 'log-destination-shared', severity: 'error', check: ({ props }) => sharedLogDestinationProblem(props.logging) },
  { id: 'notification-topic-encrypted', severity: 'error', check: ({ props }) => notificationTopicProblem(props.notificationTopic) },
];
