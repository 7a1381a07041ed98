import { ArnFormat, IResource, Resource, Stack, aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { CacheClusterReference, ICacheClusterRef } from 'aws-cdk-lib/aws-elasticache';
import { CacheEndpoint } from '../shared/endpoint';
import { CacheAccess, CacheAccessOptions, ICacheGrantee, grantCacheAccess } from '../connect/grant-access';
import { CacheDashboardOptions } from '../monitoring/dashboard';
import { MemcachedRecommendedAlarms, MemcachedRecommendedAlarmsOptions } from '../monitoring/memcached-alarms';
import { MemcachedDashboard } from '../monitoring/memcached-dashboard';
import { IMemcachedClusterNodes, memcachedMembersOf, memcachedNodeIds } from '../monitoring/memcached-metrics';
import { CacheMetricOptions, MEMCACHED_LOOKUPS, groupHitRate, groupMetric, perNodeMetrics } from '../monitoring/metrics';
import { MemcachedEngine } from './engine';

/**
 * A Memcached cluster, created here or imported. Its name and node ids (the dimensions of its metrics) come from
 * IMemcachedClusterNodes.
 */
export interface IMemcachedCluster extends IResource, ec2.IConnectable, ICacheClusterRef, IMemcachedClusterNodes {
  /** The ARN, `arn:<partition>:elasticache:<region>:<account>:cluster:<name>`. @attribute */
  readonly clusterArn: string;
  /** The port clients connect to. */
  readonly port: number;
  /** The Memcached version, when known: always for a cluster created here, for an imported one when given. */
  readonly engine?: MemcachedEngine;
  /**
   * The configuration endpoint: Memcached clients with auto discovery read the node list from it.
   * @attribute ConfigurationEndpoint.Address,ConfigurationEndpoint.Port
   */
  readonly configurationEndpoint: CacheEndpoint;
  /** Grants IAM actions (e.g. `elasticache:DescribeCacheClusters`) on this cluster. Memcached has no `elasticache:Connect`. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;
  /**
   * Connects compute to this cluster in one call: opens the cluster port from the grantee's security groups and
   * describes the cluster (its auto-discovery configuration endpoint, port and TLS) in the environment variables that
   * the runtime's `connectFromEnvironment()` reads, set on a Lambda function and returned for other compute. Memcached
   * has no users: there is nothing to grant. An imported cluster needs `transitEncryption`, the configuration
   * endpoint, `port` and `securityGroups`: a missing one fails at synth with a rule id that names it
   * (`imported-transit-encryption`, ...).

   */
  grantAccess(grantee: ICacheGrantee, options?: CacheAccessOptions): CacheAccess;

  /**
   * A metric of the whole cluster: metric math over every node (dimensions `CacheClusterId` and `CacheNodeId`), combined
   * by `props.aggregation` (by default the metric's usual one: MAXIMUM for utilization, SUM for counts). An alarm on it
   * can reference at most 10 nodes.
   */
  metric(metricName: string, props?: CacheMetricOptions): cloudwatch.IMetric;
  /** A metric of each node (dimensions `CacheClusterId` and `CacheNodeId`), in `cacheNodeIds` order: what alarms should watch. */
  metricPerNode(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric[];
  /** CPUUtilization (%, the whole host: Memcached is multithreaded), Average per node, MAXIMUM over the nodes. */
  metricCPUUtilization(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** FreeableMemory (bytes free on the host), Average per node, MINIMUM over the nodes. */
  metricFreeableMemory(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** SwapUsage (bytes), Average per node, MAXIMUM over the nodes. */
  metricSwapUsage(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** CurrConnections (client connections), Average per node, SUM over the nodes. */
  metricCurrConnections(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** NewConnections (accepted per period), Sum per node, SUM over the nodes. */
  metricNewConnections(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** Evictions (items evicted for lack of memory), Sum per node, SUM over the nodes. */
  metricEvictions(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** CurrItems (items stored), Average per node, SUM over the nodes. */
  metricCurrItems(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** Cache hit rate (%) of the whole cluster: 100 × Σ GetHits / (Σ GetHits + Σ GetMisses) over the nodes. */
  metricCacheHitRate(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** NetworkBytesIn (bytes read from the network), Sum per node, SUM over the nodes. */
  metricNetworkBytesIn(props?: CacheMetricOptions): cloudwatch.IMetric;
  /** NetworkBytesOut (bytes sent to the network), Sum per node, SUM over the nodes. */
  metricNetworkBytesOut(props?: CacheMetricOptions): cloudwatch.IMetric;
  /**
   * Creates the recommended alarms for every node (CPU, freeable memory, swap, connections; evictions opt-in),
   * notifying a topic (given or created), as a construct `id` under this cluster. The alarms' logical ids derive from
   * `id`: keep it once deployed (the README uses `'RecommendedAlarms'`).
   */
  addRecommendedAlarms(id: string, options?: MemcachedRecommendedAlarmsOptions): MemcachedRecommendedAlarms;
  /** Creates a CloudWatch dashboard of the cluster, per node and in aggregate, as a construct `id` under this cluster. */
  addDashboard(id: string, options?: CacheDashboardOptions): MemcachedDashboard;
}

/** What `grantAccess` needs to know of a Memcached cluster beyond IMemcachedCluster. */
export interface MemcachedClusterAccess {
  /** The cluster's VPC, to check the grantee against; undefined when unknown. */
  readonly vpc?: ec2.IVpc;
  /** Whether clients must use TLS. */
  readonly transitEncryption: boolean;
}

/** Shared implementation of created and imported Memcached clusters. */
export abstract class MemcachedClusterBase extends Resource implements IMemcachedCluster {
  public abstract readonly clusterName: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly port: number;
  public abstract readonly engine?: MemcachedEngine;
  public abstract readonly configurationEndpoint: CacheEndpoint;

  public get cacheClusterRef(): CacheClusterReference {
    return { clusterName: this.clusterName };
  }

  public get clusterArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'cluster',
      resourceName: this.clusterName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.clusterArn] });
  }

  /**
   * What `grantAccess` needs beyond the interface; an import checks here that its attributes say it.
   * @internal
   */
  public abstract _accessFacts(): MemcachedClusterAccess;

  /**
   * The number of nodes the metric helpers, alarms and dashboards watch; an import checks here that it was given.
   * @internal
   */
  public abstract _numNodes(): number;

  public get cacheNodeIds(): string[] {
    return memcachedNodeIds(`Memcached cluster ${this.node.path}`, this._numNodes());
  }

  public metric(metricName: string, props?: CacheMetricOptions): cloudwatch.IMetric {
    return groupMetric(memcachedMembersOf(this), metricName, props);
  }

  public metricPerNode(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric[] {
    return perNodeMetrics(memcachedMembersOf(this), metricName, props);
  }

  public metricCPUUtilization(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('CPUUtilization', props);
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

  public metricCurrItems(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('CurrItems', props);
  }

  public metricCacheHitRate(props?: CacheMetricOptions): cloudwatch.IMetric {
    return groupHitRate(memcachedMembersOf(this), props, MEMCACHED_LOOKUPS);
  }

  public metricNetworkBytesIn(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesIn', props);
  }

  public metricNetworkBytesOut(props?: CacheMetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesOut', props);
  }

  public addRecommendedAlarms(id: string, options: MemcachedRecommendedAlarmsOptions = {}): MemcachedRecommendedAlarms {
    return new MemcachedRecommendedAlarms(this, id, { ...options, cache: this });
  }

  public addDashboard(id: string, options: CacheDashboardOptions = {}): MemcachedDashboard {
    return new MemcachedDashboard(this, id, { ...options, cache: this });
  }

  public grantAccess(grantee: ICacheGrantee, options: CacheAccessOptions = {}): CacheAccess {
    const facts = this._accessFacts();
    return grantCacheAccess(
      this,
      {
        kind: 'MemcachedCluster',
        vpc: facts.vpc,
        endpoint: () => ({
          endpointKind: 'memcached',
          address: this.configurationEndpoint.address,
          port: String(this.port),
          tls: facts.transitEncryption,
        }),
        authentication: {},
        cacheName: this.clusterName,
        serverless: false,
      },
      grantee,
      options,
    );
  }
}
