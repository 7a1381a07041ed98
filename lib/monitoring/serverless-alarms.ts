import { Duration, Size, SizeRoundingBehavior, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { IServerlessCacheRef } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import {
  AlarmSpec,
  CURR_CONNECTIONS,
  CacheAlarmOptions,
  CacheAlarmTopicOptions,
  EVICTIONS_OPT_IN,
  PER_MINUTE,
  RecommendedAlarmsBase,
  resolveAlarms,
} from './alarm-set';
import { USAGE_MAXIMUM_ALARM_RATIO } from '../facts/monitoring-guidance';
import { ServerlessMetricSource, serverlessEcpuPerSecond, serverlessMetric, serverlessMetricSource } from './serverless-metrics';

/** What {@link IServerlessCache.addRecommendedAlarms} creates: which alarms, their thresholds, and where they notify. */
export interface ServerlessCacheRecommendedAlarmsOptions extends CacheAlarmTopicOptions {
  /**
   * ECPUs per second (the Sum of ElastiCacheProcessingUnits over the period, divided by its seconds) approach the
   * cache's `requestRateLimitMaximum`, at which ElastiCache throttles requests. The threshold is in ECPUs per second.
   * @default - above 75 % of `requestRateLimitMaximum` for 5 of 5 minutes (AWS's recommendation); not created for a
   * cache without that maximum unless a `threshold` is given
   */
  readonly elastiCacheProcessingUnits?: CacheAlarmOptions;
  /**
   * BytesUsedForCache (Maximum) approaches the cache's `dataStorageMaximumSize`, at which ElastiCache evicts keys with a
   * TTL and then fails writes with out-of-memory errors. The threshold is in bytes.
   * @default - above 75 % of `dataStorageMaximumSize` (as 10^9 bytes per GB) in 1 of 1 five-minute periods (AWS's
   * recommendation); not created for a cache without that maximum unless a `threshold` is given
   */
  readonly bytesUsedForCache?: CacheAlarmOptions;
  /**
   * ThrottledCmds (Sum): requests ElastiCache throttled, because the workload grew faster than the cache scales or
   * because it reached `requestRateLimitMaximum`.
   * @default - more than 0 in 3 of 3 minutes
   */
  readonly throttledCmds?: CacheAlarmOptions;
  /**
   * CurrConnections (Average): connections approach the cache's limit of 65,000 (a connection leak or a client without
   * pooling).
   * @default - above 52,000 (80 % of the limit) for 10 of 10 minutes
   */
  readonly currConnections?: CacheAlarmOptions;
  /**
   * Evictions (Sum): keys are removed for lack of memory. Off by default; turn it on where every key matters.
   * @default - off; when enabled: more than 0 in 1 of 1 five-minute periods
   */
  readonly evictions?: CacheAlarmOptions;
}

/** The serverless cache the alarms and the dashboard watch, and the usage limits their thresholds derive from. */
export interface ServerlessCacheMonitoringProps {
  /** The serverless cache: its name is the value of the `clusterId` dimension of every metric. */
  readonly cache: IServerlessCacheRef;
  /**
   * The cache's `cacheUsageLimits.requestRateLimitMaximum`, in ECPUs per second.
   * @default - none: no ECPU alarm unless its threshold is given, and no limit line on the dashboard
   */
  readonly requestRateLimitMaximum?: number;
  /**
   * The cache's `cacheUsageLimits.dataStorageMaximumSize`.
   * @default - none: no storage alarm unless its threshold is given, and no limit line on the dashboard
   */
  readonly dataStorageMaximumSize?: Size;
}

/** Properties of {@link ServerlessCacheRecommendedAlarms}. */
export interface ServerlessCacheRecommendedAlarmsProps extends ServerlessCacheMonitoringProps, ServerlessCacheRecommendedAlarmsOptions {}

type ServerlessAlarm = Exclude<keyof ServerlessCacheRecommendedAlarmsOptions, 'topic'>;

/** One alarm of a serverless cache's recommended set: how its metric is made. */
interface ServerlessAlarmSpec extends AlarmSpec<ServerlessAlarm> {
  readonly metric: (source: ServerlessMetricSource, period: Duration) => cloudwatch.IMetric;
}

/** What AWS recommends for a usage maximum: an alarm at 75 % of it (lib/facts/monitoring-guidance.ts). */
export const USAGE_LIMIT_ALARM_RATIO = USAGE_MAXIMUM_ALARM_RATIO.value;

/**
 * Bytes per GB of `DataStorage` (unit GB). AWS does not say whether its GB is 10^9 or 2^30 bytes; 10^9 is the smaller,
 * so the storage alarm fires no later than at 75 % of the maximum (at about 70 % if ElastiCache counts 2^30).
 */
const BYTES_PER_GB = 1e9;

/** The usage maxima as numbers known at synth (a token maximum counts as none). */
export function knownUsageMaxima(props: ServerlessCacheMonitoringProps): { ecpuPerSecond?: number; storageBytes?: number } {
  const known = (value: number | undefined) => (value === undefined || Token.isUnresolved(value) ? undefined : value);
  let storageGb: number | undefined;
  try {
    storageGb = props.dataStorageMaximumSize?.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  } catch {
    // A size of tokens in another unit cannot be converted at synth: no known maximum.
  }
  const storageBytes = known(storageGb);
  return {
    ecpuPerSecond: known(props.requestRateLimitMaximum),
    storageBytes: storageBytes === undefined ? undefined : storageBytes * BYTES_PER_GB,
  };
}

/**
 * The recommended alarms of a serverless cache, every one on the cache's `clusterId` dimension. The two usage alarms
 * follow AWS's advice for a cache with maxima: alarm at 75 % of each (USAGE_MAXIMUM_ALARM_RATIO). AWS gives no number
 * for the others: throttling is alarmed when it lasts 3 minutes (a short burst is the cache scaling out: the library's
 * choice), connections at 80 % of `maxclients` (CONNECTION_LIMIT; AWS documents no limit for serverless Memcached,
 * which gets the same default).
 */
function serverlessAlarmSpecs(maxima: { ecpuPerSecond?: number; storageBytes?: number }): ServerlessAlarmSpec[] {
  const at = (maximum: number | undefined) => (maximum === undefined ? undefined : maximum * USAGE_LIMIT_ALARM_RATIO);
  return [
    {
      ...PER_MINUTE,
      option: 'elastiCacheProcessingUnits',
      metricName: 'ElastiCacheProcessingUnits',
      unit: 'ECPUs per second',
      threshold: at(maxima.ecpuPerSecond),
      thresholdRequired: 'the cache has no requestRateLimitMaximum to derive it from (give ECPUs per second)',
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      metric: (source, period) => serverlessEcpuPerSecond(source, { period }),
      meaning: 'requests approach the ECPU maximum of the cache, past which ElastiCache throttles them (ThrottledCmds)',
      action:
        'Raise cacheUsageLimits.requestRateLimitMaximum if the load is expected; otherwise look for a client that retries in a loop, or expensive commands (large range reads, big values).',
    },
    {
      ...PER_MINUTE,
      option: 'bytesUsedForCache',
      metricName: 'BytesUsedForCache',
      unit: 'bytes',
      threshold: at(maxima.storageBytes),
      thresholdRequired: 'the cache has no dataStorageMaximumSize to derive it from (give bytes)',
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      period: Duration.minutes(5),
      metric: (source, period) =>
        serverlessMetric(source.serverlessCacheName, 'BytesUsedForCache', { period, statistic: cloudwatch.Stats.MAXIMUM }),
      meaning:
        'the data approaches the storage maximum of the cache, where ElastiCache evicts keys with a TTL and then answers writes with out-of-memory errors',
      action:
        'Raise cacheUsageLimits.dataStorageMaximumSize if the growth is expected; otherwise look for keys without a TTL and collections that only grow.',
    },
    {
      ...PER_MINUTE,
      option: 'throttledCmds',
      metricName: 'ThrottledCmds',
      unit: 'commands',
      threshold: 0,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      metric: (source, period) => serverlessMetric(source.serverlessCacheName, 'ThrottledCmds', { period }),
      meaning: 'ElastiCache throttles requests, for minutes: the load grows faster than the cache scales, or it reached its ECPU maximum',
      action:
        'Compare ECPUs per second with cacheUsageLimits.requestRateLimitMaximum; raise the maximum, or set requestRateLimitMinimum before a known peak so the cache is scaled out in advance.',
    },
    {
      ...CURR_CONNECTIONS,
      option: 'currConnections',
      metric: (source, period) => serverlessMetric(source.serverlessCacheName, 'CurrConnections', { period }),
      meaning: 'client connections approach the cache limit of 65,000, after which new connections are refused',
      action:
        'Look for a connection leak or clients that open a connection per request (compare NewConnections); use connection pooling and reuse clients across Lambda invocations.',
    },
    {
      ...EVICTIONS_OPT_IN,
      option: 'evictions',
      metric: (source, period) => serverlessMetric(source.serverlessCacheName, 'Evictions', { period }),
      action: 'Raise cacheUsageLimits.dataStorageMaximumSize, shorten TTLs, or confirm that these keys may be evicted.',
    },
  ];
}

/**
 * The recommended alarms of a serverless cache: ECPUs and storage near the cache's own usage maxima (75 %, as AWS
 * recommends), sustained throttling, connections near the limit, and (opt-in) evictions. Every alarm watches the one
 * dimension serverless caches publish under, `clusterId` (the cache name), notifies a topic on ALARM and OK, says in
 * its description what broke and what to do, and has no name (CloudFormation generates one that includes the stack).
 */
export class ServerlessCacheRecommendedAlarms extends RecommendedAlarmsBase {
  constructor(scope: Construct, id: string, props: ServerlessCacheRecommendedAlarmsProps) {
    super(scope, id, props.topic);
    const source = serverlessMetricSource(props.cache);
    const specs = serverlessAlarmSpecs(knownUsageMaxima(props));
    const chosen = resolveAlarms<ServerlessAlarm, ServerlessAlarmSpec>(`ServerlessCacheRecommendedAlarms ${this.node.path}`, specs, props);
    for (const alarm of chosen) {
      this._addAlarm(
        this,
        alarm.spec.metricName,
        alarm,
        alarm.spec.metric(source, alarm.period),
        `serverless cache ${source.serverlessCacheName}`,
      );
    }
  }
}
