import { createHash } from 'crypto';
import { Duration, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { IServerlessCacheRef } from 'aws-cdk-lib/aws-elasticache';
import { METRIC_NAMESPACE, SERVERLESS_METRIC_DIMENSIONS } from '../facts/metric-dimensions';

/**
 * The statistic of each serverless cache metric the helpers name: Sum for counts per period (ECPUs consumed, commands,
 * throttled commands, evictions, new connections, bytes on the network, hits and misses), Average for gauges and
 * latencies (bytes stored, connections, items, hit rate). Names and units:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events-redis.html and
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events.memcached.html (checked 2026-12-04;
 * AWS gives units, not statistics).
 */
const SERVERLESS_METRIC_STATISTICS: Record<string, string> = {
  CacheHitRate: cloudwatch.Stats.AVERAGE,
  ElastiCacheProcessingUnits: cloudwatch.Stats.SUM,
  BytesUsedForCache: cloudwatch.Stats.AVERAGE,
  SuccessfulReadRequestLatency: cloudwatch.Stats.AVERAGE,
  SuccessfulWriteRequestLatency: cloudwatch.Stats.AVERAGE,
  ThrottledCmds: cloudwatch.Stats.SUM,
  TotalCmdsCount: cloudwatch.Stats.SUM,
  CurrConnections: cloudwatch.Stats.AVERAGE,
  NewConnections: cloudwatch.Stats.SUM,
  CurrItems: cloudwatch.Stats.AVERAGE,
  Evictions: cloudwatch.Stats.SUM,
  NetworkBytesIn: cloudwatch.Stats.SUM,
  NetworkBytesOut: cloudwatch.Stats.SUM,
  CacheHits: cloudwatch.Stats.SUM,
  CacheMisses: cloudwatch.Stats.SUM,
  GetHits: cloudwatch.Stats.SUM,
  GetMisses: cloudwatch.Stats.SUM,
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

/**
 * A serverless cache as its metric math sees it: the name (the `clusterId` value) and what the cache is, the same from
 * one synth to the next (the name when it is a literal, else the construct path), from which the ids of the
 * expressions' metrics derive: two caches on one graph or alarm never share an id.
 */
export interface ServerlessMetricSource {
  readonly serverlessCacheName: string;
  readonly identity: string;
}

/** The metric source of `cache`. */
export function serverlessMetricSource(cache: IServerlessCacheRef): ServerlessMetricSource {
  const serverlessCacheName = cache.serverlessCacheRef.serverlessCacheName;
  return { serverlessCacheName, identity: Token.isUnresolved(serverlessCacheName) ? cache.node.path : serverlessCacheName };
}

/** A metric-math id for `metric` of `source`: a letter and 8 hex digits of a SHA-256 over what the metric is. */
function mathId(letter: string, source: ServerlessMetricSource, metric: cloudwatch.Metric): string {
  const identity = [source.identity, metric.metricName, metric.statistic, metric.period.toSeconds(), metric.account, metric.region];
  return `${letter}${createHash('sha256').update(identity.join('|')).digest('hex').slice(0, 8)}`;
}

/** Splits the expression-level options (label, colour, period) from the options of the metrics it uses. */
function expressionParts(options: cloudwatch.MetricOptions) {
  const { label, color, period = SERVERLESS_METRIC_PERIOD, ...metricOptions } = options;
  return { label, color, period, metricOptions: { ...metricOptions, period } };
}

/**
 * ECPUs consumed per second: the Sum of ElastiCacheProcessingUnits over the period divided by its seconds, the rate
 * that `cacheUsageLimits.requestRateLimitMaximum` caps (ECPUs per second; the metric counts ECPUs consumed,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Scaling.html). The average over the period: a burst within it
 * reads lower.
 */
export function serverlessEcpuPerSecond(source: ServerlessMetricSource, options: cloudwatch.MetricOptions = {}): cloudwatch.MathExpression {
  const { label, color, period, metricOptions } = expressionParts(options);
  const ecpu = serverlessMetric(source.serverlessCacheName, 'ElastiCacheProcessingUnits', {
    ...metricOptions,
    statistic: cloudwatch.Stats.SUM,
  });
  const id = mathId('e', source, ecpu);
  return new cloudwatch.MathExpression({
    expression: `${id} / ${period.toSeconds()}`,
    usingMetrics: { [id]: ecpu },
    label: label ?? 'ECPUs per second',
    color,
    period,
  });
}

/**
 * The hit rate of a serverless Memcached cache, which publishes no CacheHitRate: 100 × GetHits / (GetHits + GetMisses)
 * (command-level metrics of https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events.memcached.html).
 * No gets, no data point.
 */
export function serverlessGetHitRate(source: ServerlessMetricSource, options: cloudwatch.MetricOptions = {}): cloudwatch.MathExpression {
  const { label, color, period, metricOptions } = expressionParts(options);
  const count = { ...metricOptions, statistic: cloudwatch.Stats.SUM };
  const hits = serverlessMetric(source.serverlessCacheName, 'GetHits', count);
  const misses = serverlessMetric(source.serverlessCacheName, 'GetMisses', count);
  const [h, x] = [mathId('h', source, hits), mathId('x', source, misses)];
  return new cloudwatch.MathExpression({
    expression: `100 * ${h} / (${h} + ${x})`,
    usingMetrics: { [h]: hits, [x]: misses },
    label: label ?? 'Cache hit rate (% of gets)',
    color,
    period,
  });
}
