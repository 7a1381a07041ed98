import {
  ArnFormat,
  IResource,
  Resource,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_ec2 as ec2,
  aws_events as events,
  aws_iam as iam,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { IReplicationGroupRef, ReplicationGroupReference } from 'aws-cdk-lib/aws-elasticache';
import { ICacheUser, UserAuthenticationType } from '../auth/user';
import { CacheEngine } from '../engine';
import { CacheValidationError, problem } from '../errors';
import { CacheEndpoint } from './endpoint';
import { RecommendedAlarms, RecommendedAlarmsOptions } from '../monitoring/alarms';
import { CacheDashboard, CacheDashboardOptions } from '../monitoring/dashboard';
import { cacheEventRule } from '../monitoring/events';
import { CacheMembers } from '../monitoring/member-clusters';
import { CacheMetricOptions, groupHitRate, groupMetric, perNodeMetrics } from '../monitoring/metrics';

/** A Valkey / Redis OSS replication group, created here or imported. */
export interface IReplicationGroup extends IResource, ec2.IConnectable, IReplicationGroupRef {
  /** The replication group id (lowercase). @attribute */
  readonly replicationGroupId: string;
  /** The ARN, `arn:<partition>:elasticache:<region>:<account>:replicationgroup:<id>`. @attribute */
  readonly replicationGroupArn: string;
  /** The port clients connect to. */
  readonly port: number;
  /**
   * The engine and version, when known: always for a group created here, for an imported one when given.
   */
  readonly engine?: CacheEngine;
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
   * The `CacheClusterId` of every node, the dimension ElastiCache publishes node metrics under: `<id>-001`... with
   * cluster mode disabled, `<id>-0001-001`... with it enabled, for the nodes the group was created with. Throws for an
   * import without its topology.
   */
  readonly memberClusterIds: string[];

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
   * Creates CloudWatch's recommended alarms for every node, notifying a topic (given or created). Call once per group.
   */
  addRecommendedAlarms(options?: RecommendedAlarmsOptions): RecommendedAlarms;
  /** Creates a CloudWatch dashboard of the group, per node and in aggregate. Call once per group. */
  addDashboard(options?: CacheDashboardOptions): CacheDashboard;
  /**
   * An EventBridge rule for the ElastiCache events of this group and its nodes (source `aws.elasticache`: cache and
   * snapshot created, updated, failed...). Add a target with `options.target` or `rule.addTarget()`.
   */
  onEvent(id: string, options?: events.OnEventOptions): events.Rule;
}

/** Shared implementation of created and imported replication groups. */
export abstract class ReplicationGroupBase extends Resource implements IReplicationGroup {
  public abstract readonly replicationGroupId: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly port: number;
  public abstract readonly engine?: CacheEngine;
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

  public addRecommendedAlarms(options: RecommendedAlarmsOptions = {}): RecommendedAlarms {
    return new RecommendedAlarms(this, 'RecommendedAlarms', { ...options, cache: this });
  }

  public addDashboard(options: CacheDashboardOptions = {}): CacheDashboard {
    return new CacheDashboard(this, 'Dashboard', { ...options, cache: this });
  }

  public onEvent(id: string, options?: events.OnEventOptions): events.Rule {
    return cacheEventRule(this, id, this.replicationGroupId, this.knownMemberClusterIds(), options);
  }

  /** The member ids when the topology is known; undefined for an import without it or a topology of tokens. */
  private knownMemberClusterIds(): string[] | undefined {
    try {
      return this.memberClusterIds;
    } catch (error) {
      if (error instanceof CacheValidationError) return undefined;
      throw error;
    }
  }

  public grantConnect(grantee: iam.IGrantable, user: ICacheUser): iam.Grant {
    if (user.authenticationType !== UserAuthenticationType.IAM) {
      throw new CacheValidationError(`${this.node.path}: grantConnect`, [
        problem(
          'grant-connect-iam-user',
          `grantConnect needs an IAM-enabled user, but '${user.userName}' authenticates with '${user.authenticationType}': create it with UserAuthentication.iam()`,
        ),
      ]);
    }
    return iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: [this.replicationGroupArn, user.userArn] });
  }
}
