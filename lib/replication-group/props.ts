import { Duration, IResource, RemovalPolicy, aws_ec2 as ec2, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { IGlobalReplicationGroupRef, ISubnetGroupRef } from 'aws-cdk-lib/aws-elasticache';
import { CacheAuthentication } from '../auth/authentication';
import { ReplicationGroupEngine } from './engine';
import { NetworkType } from '../shared/network-type';
import type { CacheLoggingProps } from '../monitoring/log-delivery';

/** Whether keys are sharded over several node groups (cluster mode) or held by one primary. */
export enum ClusterMode {
  /** One shard: a primary and its replicas. Primary and reader endpoints. */
  DISABLED = 'disabled',
  /** One or more shards. A configuration endpoint; clients must speak the cluster protocol. */
  ENABLED = 'enabled',
}

/** `TransitEncryptionMode`. To turn TLS on for an existing unencrypted group, go through PREFERRED first. */
export enum TransitEncryptionMode {
  /** Only TLS connections are accepted. */
  REQUIRED = 'required',
  /** TLS and plaintext connections are accepted: only for migrating a live group to TLS. */
  PREFERRED = 'preferred',
}

/**
 * `Durability` (Valkey 9.0+): a Multi-AZ transaction log that keeps acknowledged writes through node and zone failures
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/durability.html).
 */
export enum Durability {
  /** Writes are logged in at least two Availability Zones before the reply: nothing acknowledged is lost; writes take milliseconds. */
  SYNC = 'sync',
  /** Writes are logged after the reply: microsecond writes, up to 10 seconds of acknowledged writes may be lost. */
  ASYNC = 'async',
  /** No transaction log: replication only, as without durability. */
  DISABLED = 'disabled',
}

/**
 * A global datastore (ElastiCache Global Datastore, AWS::ElastiCache::GlobalReplicationGroup), created here or
 * imported: what a secondary replication group in another region joins (`ReplicationGroupProps.globalDatastore`).
 * Declared next to the props that take it, so that a replication group never imports the global datastore layer.
 */
export interface IGlobalDatastore extends IResource, IGlobalReplicationGroupRef {
  /** The global datastore's id: ElastiCache's region prefix plus the suffix, e.g. `ldgnf-orders`. @attribute */
  readonly globalReplicationGroupId: string;
  /** The ARN, `arn:<partition>:elasticache::<account>:globalreplicationgroup:<id>`. @attribute */
  readonly globalReplicationGroupArn: string;
  /** The engine and version every member runs, when known. */
  readonly engine?: ReplicationGroupEngine;
  /** The node type every member uses, when known. */
  readonly cacheNodeType?: string;
  /** Whether the members shard their keys, when known. */
  readonly clusterMode?: ClusterMode;
  /** The number of shards of every member, when known. */
  readonly numShards?: number;
  /** Whether the primary is Multi-AZ with automatic failover (secondaries inherit it), when known. */
  readonly multiAz?: boolean;
  /** The primary's port, which secondaries use by default, when known. */
  readonly port?: number;
  /** The primary's region, when known (a token for an env-agnostic stack). */
  readonly primaryRegion?: string;
}

/** Automatic backups (daily snapshots) of a cache. */
export interface CacheBackupProps {
  /**
   * How long automatic backups are kept, in whole days, 0–35 (0 turns backups off).
   * @default Duration.days(15) (HIPAA and NIST 800-53 rules ask for at least 15)
   */
  readonly retention?: Duration;

  /**
   * Daily window for automatic backups, UTC, `hh24:mi-hh24:mi`, at least 60 minutes; it must not overlap the
   * maintenance window.
   * @default '03:00-05:00'
   */
  readonly preferredWindow?: string;
}

/** Properties of a {@link ReplicationGroup}. */
export interface ReplicationGroupProps {
  /** The VPC to place the cache in. */
  readonly vpc: ec2.IVpc;

  /**
   * Where to place the nodes. Ignored when `subnetGroup` is given. Changing the selection updates the generated
   * subnet group in place (the group keeps its name), which does not replace the cache.
   * @default - the VPC's private subnets with egress, or its isolated subnets when it has none
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * An existing cache subnet group. Create-only (CacheSubnetGroupName): passing one to a live cache, or another one,
   * REPLACES the replication group (a new, empty cache; the old one leaves a final snapshot).
   * @default - a subnet group is created from `vpcSubnets`
   */
  readonly subnetGroup?: ISubnetGroupRef;

  /**
   * Security groups of the cache.
   * @default - a security group with no ingress and closed egress; grant access with `connections`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The engine and version. Versions can be upgraded in place but never downgraded. Redis OSS → Valkey is an in-place
   * upgrade (the construct switches the parameter group family with it); Valkey → Redis OSS is rejected by
   * ElastiCache. A major upgrade gets a new parameter group of the new family. A global datastore's primary keeps the
   * engine it was created with: upgrade every member with `GlobalDatastoreProps.engine`.
   * @default ReplicationGroupEngine.VALKEY_9_0 (frozen within a major version of cdk-elasticache: a library update never
   * upgrades your engine; pin the engine to choose when you upgrade)
   */
  readonly engine?: ReplicationGroupEngine;

  /**
   * The node type. A change is an online scaling operation (no replacement). A global datastore's primary keeps the
   * value it was created with: scale it (and every secondary) with `GlobalDatastoreProps.cacheNodeType`, as ElastiCache
   * rejects a node type change on a member.
   * @default 'cache.r7g.large' (memory-optimised Graviton, Nitro: supports Multi-AZ, IPv6 and every engine; frozen
   * within a major version of cdk-elasticache)
   */
  readonly cacheNodeType?: string;

  /**
   * Cluster mode.
   * @default - ENABLED when `numShards` > 1, DISABLED otherwise
   */
  readonly clusterMode?: ClusterMode;

  /**
   * Number of shards (node groups), 1–500. More than one requires cluster mode. In cluster mode a change reshards
   * online (the construct sets the `UseOnlineResharding` update policy); deploy a reshard on its own, since a failed
   * one is not rolled back. A global datastore's primary keeps the value it was created with: reshard every member
   * with `GlobalDatastoreProps.numShards`.
   * @default 1
   */
  readonly numShards?: number;

  /**
   * Replicas per shard, 0–5. With cluster mode disabled the group has `replicasPerShard + 1` nodes and a change adds
   * or removes replicas in place. With cluster mode enabled (ReplicasPerNodeGroup) a change also updates in place,
   * since 2026-07-01 ("AWS::ElastiCache::ReplicationGroup now applies ReplicasPerNodeGroup changes in place [...]
   * Combining it with NodeGroupConfiguration in the same update can still cause a replacement",
   * https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/918, checked 2026-12-04): change it in
   * a deploy of its own, not with a reshard.
   * @default 2
   */
  readonly replicasPerShard?: number;

  /**
   * Spread the nodes of each shard over Availability Zones and fail over across them.
   * Needs at least one replica per shard. Automatic failover is always on when there is a replica.
   * @default true
   */
  readonly multiAz?: boolean;

  /**
   * Availability Zones for the nodes, one per node (primary first), cluster mode disabled only.
   * Create-only: changing it replaces the group.
   * @default - ElastiCache spreads the nodes over the subnet group's Availability Zones
   */
  readonly preferredAvailabilityZones?: string[];

  /**
   * The port clients connect to, 1024–65535. Create-only: changing it REPLACES the replication group.
   * @default 6380 (not the engine default 6379, which scanners try first; cdk-nag AwsSolutions-AEC5)
   */
  readonly port?: number;

  /**
   * In-transit encryption mode. TLS is always on; PREFERRED exists only to migrate clients of a live group.
   * @default TransitEncryptionMode.REQUIRED
   */
  readonly transitEncryptionMode?: TransitEncryptionMode;

  /**
   * KMS key for encryption at rest, and for the generated AUTH token secret and the library's log groups (`grantAccess`
   * grants the grantee `kms:Decrypt` on it, through Secrets Manager only, to read the token). Create-only (KmsKeyId): a
   * different key REPLACES the replication group. An imported key's policy cannot be extended here: it must already
   * allow CloudWatch Logs for the rotation log group (the construct warns with the statement to add), and let this
   * account's IAM policies grant decryption (the default key policy does).
   * @default - a new customer-managed key with annual rotation
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How clients authenticate.
   * @default CacheAuthentication.authToken() - a generated token in Secrets Manager
   */
  readonly authentication?: CacheAuthentication;

  /**
   * Automatic backups: how long they are kept and when they are taken (grouped as in aws-rds and aws-docdb).
   * @default - 15 days, taken daily between 03:00 and 05:00 UTC
   */
  readonly backup?: CacheBackupProps;

  /**
   * Weekly maintenance window, UTC, 60 minutes to 24 hours; must not overlap the snapshot window.
   * @default 'sun:06:00-sun:07:00'
   */
  readonly maintenanceWindow?: string;

  /**
   * Apply minor engine upgrades automatically in the maintenance window.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;

  /**
   * Engine parameters for the group's parameter group (e.g. `{ 'maxmemory-policy': 'allkeys-lru' }`).
   * `cluster-enabled` is set from the cluster mode.
   * @default - the engine family's defaults
   */
  readonly parameters?: Record<string, string>;

  /**
   * Name of the replication group: 1–40 lowercase letters, digits or hyphens, starting with a letter, with no
   * trailing or double hyphen. Unique per account and region. Create-only: a change REPLACES the replication group.
   * @default - generated by CloudFormation
   */
  readonly replicationGroupId?: string;

  /**
   * Description of the group.
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * IP protocol of the nodes. Create-only: a change REPLACES the replication group.
   * @default NetworkType.IPV4
   */
  readonly networkType?: NetworkType;

  /**
   * Data tiering (memory + SSD). Only r6gd node types have it, and it is required on them. Create-only: a change
   * REPLACES the replication group.
   * @default - true for r6gd node types, false otherwise
   */
  readonly dataTiering?: boolean;

  /**
   * Durability: a Multi-AZ transaction log behind every write, so that the cache can be a system of record. Needs
   * Valkey 9.0+, cluster mode, Multi-AZ with a replica per shard, and an R8g, R7g, R6g, M8g, M7g, M6g, C8gn or C7gn
   * node type; not with data tiering or a global datastore. Choose it at creation: the CloudFormation reference and
   * ElastiCache's Limitations page say that switching it on or off later is rejected (the deploy fails and rolls back,
   * nothing is replaced; `cdk-elasticache review` reports it), while SYNC ↔ ASYNC updates in place
   * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Configuring.html). ElastiCache announced in
   * October 2026 that durability can now be switched on a live cluster
   * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.ChangingDurability.html); until CloudFormation
   * documents it, treat a switch as failing. `effectiveDurability` reads what ElastiCache applied.
   * @default - not set: ElastiCache's default, which is disabled on Valkey 9.0
   */
  readonly durability?: Durability;

  /**
   * Join a global datastore as a read-only secondary. This group must be in another region than the primary, in a
   * stack with an explicit `env` region and `crossRegionReferences: true`. Its engine, version, node type, shards,
   * parameter group, encryption settings and Multi-AZ come from the primary (they are left out of the template); its
   * subnets, security groups, port, KMS key, credentials, replicas, backups and windows are its own. Create-only
   * (GlobalReplicationGroupId): joining or leaving REPLACES the group.
   * @default - a standalone group (or a global datastore's primary)
   */
  readonly globalDatastore?: IGlobalDatastore;

  /**
   * What happens to the group when it is removed from the stack or replaced. The resources the construct creates
   * for the group follow it: with RETAIN the subnet group, parameter group, security group, AUTH token secret, key
   * and a user group of this app are kept too (a kept cache needs them); with SNAPSHOT the key and log groups are
   * kept (the snapshot is encrypted with the key) and the rest is deleted; with DESTROY everything is deleted.
   * Resources you pass in are never changed.
   * @default RemovalPolicy.SNAPSHOT (a final snapshot is taken)
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Log delivery: `{}` sends the slow log, as JSON, to a new KMS-encrypted log group kept one month; the engine log
   * and Amazon Data Firehose are options. Turning it on, off or changing it later updates the group in place.
   * @default - no log delivery
   */
  readonly logging?: CacheLoggingProps;

  /**
   * SNS topic for ElastiCache event notifications (failover, node replacement, scaling, maintenance...): the only way
   * these events reach anyone, since ElastiCache publishes no event of a node-based cache to EventBridge. ElastiCache
   * cannot publish to an encrypted topic, so it must be unencrypted (give it `enforceSSL`); the construct adds the
   * aws:SourceOwner statement ElastiCache needs to the policy of a topic of this app, and acknowledges the cdk-nag
   * findings for its missing KMS key with that reason. Subscribe on-call to it (email, chat, a queue). Updates in place.
   * @default - no notifications
   */
  readonly notificationTopic?: sns.ITopic;
}
