import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AlarmComparison,
  AlarmSpec,
  CURR_CONNECTIONS,
  CacheAlarmOptions,
  CacheAlarmTopicOptions,
  EVICTIONS_OPT_IN,
  PER_MINUTE,
  RecommendedAlarmsBase,
  SUSTAINED_PERCENT,
  checkAlarmCount,
  resolveAlarms,
} from './alarm-set';
import { FREEABLE_MEMORY_PRESSURE_BYTES, MEMCACHED_CPU_UTILIZATION_PERCENT } from '../facts/monitoring-guidance';
import { IMemcachedClusterNodes, memcachedMembersOf } from './memcached-metrics';
import { CacheMember, nodeMetric } from './metrics';

/** What {@link IMemcachedCluster.addRecommendedAlarms} creates: which alarms, their thresholds, and where they notify. */
export interface MemcachedRecommendedAlarmsOptions extends CacheAlarmTopicOptions {
  /**
   * CPUUtilization of each node: Memcached is multithreaded, so the host's CPU is the engine's (no ÷ vCPU).
   * @default - above 90 % for 5 of 5 minutes (AWS: "this metric can be as high as 90%")
   */
  readonly cpuUtilization?: CacheAlarmOptions;
  /**
   * FreeableMemory of each node (bytes): the host runs out of memory for connections and items.
   * @default - below 100 MiB (104,857,600 bytes) for 5 of 5 minutes (AWS: "close to 0 (i.e., below 100MB)")
   */
  readonly freeableMemory?: CacheAlarmOptions;
  /**
   * SwapUsage minus FreeableMemory of each node (bytes): the node swaps more than it has free, which AWS names as
   * memory pressure. The threshold is the bytes by which SwapUsage may exceed FreeableMemory.
   * @default - above 0 bytes for 5 of 5 minutes (AWS: "SwapUsage metric greater than the FreeableMemory metric")
   */
  readonly swapUsage?: CacheAlarmOptions;
  /**
   * CurrConnections of each node: connections approach the node's limit of 65,000 (`max_simultaneous_connections`).
   * @default - above 52,000 (80 % of the limit) for 10 of 10 minutes
   */
  readonly currConnections?: CacheAlarmOptions;
  /**
   * Evictions of each node: items are removed for lack of memory. Off by default (AWS: "determine your own alarm
   * threshold for this metric based on your application needs").
   * @default - off; when enabled: more than 0 in 1 of 1 five-minute periods
   */
  readonly evictions?: CacheAlarmOptions;
}

/** Properties of {@link MemcachedRecommendedAlarms}. */
export interface MemcachedRecommendedAlarmsProps extends MemcachedRecommendedAlarmsOptions {
  /** The Memcached cluster to watch; an imported one needs `numNodes`. */
  readonly cache: IMemcachedClusterNodes;
}

type MemcachedAlarm = Exclude<keyof MemcachedRecommendedAlarmsOptions, 'topic'>;

/** One alarm of a Memcached cluster's recommended set: how its metric is made for one node. */
interface MemcachedAlarmSpec extends AlarmSpec<MemcachedAlarm> {
  readonly metric: (node: CacheMember, period: Duration) => cloudwatch.IMetric;
}

/** The node's metric named by the spec. */
const ofNode = (metricName: string) => (node: CacheMember, period: Duration) => nodeMetric(node, metricName, { period });

/**
 * The recommended alarms of a Memcached cluster, per node (ElastiCache publishes Memcached metrics per CacheClusterId
 * and CacheNodeId). CPU at 90 % (MEMCACHED_CPU_UTILIZATION_PERCENT) and the two memory-pressure signals
 * (FREEABLE_MEMORY_PRESSURE_BYTES: FreeableMemory below 100 MB, SwapUsage above FreeableMemory) are AWS's, with their
 * sources in lib/facts/monitoring-guidance.ts; 100 MB is read as 2^20-byte megabytes. For connections and evictions
 * AWS says to "determine your own alarm threshold": connections alarm at 80 % of the 65,000 a node accepts, evictions
 * are opt-in (the library's choices). The 5-minute windows are the library's, as for the replication group.
 */
