import { IResource, Resource, aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_events as events, aws_iam as iam } from 'aws-cdk-lib';
import { IServerlessCacheRef, ServerlessCacheReference } from 'aws-cdk-lib/aws-elasticache';
import { AuthenticationMode } from '../auth/authentication';
import { grantConnectAs } from '../auth/grant-connect';
import { ICacheUser } from '../auth/user';
import { ICacheUserGroup } from '../auth/user-group';
import { CacheAccess, CacheAccessOptions, grantCacheAccess } from '../connect/grant-access';
import { serverlessCacheEventRule } from '../monitoring/events';
import { CacheDashboardOptions } from '../monitoring/dashboard';
import {
  ServerlessCacheMonitoringProps,
  ServerlessCacheRecommendedAlarms,
  ServerlessCacheRecommendedAlarmsOptions,
} from '../monitoring/serverless-alarms';
import { ServerlessCacheDashboard } from '../monitoring/serverless-dashboard';
import { serverlessEcpuPerSecond, serverlessMetric, serverlessMetricSource } from '../monitoring/serverless-metrics';
import { CacheEndpoint } from '../shared/endpoint';
import { ServerlessCacheEngine } from './engine';

/** An ElastiCache Serverless cache, created here or imported. */
export interface IServerlessCache extends IResource, ec2.IConnectable, IServerlessCacheRef {
  /** The cache name. @attribute */
  readonly serverlessCacheName: string;
  /** The ARN, `arn:<partition>:elasticache:<region>:<account>:serverlesscache:<name>`. @attribute */
  readonly serverlessCacheArn: string;
  /** The engine and major version, when known: always for a cache created here, for an imported one when given. */
  readonly engine?: ServerlessCacheEngine;
  /**
   * The endpoint, for reads and writes.
   * @attribute Endpoint.Address,Endpoint.Port
   */
  readonly endpoint: CacheEndpoint;
  /**
   * The reader endpoint (on the next port): reads that may lag slightly, served from replicas in the client's zone.
   * @attribute ReaderEndpoint.Address,ReaderEndpoint.Port
   */
  readonly readerEndpoint: CacheEndpoint;
  /** Grants IAM actions (e.g. `elasticache:DescribeServerlessCaches`) on this cache. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;
  /**
   * Grants `elasticache:Connect` as `user` (an IAM-enabled user of the cache's user group): the permission IAM
   * authentication checks, on this cache and on the user.
   */
  grantConnect(grantee: iam.IGrantable, user: ICacheUser): iam.Grant;
  /**
   * Connects compute to this cache in one call: opens the endpoint ports from the grantee's security groups, grants
   * what the authentication needs (the user's password secret, or `elasticache:Connect` for an IAM user), and
   * describes the cache in the environment variables that the runtime's `connectFromEnvironment()` reads (set on a
   * Lambda function; returned for other compute). A cache created here connects as its generated `app` user unless
   * `options.user` says otherwise. An imported cache needs the attributes its mode needs (`engine`,
   * `authenticationMode` for Valkey / Redis OSS, the endpoint, `securityGroups`): a missing one fails at synth with a
   * rule id that names it (`imported-engine`, ...).
   *
   * A cache with a public endpoint (`connectionType: ServerlessCacheConnectionType.PUBLIC`) has no port to open: any
   * grantee with an IAM principal connects, e.g. a Lambda function outside any VPC or a role, and gets
   * `elasticache:Connect` as the IAM user (by default ElastiCache's `default.iam-user`) and the variables. A cache
   * reached through its VPC needs a grantee with security groups (`grant-access-network` otherwise).
   */
  grantAccess(grantee: iam.IGrantable, options?: CacheAccessOptions): CacheAccess;
  /**
   * A metric of this cache: namespace `AWS/ElastiCache`, dimension `clusterId` with the cache name as value (the one
   * dimension ElastiCache publishes serverless metrics under), e.g. `CurrItems`, `CacheHits`. Over 5 minutes, with the
   * metric's usual statistic (Sum for counts per period such as `ThrottledCmds`, Average for gauges and unknown names)
   * unless `props` says otherwise.
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** CacheHitRate (%): hits / (hits + misses), Average. Valkey and Redis OSS only: Memcached publishes none. */
  metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * ElastiCacheProcessingUnits: the ECPUs the requests consumed, Sum per period. Divided by the period in seconds it is
   * the rate that `cacheUsageLimits.requestRateLimitMaximum` caps (alarm at 75 % of it).
   */
  metricElastiCacheProcessingUnits(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** BytesUsedForCache: the bytes the data takes, Average; `cacheUsageLimits.dataStorageMaximumSize` caps it. */
  metricBytesUsedForCache(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** SuccessfulReadRequestLatency (microseconds), Average; pass `statistic: 'p99'` for the tail. */
  metricSuccessfulReadRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** SuccessfulWriteRequestLatency (microseconds), Average; pass `statistic: 'p99'` for the tail. */
  metricSuccessfulWriteRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * ECPUs consumed per second: the Sum of ElastiCacheProcessingUnits over the period divided by its seconds (metric
   * math), in the unit of `cacheUsageLimits.requestRateLimitMaximum`.
   */
  metricElastiCacheProcessingUnitsPerSecond(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /**
   * ThrottledCmds: requests ElastiCache throttled because the load grew faster than the cache scales or reached
   * `requestRateLimitMaximum`, Sum.
   */
  metricThrottledCmds(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** TotalCmdsCount: commands run, Sum. */
  metricTotalCmdsCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** CurrConnections: client connections (at most 65,000), Average. */
  metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** NewConnections: connections accepted, Sum. */
  metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Evictions: keys evicted at the storage maximum, Sum. */
  metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** NetworkBytesIn: bytes sent to the cache, Sum. */
  metricNetworkBytesIn(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** NetworkBytesOut: bytes sent by the cache, Sum. */
  metricNetworkBytesOut(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Creates the recommended alarms of this cache, notifying a topic (given or created), as a construct `id` under it:
   * ECPUs and storage at 75 % of the cache's usage maxima (as AWS recommends), lasting throttling, connections near
   * the limit; evictions opt-in. The alarms' logical ids derive from `id`: keep it once deployed (the README uses
   * `'RecommendedAlarms'`). An imported cache has no usage maxima: give the ECPU and storage thresholds to get those.
   */
  addRecommendedAlarms(id: string, options?: ServerlessCacheRecommendedAlarmsOptions): ServerlessCacheRecommendedAlarms;
  /** Creates a CloudWatch dashboard of this cache as a construct `id` under it. */
  addDashboard(id: string, options?: CacheDashboardOptions): ServerlessCacheDashboard;
  /**
   * An EventBridge rule for the ElastiCache events of this cache (source `aws.elasticache`, `detail.SourceIdentifier` =
   * the cache name): Cache Created, Cache Updated, Cache Update Failed, Cache Limit Approaching, Cache Deleted. Best
   * effort, as EventBridge delivers AWS service events. Add a target with `options.target` or `rule.addTarget()`;
   * narrow it with `options.eventPattern` (e.g. `detailType: ['Cache Limit Approaching']`). Only serverless caches
   * have these events: node-based ones send theirs to their `notificationTopic`.
   *
   * @example
   * const sessions = new ServerlessCache(this, 'Sessions', { vpc });
   * const onCall = new sns.Topic(this, 'OnCall', { enforceSSL: true, masterKey: key });
   * sessions.onEvent('Events', { target: new targets.SnsTopic(onCall) });
   */
  onEvent(id: string, options?: events.OnEventOptions): events.Rule;
}

/** What `grantAccess` needs to know of a serverless cache beyond IServerlessCache. */
export interface ServerlessCacheAccess {
  /** The cache's VPC, to check the grantee against; undefined when unknown. */
  readonly vpc?: ec2.IVpc;
  /** Memcached: no users, no authentication. */
  readonly memcached: boolean;
  /** Undefined for Memcached. */
  readonly authenticationMode?: AuthenticationMode;
  /** The user group, when known: the grantee's user must be in it. */
  readonly userGroup?: ICacheUserGroup;
  /** The user to connect as when grantAccess is given none. */
  readonly defaultUser?: ICacheUser;
  /** The ports of the endpoint and of the reader endpoint, as strings (CloudFormation returns them as strings). */
  readonly endpointPort: string;
  readonly readerEndpointPort: string;
  /** True for a cache with a public endpoint: no VPC, no port to open, IAM authentication only. */
  readonly publicEndpoint?: boolean;
}

/** Shared implementation of created and imported serverless caches. */
export abstract class ServerlessCacheBase extends Resource implements IServerlessCache {
  public abstract readonly serverlessCacheName: string;
  public abstract readonly serverlessCacheArn: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly engine?: ServerlessCacheEngine;
  public abstract readonly endpoint: CacheEndpoint;
  public abstract readonly readerEndpoint: CacheEndpoint;

  public get serverlessCacheRef(): ServerlessCacheReference {
    return { serverlessCacheName: this.serverlessCacheName, serverlessCacheArn: this.serverlessCacheArn };
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.serverlessCacheArn] });
  }

  public grantConnect(grantee: iam.IGrantable, user: ICacheUser): iam.Grant {
    return grantConnectAs(this, grantee, user, this.serverlessCacheArn);
  }

  /**
   * What `grantAccess` needs beyond the interface; an import checks here that its attributes say it.
   * @internal
   */
  public abstract _accessFacts(options: CacheAccessOptions): ServerlessCacheAccess;

  public grantAccess(grantee: iam.IGrantable, options: CacheAccessOptions = {}): CacheAccess {
    const facts = this._accessFacts(options);
    return grantCacheAccess(
      this,
      {
        kind: 'ServerlessCache',
        vpc: facts.vpc,
        // Valkey / Redis OSS speak the cluster protocol on one endpoint; the reader endpoint is on the next port.
        endpoint: ({ readOnly }) => ({
          endpointKind: facts.memcached ? 'memcached' : 'cluster',
          address: (readOnly ? this.readerEndpoint : this.endpoint).address,
          port: readOnly ? facts.readerEndpointPort : facts.endpointPort,
          tls: true,
        }),
        authentication: {
          mode: facts.authenticationMode,
          userGroup: facts.userGroup,
          defaultUser: facts.defaultUser,
          grantConnect: (grantee, user) => this.grantConnect(grantee, user),
        },
        cacheName: this.serverlessCacheName,
        serverless: true,
        publicEndpoint: facts.publicEndpoint,
      },
      grantee,
      options,
    );
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return serverlessMetric(this.serverlessCacheName, metricName, props).attachTo(this);
  }

  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CacheHitRate', props);
  }

  public metricElastiCacheProcessingUnits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ElastiCacheProcessingUnits', props);
  }

