import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { ReplicationGroupEngine } from './engine';
import { NodeTypeInfo, isDataTieringNodeType, parseNodeType } from '../private/node-type';
import { NetworkType } from '../shared/network-type';
import { ClusterMode, Durability, IGlobalDatastore, ReplicationGroupProps, TransitEncryptionMode } from './props';

/**
 * Every default of a ReplicationGroup, decided here and nowhere else.
 *
 * Defaults whose change would upgrade or replace a user's live cache (engine, node type, port, network type,
 * encryption, topology) are frozen within a major version of cdk-elasticache: a release may add a constant such
 * as ReplicationGroupEngine.VALKEY_9_1, but the default moves only in a new major version, announced in the README.
 * test/replication-group/frozen-defaults.test.ts fails when one of them changes.
 */
export const REPLICATION_GROUP_DEFAULTS = {
  engine: ReplicationGroupEngine.VALKEY_9_0,
  cacheNodeType: 'cache.r7g.large',
  numShards: 1,
  replicasPerShard: 2,
  multiAz: true,
  port: 6380,
  transitEncryptionMode: TransitEncryptionMode.REQUIRED,
  backupRetention: Duration.days(15),
  snapshotWindow: '03:00-05:00',
  maintenanceWindow: 'sun:06:00-sun:07:00',
  autoMinorVersionUpgrade: true,
  networkType: NetworkType.IPV4,
  removalPolicy: RemovalPolicy.SNAPSHOT,
} as const;

/** Props with every default applied: what the validation rules and the L1 mapping read. */
export interface ReplicationGroupConfig {
  readonly engine: ReplicationGroupEngine;
  readonly cacheNodeType: string;
  /** Undefined when the node type is a token or malformed (the format rule reports the latter). */
  readonly nodeTypeInfo?: NodeTypeInfo;
  readonly clusterMode: ClusterMode;
  readonly numShards: number;
  readonly replicasPerShard: number;
  readonly multiAz: boolean;
  readonly automaticFailover: boolean;
  readonly preferredAvailabilityZones?: string[];
  readonly port: number;
  readonly transitEncryptionMode: TransitEncryptionMode;
  readonly snapshotRetentionDays: number;
  readonly snapshotWindow: string;
  readonly maintenanceWindow: string;
  readonly autoMinorVersionUpgrade: boolean;
  readonly parameters: Record<string, string>;
  readonly replicationGroupId?: string;
  readonly networkType: NetworkType;
  readonly dataTiering: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly durability?: Durability;
  /** The global datastore this group joins as a secondary; its primary's engine, node type and topology are the defaults. */
  readonly globalDatastore?: IGlobalDatastore;
}

/** Applies the defaults to the props. Does not validate: see validation-rules.ts. */
export function resolveConfig(props: ReplicationGroupProps): ReplicationGroupConfig {
  const d = REPLICATION_GROUP_DEFAULTS;
  // A secondary of a global datastore runs what the primary runs (global-secondary-inherited rejects other values).
  const global = props.globalDatastore;
  const cacheNodeType = props.cacheNodeType ?? global?.cacheNodeType ?? d.cacheNodeType;
  const nodeTypeInfo = Token.isUnresolved(cacheNodeType) ? undefined : parseNodeType(cacheNodeType);
  const numShards = props.numShards ?? global?.numShards ?? d.numShards;
  const replicasPerShard = props.replicasPerShard ?? d.replicasPerShard;
  const clusterMode = props.clusterMode ?? global?.clusterMode ?? (numShards > 1 ? ClusterMode.ENABLED : ClusterMode.DISABLED);
  const hasReplica = replicasPerShard > 0;
  return {
    engine: props.engine ?? global?.engine ?? d.engine,
    cacheNodeType,
    nodeTypeInfo,
    clusterMode,
    numShards,
    replicasPerShard,
    // With no replica there is nothing to fail over to, so Multi-AZ defaults off rather than failing.
    multiAz: props.multiAz ?? global?.multiAz ?? (hasReplica && d.multiAz),
    // Cluster mode requires automatic failover; with a replica it is the point of a replication group.
    automaticFailover: clusterMode === ClusterMode.ENABLED || hasReplica,
    preferredAvailabilityZones: props.preferredAvailabilityZones,
    port: props.port ?? global?.port ?? d.port,
    transitEncryptionMode: props.transitEncryptionMode ?? d.transitEncryptionMode,
    snapshotRetentionDays: (props.backup?.retention ?? d.backupRetention).toDays({ integral: false }),
    snapshotWindow: props.backup?.preferredWindow ?? d.snapshotWindow,
    maintenanceWindow: props.maintenanceWindow ?? d.maintenanceWindow,
    autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? d.autoMinorVersionUpgrade,
    parameters: props.parameters ?? {},
    replicationGroupId: props.replicationGroupId,
    networkType: props.networkType ?? d.networkType,
    dataTiering: props.dataTiering ?? (nodeTypeInfo !== undefined && isDataTieringNodeType(nodeTypeInfo)),
    removalPolicy: props.removalPolicy ?? d.removalPolicy,
    durability: props.durability,
    globalDatastore: global,
  };
}
