import { RemovalPolicy, aws_ec2 as ec2, aws_sns as sns } from 'aws-cdk-lib';
import { ISubnetGroupRef } from 'aws-cdk-lib/aws-elasticache';
import { NetworkType } from '../shared/network-type';
import { MemcachedEngine } from './engine';

/** `AZMode` of a Memcached cluster: where its nodes are placed. */
export enum MemcachedAzMode {
  /** All nodes in one Availability Zone: an AZ outage takes the whole cache down. */
  SINGLE_AZ = 'single-az',
  /** Nodes spread over the subnet group's Availability Zones (needs at least two nodes). */
  CROSS_AZ = 'cross-az',
}

/** Properties of a {@link MemcachedCluster}. */
export interface MemcachedClusterProps {
  /** The VPC to place the cluster in. */
  readonly vpc: ec2.IVpc;

  /**
   * Where to place the nodes. Ignored when `subnetGroup` is given. Memcached has no authentication: anyone who can
   * reach a node can read and write every key, so the network is the only guard. The default is therefore the
   * isolated subnets only; choosing others is an explicit decision.
   * @default - the VPC's isolated subnets (an error when it has none: pass vpcSubnets)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * An existing cache subnet group. Create-only (CacheSubnetGroupName): passing one to a live cluster, or another one,
   * REPLACES the cluster (a new, empty cache).
   * @default - a subnet group is created from `vpcSubnets`
   */
  readonly subnetGroup?: ISubnetGroupRef;

  /**
   * Security groups of the cluster.
   * @default - a security group with no ingress and closed egress; grant access with `connections`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The Memcached version. An upgrade restarts the nodes: the cache comes back empty. Downgrades are rejected.
   * @default MemcachedEngine.MEMCACHED_1_6_22 (frozen within a major version of cdk-elasticache)
   */
  readonly engine?: MemcachedEngine;

  /**
   * The node type. CloudFormation cannot change it on a live Memcached cluster: the update fails. To scale up, add a
   * new cluster (a new construct id), move the clients, then remove the old one
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-cachecluster.html#cfn-elasticache-cachecluster-cachenodetype).
   * @default 'cache.r7g.large' (memory-optimised Graviton, Nitro; frozen within a major version of cdk-elasticache)
   */
  readonly cacheNodeType?: string;

  /**
   * Number of nodes, 1–60. Keys are partitioned over the nodes by the client; adding or removing a node remaps part of
   * the keys (cache misses). CloudFormation adds or removes nodes in place only when `preferredAvailabilityZones` is
   * set (before or with the change); otherwise a change REPLACES the cluster: a new, empty cache with a new
   * configuration endpoint
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-cachecluster.html#cfn-elasticache-cachecluster-numcachenodes).
   * @default 2 (the minimum for CROSS_AZ)
   */
  readonly numNodes?: number;

  /**
   * Spread the nodes over Availability Zones.
   * @default - MemcachedAzMode.CROSS_AZ with two or more nodes, SINGLE_AZ with one
   */
  readonly azMode?: MemcachedAzMode;

  /**
   * Availability Zones for the nodes, one per node (repeat a zone to put several nodes in it). They must be zones of
   * the subnet group. Only the zones of nodes added later can be chosen on a live cluster.
   * @default - ElastiCache spreads the nodes over the subnet group's Availability Zones
   */
  readonly preferredAvailabilityZones?: string[];

  /**
   * The port clients connect to, 1024–65535. Create-only: changing it REPLACES the cluster.
   * @default 11212 (not the engine default 11211, which scanners try first; cdk-nag AwsSolutions-AEC5)
   */
  readonly port?: number;

  /**
   * In-transit encryption (TLS) between clients and nodes; needs Memcached 1.6.12+ and TLS-capable clients.
   * @default true
   */
  readonly transitEncryption?: boolean;

  /**
   * Engine parameters for the cluster's parameter group (e.g. `{ max_item_size: '2097152' }`).
   * @default - the engine family's defaults
   */
  readonly parameters?: Record<string, string>;

  /**
   * Weekly maintenance window, UTC, 60 minutes to 24 hours.
   * @default 'sun:06:00-sun:07:00'
   */
  readonly maintenanceWindow?: string;

  /**
   * IP protocol of the nodes (IPv6 and dual stack: Memcached 1.6.6+ on Nitro node types). Create-only: a change
   * REPLACES the cluster.
   * @default NetworkType.IPV4
   */
  readonly networkType?: NetworkType;

  /**
   * The SNS topic ElastiCache sends the cluster's events to (node replaced, nodes added or removed, maintenance, ...).
   * A node-based Memcached cluster's events reach nothing else: ElastiCache publishes them to no EventBridge bus. The
   * topic must be unencrypted (ElastiCache cannot publish to an encrypted one: rule `memcached-notification-topic-encrypted`),
   * in the cluster's account and region; a topic of this app gets the `aws:SourceOwner` statement ElastiCache needs,
   * an imported one must already allow it (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html).
   * Changes in place.
   * @default - no notifications: the events are only in the console and `DescribeEvents`
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Name of the cluster: 1–50 letters, digits or hyphens, starting with a letter, with no trailing or double hyphen,
   * unique per account and region. Create-only: a change REPLACES the cluster, and a retained cluster with a fixed name
   * blocks the next deployment after `cdk destroy`.
   * @default - generated by CloudFormation
   */
  readonly clusterName?: string;

  /**
   * Description of the cluster's subnet group, parameter group and security group.
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * What happens to the cluster when it is removed from the stack or replaced. Memcached keeps no data on disk and has
   * no snapshots, so RemovalPolicy.SNAPSHOT is rejected; with RETAIN the subnet group, parameter group and security
   * group it uses are kept too.
   * @default RemovalPolicy.DESTROY (a Memcached cache holds nothing that can be kept)
   */
  readonly removalPolicy?: RemovalPolicy;
}
