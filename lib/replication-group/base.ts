import {
  ArnFormat,
  IResource,
  RemovalPolicy,
  Resource,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { IReplicationGroupRef, ReplicationGroupReference } from 'aws-cdk-lib/aws-elasticache';
import { AuthenticationMode } from '../auth/authentication';
import { grantConnectAs } from '../auth/grant-connect';
import { ICacheUser } from '../auth/user';
import { ICacheUserGroup } from '../auth/user-group';
import { CacheAccess, CacheAccessOptions, ICacheGrantee, grantCacheAccess } from '../connect/grant-access';
import { ReplicationGroupEngine } from './engine';
import { CacheEndpoint } from '../shared/endpoint';
import { RecommendedAlarms, RecommendedAlarmsOptions } from '../monitoring/alarms';
import { CacheDashboard, CacheDashboardOptions } from '../monitoring/dashboard';
import {
  CacheMembers,
  CacheMetricOptions,
  IReplicationGroupMembers,
  groupHitRate,
  groupMetric,
  perNodeMetrics,
} from '../monitoring/metrics';
import { ClusterMode, Durability } from './props';

/**
 * A Valkey / Redis OSS replication group, created here or imported. Its id and member ids come from
 * IReplicationGroupMembers.
 */
export interface IReplicationGroup extends IResource, ec2.IConnectable, IReplicationGroupRef, IReplicationGroupMembers {
  /** The ARN, `arn:<partition>:elasticache:<region>:<account>:replicationgroup:<id>`. @attribute */
  readonly replicationGroupArn: string;
  /** The port clients connect to. */
  readonly port: number;
  /**
   * The engine and version, when known: always for a group created here, for an imported one when given.
   */
  readonly engine?: ReplicationGroupEngine;
  /** The node type, when known: always for a group created here, for an imported one when given. */
  readonly cacheNodeType?: string;
  /**
   * Whether keys are sharded over node groups, when known: always for a group created here, for an imported one when
   * given (or implied by `numShards` > 1).
   */
  readonly clusterMode?: ClusterMode;
  /** The number of shards (node groups) at creation, when known: always for a group created here. */
  readonly numShards?: number;
  /** Whether the nodes are spread over Availability Zones with automatic failover, when known. */
  readonly multiAz?: boolean;
  /** The durability asked for, when known and set. */
  readonly durability?: Durability;
  /** The removal policy, when known: a group created here has one; an imported group has none. */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Primary (read-write) endpoint. Cluster mode disabled only; throws otherwise.
   * @attribute PrimaryEndPoint.Address,PrimaryEndPoint.Port
   */
  readonly primaryEndpoint: CacheEndpoint;
  /**
   * Reader endpoint, spread over the replicas. Cluster mode disabled only; throws otherwise.
   * @attribute ReaderEndPoint.Address,ReaderEndPoint.Port
   */
  readonly readerEndpoint: CacheEndpoint;
  /**
   * Configuration endpoint for cluster-aware clients. Cluster mode enabled only; throws otherwise.
   * @attribute ConfigurationEndPoint.Address,ConfigurationEndPoint.Port
   */
  readonly configurationEndpoint: CacheEndpoint;
  /** The secret holding the AUTH token, when the group uses AUTH token authentication. */
  readonly authTokenSecret?: secretsmanager.ISecret;
  /** Grants IAM actions (e.g. `elasticache:DescribeReplicationGroups`) on this replication group. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;
  /**
   * Grants `elasticache:Connect` as `user` (an IAM-enabled RBAC user): the permission IAM authentication checks, on
   * this replication group and on the user.
   */
  grantConnect(grantee: iam.IGrantable, user: ICacheUser): iam.Grant;
  /**
   * Connects compute to this cache in one call: opens the cache port from the grantee's security groups (only that
   * port), grants what the authentication mode needs (reading the AUTH token or the user's password secret, or
   * `elasticache:Connect` for an IAM user), and describes the cache in the environment variables that the runtime's
   * `connectFromEnvironment()` reads. A Lambda function gets them set; for other compute, put `environment` of the
   * result in its container definition. An imported group needs the attributes its mode needs (`clusterMode`,
   * `authenticationMode`, the endpoint, `port`, `securityGroups`, and `authTokenSecret` with an AUTH token): a missing
   * one fails at synth with a rule id that names it (`imported-cluster-mode`, ...).
   *
   * @example
   * cache.grantAccess(fn);
   */
  grantAccess(grantee: ICacheGrantee, options?: CacheAccessOptions): CacheAccess;

  /**
   * A metric of the whole group: metric math over every node, combined by `props.aggregation` (by default the
   * metric's usual one: MAXIMUM for utilization, SUM for counts). An alarm on it can reference at most 10 nodes.
   */
  metric(metricName: string, props?: CacheMetricOptions): cloudwatch.IMetric;
  /** A metric of each node (dimension `CacheClusterId`), in `memberClusterIds` order: what alarms should watch. */
  metricPerNode(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric[];
  /** EngineCPUUtilization (%, the engine thread), Average per node, MAXIMUM over the nodes. */
  metricEngineCPUUtilization(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** CPUUtilization (%, the whole host), Average per node, MAXIMUM over the nodes. */
  metricCPUUtilization(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** DatabaseMemoryUsagePercentage (% of maxmemory), Average per node, MAXIMUM over the nodes. */
  metricDatabaseMemoryUsagePercentage(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** FreeableMemory (bytes free on the host), Average per node, MINIMUM over the nodes. */
  metricFreeableMemory(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** SwapUsage (bytes), Average per node, MAXIMUM over the nodes. */
  metricSwapUsage(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** CurrConnections (client connections), Average per node, SUM over the nodes. */
  metricCurrConnections(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** NewConnections (accepted per period), Sum per node, SUM over the nodes. */
  metricNewConnections(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** Evictions (keys evicted for lack of memory), Sum per node, SUM over the nodes. */
  metricEvictions(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** Cache hit rate (%) of the whole group: 100 × Σ CacheHits / (Σ CacheHits + Σ CacheMisses) over the nodes. */
  metricCacheHitRate(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** ReplicationLag (seconds; replicas publish it), Average per node, MAXIMUM over the nodes. */
  metricReplicationLag(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** NetworkBytesIn (bytes read from the network), Sum per node, SUM over the nodes. */
  metricNetworkBytesIn(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** NetworkBytesOut (bytes sent to the network), Sum per node, SUM over the nodes. */
  metricNetworkBytesOut(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** AuthenticationFailures (failed AUTH attempts), Sum per node, SUM over the nodes. */
  metricAuthenticationFailures(props?: CacheMetricOptions): cloudwatch.IMetric;

  /**
   * Creates CloudWatch's recommended alarms for every node, notifying a topic (given or created), as a construct `id`
   * under this group. The alarms' logical ids derive from `id`: keep it once deployed (the sample and the README use
   * `'RecommendedAlarms'`).
   */
  addRecommendedAlarms(id: string, options?: RecommendedAlarmsOptions): RecommendedAlarms;
  /**
   * Creates a CloudWatch dashboard of the group, per node and in aggregate, as a construct `id` under this group (the
   * sample and the README use `'Dashboard'`).
   */
  addDashboard(id: string, options?: CacheDashboardOptions): CacheDashboard;
  // No onEvent: ElastiCache publishes no events of node-based caches to EventBridge ("Self-designed cluster events
  // are not published to Amazon EventBridge", https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/self-designed-metrics-events.valkey-and-redis.html,
  // checked 2026-12-04), so a rule on them would never fire. Their events (failover, node replacement, ...) go to the
  // SNS topic of `notificationTopic` (lib/monitoring/notifications.ts).
}

/** What `grantAccess` needs to know of a replication group beyond IReplicationGroup. */
export interface ReplicationGroupAccess {
  /** The group's VPC, to check the grantee against; undefined when unknown. */
  readonly vpc?: ec2.IVpc;
  readonly clusterMode: ClusterMode;
  readonly authenticationMode: AuthenticationMode;
  /** The user group, when known: the grantee's user must be in it. */
  readonly userGroup?: ICacheUserGroup;
}

/** Shared implementation of created and imported replication groups. */
export abstract class ReplicationGroupBase extends Resource implements IReplicationGroup {
  public abstract readonly replicationGroupId: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly port: number;
  public abstract readonly engine?: ReplicationGroupEngine;
  public abstract readonly cacheNodeType?: string;
  public abstract readonly clusterMode?: ClusterMode;
  public abstract readonly numShards?: number;
  public abstract readonly multiAz?: boolean;
  public abstract readonly durability?: Durability;
  public abstract readonly removalPolicy?: RemovalPolicy;
  public abstract readonly primaryEndpoint: CacheEndpoint;
  public abstract readonly readerEndpoint: CacheEndpoint;
  public abstract readonly configurationEndpoint: CacheEndpoint;
  public abstract readonly authTokenSecret?: secretsmanager.ISecret;

  public get replicationGroupRef(): ReplicationGroupReference {
    return { replicationGroupId: this.replicationGroupId };
  }

  public get replicationGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'replicationgroup',
      resourceName: this.replicationGroupId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.replicationGroupArn] });
  }

  /**
   * The nodes the metric helpers, alarms and dashboards watch.
   * @internal
   */
  public abstract _cacheMembers(): CacheMembers;

  public get memberClusterIds(): string[] {
    return this._cacheMembers().members.map((member) => member.cacheClusterId);
  }

  public metric(metricName: string, props?: CacheMetricOptions): cloudwatch.IMetric {
    return groupMetric(this._cacheMembers().members, metricName, props);
  }

  public metricPerNode(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric[] {
    return perNodeMetrics(this._cacheMembers().members, metricName, props);
  }

  public metricEngineCPUUtilization(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('EngineCPUUtilization', props);
  }

  public metricCPUUtilization(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('CPUUtilization', props);
  }

  public metricDatabaseMemoryUsagePercentage(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('DatabaseMemoryUsagePercentage', props);
  }

  public metricFreeableMemory(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('FreeableMemory', props);
  }

  public metricSwapUsage(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('SwapUsage', props);
  }

  public metricCurrConnections(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('CurrConnections', props);
  }

  public metricNewConnections(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('NewConnections', props);
  }

  public metricEvictions(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('Evictions', props);
  }

  public metricCacheHitRate(props?: CacheMetricOptions): cloudwatch.IMetric {
    return groupHitRate(this._cacheMembers().members, props);
  }

  public metricReplicationLag(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('ReplicationLag', props);
  }

  public metricNetworkBytesIn(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesIn', props);
  }

  public metricNetworkBytesOut(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesOut', props);
  }

  public metricAuthenticationFailures(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('AuthenticationFailures', props);
  }

  public addRecommendedAlarms(id: string, options: RecommendedAlarmsOptions = {}): RecommendedAlarms {
    return new RecommendedAlarms(this, id, { ...options, cache: this });
  }

  public addDashboard(id: string, options: CacheDashboardOptions = {}): CacheDashboard {
    return new CacheDashboard(this, id, { ...options, cache: this });
  }

  public grantConnect(grantee: iam.IGrantable, user: ICacheUser): iam.Grant {
    return grantConnectAs(this, grantee, user, this.replicationGroupArn);
  }

  /**
   * What `grantAccess` needs beyond the interface; an import checks here that its attributes say it.
   * @internal
   */
  public abstract _accessFacts(options: CacheAccessOptions): ReplicationGroupAccess;

  public grantAccess(grantee: ICacheGrantee, options: CacheAccessOptions = {}): CacheAccess {
    const facts = this._accessFacts(options);
    const cluster = facts.clusterMode === ClusterMode.ENABLED;
    return grantCacheAccess(
      this,
      {
        kind: 'ReplicationGroup',
        vpc: facts.vpc,
        // Cluster mode: the configuration endpoint; otherwise the primary, or the reader endpoint for read-only access.
        endpoint: ({ readOnly }) => ({
          endpointKind: cluster ? 'cluster' : 'single',
          address: (cluster ? this.configurationEndpoint : readOnly ? this.readerEndpoint : this.primaryEndpoint).address,
          port: String(this.port),
          tls: true,
        }),
        authentication: {
          mode: facts.authenticationMode,
          tokenSecret: this.authTokenSecret,
          userGroup: facts.userGroup,
          grantConnect: (grantee, user) => this.grantConnect(grantee, user),
        },
        cacheName: this.replicationGroupId,
        serverless: false,
      },
      grantee,
      options,
    );
  }
}
