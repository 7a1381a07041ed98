import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { METRIC_NAMESPACE, SERVERLESS_METRIC_DIMENSIONS } from '../facts/metric-dimensions';

/**
 * The nodes of a replication group as CloudWatch sees them: what RecommendedAlarms and CacheDashboard watch.
 * IReplicationGroup extends it; an imported group needs its topology (see `ReplicationGroupAttributes`).
 */
export interface IReplicationGroupMembers {
  /** The replication group id (lowercase), named in alarm descriptions and the dashboard title. @attribute */
  readonly replicationGroupId: string;
  /**
   * The `CacheClusterId` of every node, the dimension ElastiCache publishes node metrics under: `<id>-001`... with
   * cluster mode disabled, `<id>-0001-001`... with it enabled, for the nodes the group was created with. Throws for an
   * import without its topology.
   */
  readonly memberClusterIds: string[];
}

/**
 * One member cluster (node) of a replication group: its `CacheClusterId`, the dimension ElastiCache publishes the
 * node's CloudWatch metrics under, and a stable key for construct ids (`001`, or `0001-001` in cluster mode).
 */
export interface CacheMember {
  readonly cacheClusterId: string;
  readonly key: string;
}

/** The members of a replication group, and whether the topology has replicas (ReplicationLag exists only then). */
export interface CacheMembers {
  readonly members: CacheMember[];
  readonly hasReplicas: boolean;
}

/**
 * The members of `cache`: from the library's own classes (`_cacheMembers`), with stable keys and the replica count;
 * from another implementation of the interface, from its `memberClusterIds`, keyed by position and assumed to have
 * replicas.
 */
export function cacheMembersOf(cache: IReplicationGroupMembers): CacheMembers {
  const own = cache as IReplicationGroupMembers & { _cacheMembers?: () => CacheMembers };
  if (typeof own._cacheMembers === 'function') return own._cacheMembers();
  return explicitMembers(cache.memberClusterIds);
}

/** Members given by id (an import's `memberClusterIds`): keyed by position; whether they include replicas is unknown. */
export function explicitMembers(ids: string[]): CacheMembers {
  return { members: ids.map((id, index) => ({ cacheClusterId: id, key: `${index + 1}` })), hasReplicas: true };
}

/** How the per-node values of a metric combine into one series for the whole replication group (metric math). */
export enum NodeAggregation {
  /** The highest node: the one closest to a limit (CPU, memory, replication lag). */
  MAXIMUM = 'MAX',
  /** The lowest node (e.g. FreeableMemory). */
  MINIMUM = 'MIN',
  /** The mean over the nodes. */
  AVERAGE = 'AVG',
  /** The total over the nodes (connections, evictions, network bytes). */
  SUM = 'SUM',
}

/** Options of a metric for the whole replication group: the per-node metric options plus how the nodes combine. */
export interface CacheMetricOptions extends cloudwatch.MetricOptions {
  /**
   * How the nodes' values combine.
   * @default - the metric's usual aggregation (MAXIMUM for utilization, SUM for counts; see the README table), and
   * NodeAggregation.MAXIMUM for a metric the library does not know
   */
  readonly aggregation?: NodeAggregation;
}

/** The namespace of ElastiCache's node metrics. */
export const ELASTICACHE_NAMESPACE = 'AWS/ElastiCache';

/** ElastiCache publishes node metrics every 60 seconds: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html */
export const NODE_METRIC_PERIOD = Duration.minutes(1);

interface MetricDefaults {
  /** The per-node statistic: Average for gauges, Sum for per-minute counts. */
  readonly statistic: string;
  readonly aggregation: NodeAggregation;
}

const gauge = (aggregation: NodeAggregation): MetricDefaults => ({ statistic: cloudwatch.Stats.AVERAGE, aggregation });
const count: MetricDefaults = { statistic: cloudwatch.Stats.SUM, aggregation: NodeAggregation.SUM };

/**
 * The metrics that matter for a Valkey / Redis OSS replication group, with their statistic and aggregation.
 * Names and meanings: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html and
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.HostLevel.html; the ones AWS asks to watch:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html
 */
export const CACHE_METRICS: Record<string, MetricDefaults> = {
  CPUUtilization: gauge(NodeAggregation.MAXIMUM),
  EngineCPUUtilization: gauge(NodeAggregation.MAXIMUM),
  DatabaseMemoryUsagePercentage: gauge(NodeAggregation.MAXIMUM),
  FreeableMemory: gauge(NodeAggregation.MINIMUM),
  SwapUsage: gauge(NodeAggregation.MAXIMUM),
  // A gauge sampled each minute: Average per node, and the group's connections are the sum over the nodes.
  CurrConnections: gauge(NodeAggregation.SUM),
  NewConnections: count,
  Evictions: count,
  CacheHits: count,
  CacheMisses: count,
  CacheHitRate: gauge(NodeAggregation.AVERAGE),
  ReplicationLag: gauge(NodeAggregation.MAXIMUM),
  NetworkBytesIn: count,
  NetworkBytesOut: count,
  AuthenticationFailures: count,
};