  public metricBytesUsedForCache(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BytesUsedForCache', props);
  }

  public metricSuccessfulReadRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SuccessfulReadRequestLatency', props);
  }

  public metricSuccessfulWriteRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SuccessfulWriteRequestLatency', props);
  }

  public metricElastiCacheProcessingUnitsPerSecond(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return serverlessEcpuPerSecond(serverlessMetricSource(this), props);
  }

  public metricThrottledCmds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ThrottledCmds', props);
  }

  public metricTotalCmdsCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TotalCmdsCount', props);
  }

  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CurrConnections', props);
  }

  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NewConnections', props);
  }

  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Evictions', props);
  }

  public metricNetworkBytesIn(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NetworkBytesIn', props);
  }

  public metricNetworkBytesOut(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NetworkBytesOut', props);
  }

  /**
   * The cache and the usage maxima its alarms and dashboard derive thresholds from: a cache created here gives its
   * `cacheUsageLimits`; an import has none.
   * @internal
   */
  public _monitoring(): ServerlessCacheMonitoringProps {
    return { cache: this };
  }

  public addRecommendedAlarms(id: string, options: ServerlessCacheRecommendedAlarmsOptions = {}): ServerlessCacheRecommendedAlarms {
    return new ServerlessCacheRecommendedAlarms(this, id, { ...options, ...this._monitoring() });
  }

  public addDashboard(id: string, options: CacheDashboardOptions = {}): ServerlessCacheDashboard {
    const memcached = this.engine !== undefined && !this.engine.supportsUserGroups;
    return new ServerlessCacheDashboard(this, id, { ...options, ...this._monitoring(), memcached });
  }

  public onEvent(id: string, options?: events.OnEventOptions): events.Rule {
    return serverlessCacheEventRule(this, id, this.serverlessCacheName, options);
  }
}
