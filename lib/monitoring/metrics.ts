import { createHash } from 'crypto';
import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';

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
  /**
   * What the node is, the same from one synth to the next: the `CacheClusterId` when it is a literal; for a generated
   * group id (a token, whose text changes whenever tokens are added elsewhere in the app) the construct path and the
   * key. Metric-math ids derive from it, so that they stay put in the template.
   */
  readonly identity: string;
  /**
   * The node's `CacheNodeId` (`0001`...), for a cluster of several nodes (Memcached), whose node metrics are published
   * under both dimensions; undefined for a replication group member, which has one node.
   */
  readonly cacheNodeId?: string;
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
  return { members: ids.map((id, index) => ({ cacheClusterId: id, key: `${index + 1}`, identity: id })), hasReplicas: true };
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
  // Memcached node metrics (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Memcached.html).
  GetHits: count,
  GetMisses: count,
  CurrItems: gauge(NodeAggregation.SUM),
  BytesUsedForCacheItems: gauge(NodeAggregation.SUM),
};

const defaultsOf = (metricName: string): MetricDefaults => CACHE_METRICS[metricName] ?? gauge(NodeAggregation.MAXIMUM);

/** One node's metric: dimension `CacheClusterId` (and `CacheNodeId` when it has one), the metric's usual statistic, one minute. */
export function nodeMetric(member: CacheMember, metricName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ELASTICACHE_NAMESPACE,
    metricName,
    statistic: defaultsOf(metricName).statistic,
    period: NODE_METRIC_PERIOD,
    ...options,
    dimensionsMap:
      member.cacheNodeId === undefined
        ? { CacheClusterId: member.cacheClusterId }
        : { CacheClusterId: member.cacheClusterId, CacheNodeId: member.cacheNodeId },
  });
}

/** The metric of every member node, in member order, each labelled with its CacheClusterId or CacheNodeId (for graph legends). */
export function perNodeMetrics(members: CacheMember[], metricName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric[] {
  return members.map((member) => nodeMetric(member, metricName, { label: member.cacheNodeId ?? member.cacheClusterId, ...options }));
}

/** Splits the expression-level options (label, colour, period) from the options of the node metrics. */
function expressionOptions(options: CacheMetricOptions) {
  const { aggregation, label, color, period = NODE_METRIC_PERIOD, ...nodeOptions } = options;
  return { aggregation, label, color, period, nodeOptions: { ...nodeOptions, period } };
}

/**
 * The ids of the node metrics of one math expression: `<letter><hash>_<index>`, the hash taken over everything that
 * makes the metrics what they are (namespace, name, statistic, period, unit, account, region and each node's
 * identity). CloudWatch requires ids to be unique within a widget or an alarm, and CDK refuses two different metrics
 * under one id ("Cannot have two different metrics share the same id"): ids that are a function of the metric let any
 * aggregate combine with any other (the engine CPU of one group with the items of another, or of the same group
 * twice), while the same node metric used by two expressions keeps one id and is fetched once. The aggregation is not
 * in the hash: it belongs to the expression, not to its inputs. Ids stay short because an expression holds at most
 * 2048 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudwatch-alarm-metricdataquery.html,
 * checked 2026-12-04): 100 nodes take about 1,100.
 */
function usingMetrics(letter: string, members: CacheMember[], metrics: cloudwatch.Metric[]): Record<string, cloudwatch.IMetric> {
  const hash = metricsHash(members, metrics);
  return Object.fromEntries(metrics.map((metric, index) => [`${letter}${hash}_${index}`, metric]));
}

/** 8 hex digits of a SHA-256 over the identity of the node metrics (see usingMetrics). */
function metricsHash(members: CacheMember[], metrics: cloudwatch.Metric[]): string {
  const [first] = metrics;
  const identity = [
    first?.namespace,
    first?.metricName,
    first?.statistic,
    first?.period.toSeconds(),
    first?.unit,
    first?.account,
    first?.region,
    ...members.map((member) => member.identity),
  ].join('|');
  return createHash('sha256').update(identity).digest('hex').slice(0, 8);
}

/** `SUM([id0,id1,...])` of the metrics, as one expression (with its own id) that another expression can use. */
function sumOver(
  letter: string,
  members: CacheMember[],
  metrics: cloudwatch.Metric[],
  period: Duration,
): [string, cloudwatch.MathExpression] {
  const using = usingMetrics(letter, members, metrics);
  const expression = new cloudwatch.MathExpression({ expression: `SUM([${Object.keys(using).join(',')}])`, usingMetrics: using, period });
  return [`${letter}${metricsHash(members, metrics)}`, expression];
}

/**
 * The whole group as one series: metric math over every member node, e.g. `MAX([mxxxxxxxx_0,mxxxxxxxx_1,...])`.
 * Dashboards take it as is; an alarm on it may reference at most 10 metrics, a hard CloudWatch limit
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html), so alarm per node on bigger groups.
 */
export function groupMetric(members: CacheMember[], metricName: string, options: CacheMetricOptions = {}): cloudwatch.MathExpression {
  const { aggregation = defaultsOf(metricName).aggregation, label, color, period, nodeOptions } = expressionOptions(options);
  const metrics = usingMetrics('m', members, perNodeMetrics(members, metricName, nodeOptions));
  return new cloudwatch.MathExpression({
    expression: `${aggregation}([${Object.keys(metrics).join(',')}])`,
    usingMetrics: metrics,
    label: label ?? `${metricName} (${aggregation} of ${members.length} nodes)`,
    color,
    period,
  });
}

/** The metrics of the lookups a hit rate counts: what hit and what missed. */
export interface HitRateMetrics {
  readonly hits: string;
  readonly misses: string;
  /** The hit rate each node publishes itself, if it does. */
  readonly perNodeRate?: string;
}

/** Valkey / Redis OSS nodes count read-only key lookups, and publish their own rate. */
export const VALKEY_LOOKUPS: HitRateMetrics = { hits: 'CacheHits', misses: 'CacheMisses', perNodeRate: 'CacheHitRate' };

/** Memcached nodes count gets (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Memcached.html). */
export const MEMCACHED_LOOKUPS: HitRateMetrics = { hits: 'GetHits', misses: 'GetMisses' };

/**
 * The group's cache hit rate in percent, from the hits and misses of every node: 100 × Σhits / (Σhits + Σmisses). An
 * average of the nodes' CacheHitRate would weigh an idle replica like a busy primary. No traffic, no data point. The
 * two sums are expressions of their own, so that no expression lists a node twice (and each stays short).
 */
export function groupHitRate(
  members: CacheMember[],
  options: CacheMetricOptions = {},
  lookups: HitRateMetrics = VALKEY_LOOKUPS,
): cloudwatch.MathExpression {
  const { label, color, period, nodeOptions } = expressionOptions(options);
  const countOptions = { ...nodeOptions, statistic: cloudwatch.Stats.SUM };
  const [hitsId, hits] = sumOver('h', members, perNodeMetrics(members, lookups.hits, countOptions), period);
  const [missesId, misses] = sumOver('x', members, perNodeMetrics(members, lookups.misses, countOptions), period);
  return new cloudwatch.MathExpression({
    expression: `100 * ${hitsId} / (${hitsId} + ${missesId})`,
    usingMetrics: { [hitsId]: hits, [missesId]: misses },
    label: label ?? `Cache hit rate (% of ${members.length} nodes' lookups)`,
    color,
    period,
  });
}
