/**
 * What AWS says about alarming on ElastiCache metrics where the recommended alarms of the serverless cache and the
 * Memcached cluster take their thresholds from it, and what it says about their logs. Where AWS gives no number the
 * library's default is decided next to its alarm (lib/monitoring/) and says so.
 */
import { CHECKED, FactSource } from './fact-source';

/** A number AWS documents, with its source. */
export interface DocumentedValue {
  readonly value: number;
  readonly sources: readonly FactSource[];
}

/** Serverless usage maxima: alarm at 75 % of the maximum of BytesUsedForCache and of ElastiCacheProcessingUnits. */
export const USAGE_MAXIMUM_ALARM_RATIO: DocumentedValue = {
  value: 0.75,
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Scaling.html',
      checked: CHECKED,
      quote:
        'If you setup a maximum limit on BytesUsedForCache or ElastiCacheProcessingUnits, we highly recommend setting up a CloudWatch alarm at a value lower than the maximum limit [...] We recommend setting an alarm at 75% of the maximum limit you set.',
    },
  ],
};

/** Memcached is multithreaded: CPUUtilization (there is no EngineCPUUtilization) may reach 90 %, not divided by vCPUs. */
export const MEMCACHED_CPU_UTILIZATION_PERCENT: DocumentedValue = {
  value: 90,
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/CacheMetrics.WhichShouldIMonitor.html',
      checked: CHECKED,
      quote:
        'Because Memcached is multi-threaded, this metric can be as high as 90%. If you exceed this threshold, scale your cache cluster up by using a larger cache node type, or scale out by adding more cache nodes.',
    },
  ],
};

/**
 * Memory pressure of a node: FreeableMemory below 100 MB, or SwapUsage above FreeableMemory. (It replaced the older
 * "SwapUsage ... should not exceed 50 MB" of the Memcached guide.)
 */
export const FREEABLE_MEMORY_PRESSURE_BYTES: DocumentedValue = {
  value: 100 * 1024 * 1024,
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html',
      checked: CHECKED,
      quote:
        'The FreeableMemory CloudWatch metric being close to 0 (i.e., below 100MB) or SwapUsage metric greater than the FreeableMemory metric indicates a node is under memory pressure.',
    },
  ],
};

/** Client connections ElastiCache accepts: per Valkey / Redis OSS node and serverless cache, and per Memcached node. */
export const CONNECTION_LIMIT: DocumentedValue = {
  value: 65000,
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/RedisConfiguration.html',
      checked: CHECKED,
      quote: 'maxclients 65000 The maximum number of clients that can be connected at one time.',
    },
    {
      // The archived Memcached guide (awsdocs/amazon-elasticache-docs, doc_source/memcache/ParameterGroups.Memcached.md).
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html',
      checked: CHECKED,
      quote: 'max_simultaneous_connections | Default: 65000 Type: integer Modifiable: No | The maximum number of simultaneous connections.',
    },
  ],
};

/** Serverless caches deliver no logs (slow log, engine log): `ServerlessCache` has no `logging`. */
export const SERVERLESS_LOG_DELIVERY = {
  supported: false,
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html',
      checked: CHECKED,
      quote: 'Log delivery is not supported for serverless caches.',
    },
  ] as readonly FactSource[],
} as const;