export const MEMCACHED_ALARMS: MemcachedAlarmSpec[] = [
  {
    ...SUSTAINED_PERCENT,
    option: 'cpuUtilization',
    metricName: 'CPUUtilization',
    threshold: MEMCACHED_CPU_UTILIZATION_PERCENT.value,
    metric: ofNode('CPUUtilization'),
    meaning: 'the node is saturated: Memcached is multithreaded, so its threads share every vCPU of the host',
    action: 'Scale up to a node type with more vCPUs, or add nodes (the client spreads the keys over them).',
  },
  {
    ...PER_MINUTE,
    option: 'freeableMemory',
    metricName: 'FreeableMemory',
    unit: 'bytes',
    threshold: FREEABLE_MEMORY_PRESSURE_BYTES.value,
    comparison: AlarmComparison.BELOW,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    metric: ofNode('FreeableMemory'),
    meaning: 'the host is out of memory: the node is under memory pressure and will start to swap',
    action:
      'Raise the memcached_connections_overhead parameter (memory kept for connections), reduce connections, or scale up the node type.',
  },
  {
    ...PER_MINUTE,
    option: 'swapUsage',
    metricName: 'SwapUsage',
    unit: 'bytes (SwapUsage - FreeableMemory)',
    threshold: 0,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    metric: (node, period) =>
      new cloudwatch.MathExpression({
        expression: 'swap - freeable',
        usingMetrics: { swap: nodeMetric(node, 'SwapUsage', { period }), freeable: nodeMetric(node, 'FreeableMemory', { period }) },
        label: 'SwapUsage - FreeableMemory',
        period,
      }),
    meaning: 'the node swaps more than it has free: it is under memory pressure and every swapped read is slow',
    action: 'Raise the memcached_connections_overhead parameter, reduce connections, or scale up the node type.',
  },
  {
    ...CURR_CONNECTIONS,
    option: 'currConnections',
    metric: ofNode('CurrConnections'),
    action:
      'Look for a connection leak or clients that open a connection per request (compare NewConnections); use connection pooling and reuse clients across Lambda invocations.',
  },
  {
    ...EVICTIONS_OPT_IN,
    option: 'evictions',
    metric: ofNode('Evictions'),
    action: 'Add memory (nodes or a larger node type), shorten TTLs, or confirm that these items may be evicted.',
  },
];

/**
 * The recommended alarms of a Memcached cluster, one per node and metric on exactly its `CacheClusterId` and
 * `CacheNodeId`: host CPU (Memcached is multithreaded: 90 %, as AWS says), low freeable memory and swap beyond it
 * (AWS's memory-pressure signals), connections near the limit, and (opt-in) evictions. Each notifies a topic on ALARM
 * and OK, says in its description what broke and what to do, and has no name.
 */
export class MemcachedRecommendedAlarms extends RecommendedAlarmsBase {
  constructor(scope: Construct, id: string, props: MemcachedRecommendedAlarmsProps) {
    super(scope, id, props.topic);
    const subject = `MemcachedRecommendedAlarms ${this.node.path}`;
    const nodes = memcachedMembersOf(props.cache);
    const chosen = resolveAlarms<MemcachedAlarm, MemcachedAlarmSpec>(subject, MEMCACHED_ALARMS, props);
    checkAlarmCount(subject, chosen.length, nodes.length);

    for (const alarm of chosen) {
      const group = new Construct(this, alarm.spec.metricName);
      for (const node of nodes) {
        const metric = alarm.spec.metric(node, alarm.period);
        this._addAlarm(group, node.key, alarm, metric, `node ${node.cacheNodeId} of Memcached cluster ${node.cacheClusterId}`);
      }
    }
  }
}