const defaultsOf = (metricName: string): MetricDefaults => CACHE_METRICS[metricName] ?? gauge(NodeAggregation.MAXIMUM);

/** One node's metric: dimension `CacheClusterId`, the metric's usual statistic, one minute. */
export function nodeMetric(member: CacheMember, metricName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ELASTICACHE_NAMESPACE,
    metricName,
    statistic: defaultsOf(metricName).statistic,
    period: NODE_METRIC_PERIOD,
    ...options,
    dimensionsMap: { CacheClusterId: member.cacheClusterId },
  });
}

/** The metric of every member node, in member order, each labelled with its CacheClusterId (for graph legends). */
export function perNodeMetrics(members: CacheMember[], metricName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric[] {
  return members.map((member) => nodeMetric(member, metricName, { label: member.cacheClusterId, ...options }));
}

/** Splits the expression-level options (label, colour, period) from the options of the node metrics. */
function expressionOptions(options: CacheMetricOptions) {
  const { aggregation, label, color, period = NODE_METRIC_PERIOD, ...nodeOptions } = options;
  return { aggregation, label, color, period, nodeOptions: { ...nodeOptions, period } };
}

/** Metric ids of a math expression: a letter then the node index (`m0`, `m1`...). */
function usingMetrics(prefix: string, metrics: cloudwatch.Metric[]): Record<string, cloudwatch.IMetric> {
  return Object.fromEntries(metrics.map((metric, index) => [`${prefix}${index}`, metric]));
}

/**
 * The whole group as one series: metric math over every member node, e.g. `MAX([m0,m1,m2])`. Dashboards take it as
 * is; an alarm on it may reference at most 10 metrics, a hard CloudWatch limit
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html), so alarm per node on bigger groups.
 */
export function groupMetric(members: CacheMember[], metricName: string, options: CacheMetricOptions = {}): cloudwatch.MathExpression {
  const { aggregation = defaultsOf(metricName).aggregation, label, color, period, nodeOptions } = expressionOptions(options);
  const metrics = usingMetrics('m', perNodeMetrics(members, metricName, nodeOptions));
  return new cloudwatch.MathExpression({
    expression: `${aggregation}([${Object.keys(metrics).join(',')}])`,
    usingMetrics: metrics,
    label: label ?? `${metricName} (${aggregation} of ${members.length} nodes)`,
    color,
    period,
  });
}

/**
 * The group's cache hit rate in percent, from the hits and misses of every node: 100 × Σhits / (Σhits + Σmisses). An
 * average of the nodes' CacheHitRate would weigh an idle replica like a busy primary. No traffic, no data point.
 */
export function groupHitRate(members: CacheMember[], options: CacheMetricOptions = {}): cloudwatch.MathExpression {
  const { label, color, period, nodeOptions } = expressionOptions(options);
  const countOptions = { ...nodeOptions, statistic: cloudwatch.Stats.SUM };
  const hits = usingMetrics('h', perNodeMetrics(members, 'CacheHits', countOptions));
  const misses = usingMetrics('x', perNodeMetrics(members, 'CacheMisses', countOptions));
  const sum = (ids: Record<string, unknown>) => `SUM([${Object.keys(ids).join(',')}])`;
  return new cloudwatch.MathExpression({
    expression: `100 * ${sum(hits)} / (${sum(hits)} + ${sum(misses)})`,
    usingMetrics: { ...hits, ...misses },
    label: label ?? `Cache hit rate (% of ${members.length} nodes' lookups)`,
    color,
    period,
  });
}

/**
 * The statistic of each serverless cache metric the helpers name: Average for gauges and latencies, Sum for the ECPUs
 * consumed. Names and units: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events-redis.html
 * and https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events.memcached.html
 */
const SERVERLESS_METRIC_STATISTICS: Record<string, string> = {
  CacheHitRate: cloudwatch.Stats.AVERAGE,
  ElastiCacheProcessingUnits: cloudwatch.Stats.SUM,
  BytesUsedForCache: cloudwatch.Stats.AVERAGE,
  SuccessfulReadRequestLatency: cloudwatch.Stats.AVERAGE,
  SuccessfulWriteRequestLatency: cloudwatch.Stats.AVERAGE,
};

/** Serverless caches publish every minute; the helpers default to five-minute points, as CloudWatch does. */
export const SERVERLESS_METRIC_PERIOD = Duration.minutes(5);

/**
 * A metric of a serverless cache: namespace `AWS/ElastiCache`, its one dimension `clusterId` (lower-case c) with the
 * cache name as value (lib/facts/metric-dimensions.ts: not `ServerlessCacheName`, not `CacheClusterId`), the metric's
 * statistic (Average unless listed above) over five minutes unless `options` say otherwise.
 */
export function serverlessMetric(
  serverlessCacheName: string,
  metricName: string,
  options: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  const [dimension] = SERVERLESS_METRIC_DIMENSIONS.dimensions;
  return new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    statistic: SERVERLESS_METRIC_STATISTICS[metricName] ?? cloudwatch.Stats.AVERAGE,
    period: SERVERLESS_METRIC_PERIOD,
    ...options,
    dimensionsMap: { [dimension]: serverlessCacheName },
  });
}
