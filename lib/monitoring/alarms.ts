import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
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
import { CacheMembers, IReplicationGroupMembers, cacheMembersOf, nodeMetric } from './metrics';

/** What {@link IReplicationGroup.addRecommendedAlarms} creates: which alarms, their thresholds, and where they notify. */
export interface RecommendedAlarmsOptions extends CacheAlarmTopicOptions {
  /**
   * EngineCPUUtilization of each node: the engine thread is saturated.
   * @default - above 90 % for 5 of 5 minutes
   */
  readonly engineCpuUtilization?: CacheAlarmOptions;
  /**
   * CPUUtilization of each node: the host (every vCPU) is saturated.
   * @default - above 90 % for 5 of 5 minutes
   */
  readonly cpuUtilization?: CacheAlarmOptions;
  /**
   * DatabaseMemoryUsagePercentage of each node: the data set approaches maxmemory, where eviction (or OOM errors) start.
   * @default - above 80 % for 5 of 5 minutes
   */
  readonly databaseMemoryUsagePercentage?: CacheAlarmOptions;
  /**
   * CurrConnections of each node: connections approach ElastiCache's limit of 65,000 per node (a connection leak or a
   * client without pooling).
   * @default - above 52,000 (80 % of the limit) for 10 of 10 minutes
   */
  readonly currConnections?: CacheAlarmOptions;
  /**
   * ReplicationLag of every node: reads from replicas are stale and a failover would lose writes. Only a node that is a
   * replica publishes it, but a failover makes a replica the primary and the old primary a replica, so every node has
   * an alarm, and a node that publishes nothing (the primary of the moment) is not breaching. Not created for a group
   * without replicas.
   * @default - above 10 seconds for 15 of 15 minutes
   */
  readonly replicationLag?: CacheAlarmOptions;
  /**
   * Evictions of each node: keys are removed for lack of memory. Off by default; turn it on where every key matters.
   * @default - off; when enabled: more than 0 in 1 of 1 five-minute periods
   */
  readonly evictions?: CacheAlarmOptions;
}

/** Properties of {@link RecommendedAlarms}. */
export interface RecommendedAlarmsProps extends RecommendedAlarmsOptions {
  /** The replication group to watch; an imported one needs its topology (see `ReplicationGroupAttributes`). */
  readonly cache: IReplicationGroupMembers;
}

type ReplicationGroupAlarm = Exclude<keyof RecommendedAlarmsOptions, 'topic'>;

/** One alarm of a replication group's recommended set, decided here and nowhere else. */
interface ReplicationGroupAlarmSpec extends AlarmSpec<ReplicationGroupAlarm> {
  /** Only replicas publish the metric: not created for a group without replicas. */
  readonly onlyWithReplicas?: boolean;
}

/**
 * The recommended alarms, per node (ElastiCache publishes these metrics per CacheClusterId). Sources:
 * CloudWatch's recommended alarms for ElastiCache (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#ElastiCache)
 * and ElastiCache's "Which metrics should I monitor?" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html).
 * Where AWS says "depends on your situation", the default is the library's and the README says why.
 */
export const RECOMMENDED_ALARMS: ReplicationGroupAlarmSpec[] = [
  {
    // AWS: set the threshold at 90 % of available CPU; EngineCPUUtilization is the engine thread's share.
    ...SUSTAINED_PERCENT,
    option: 'engineCpuUtilization',
    metricName: 'EngineCPUUtilization',
    threshold: 90,
    meaning: 'the engine thread is saturated: commands queue and latency rises',
    action:
      'Check the slow log and hot keys (expensive commands such as KEYS or large range reads); spread reads over replicas, writes over more shards (cluster mode), or scale up the node type.',
  },
  {
    ...SUSTAINED_PERCENT,
    option: 'cpuUtilization',
    metricName: 'CPUUtilization',
    threshold: 90,
    meaning: 'the host is saturated (engine, TLS and I/O threads, backups, replication)',
    action:
      'Check whether a backup or a replica sync runs now; otherwise scale up to a node type with more vCPUs, or spread load over more replicas or shards.',
  },
  {
    // Past 100 % the maxmemory-policy evicts keys or writes fail with OOM; 80 % leaves time to scale.
    ...SUSTAINED_PERCENT,
    option: 'databaseMemoryUsagePercentage',
    metricName: 'DatabaseMemoryUsagePercentage',
    threshold: 80,
    meaning: 'the data set approaches maxmemory: next come evictions, or OOM errors on writes under noeviction',
    action: 'Check for keys without TTL and growing collections; add shards (cluster mode) or scale up the node type.',
  },
  {
    // ElastiCache fixes maxclients at 65,000 per node; 80 % of it.
    ...CURR_CONNECTIONS,
    option: 'currConnections',
    action:
      'Look for a connection leak or clients that open a connection per request (compare NewConnections); use connection pooling and reuse clients across Lambda invocations.',
  },
  {
    // "This metric is only applicable for a node running as a read replica"
    // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html, checked 2026-12-04). Roles move
    // on failover and node ids do not, so every node gets the alarm (onlyWithReplicas: the group has replicas at all),
    // and the current primary's missing data is not breaching. Alarming on replicas only would watch the new primary
    // and miss the lag of the old one after the first failover.
    ...PER_MINUTE,
    option: 'replicationLag',
    metricName: 'ReplicationLag',
    unit: 'seconds',
    threshold: 10,
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
    onlyWithReplicas: true,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    meaning: 'the replica lags behind its primary: replica reads are stale and a failover now would lose the lagging writes',
    action:
      'Check the primary for a write burst or large keys, and the replica for CPU or network limits (NetworkBandwidthOutAllowanceExceeded); scale up the node type if it persists.',
  },
  {
    ...EVICTIONS_OPT_IN,
    option: 'evictions',
    action: 'Add memory (shards or a larger node type), shorten TTLs, or confirm that the maxmemory-policy should evict these keys.',
  },
];

/**
 * CloudWatch's recommended alarms for a replication group, one per node and metric (ElastiCache publishes the metrics
 * per member cluster, so an alarm on the group id alone would never fire). Every threshold can be overridden and every
 * alarm turned off; each notifies a topic on ALARM and OK, and its description says what broke and what to do.
 * Alarms have no name (CloudFormation generates one that includes the stack), so two stacks never collide.
 */
export class RecommendedAlarms extends RecommendedAlarmsBase {
  constructor(scope: Construct, id: string, props: RecommendedAlarmsProps) {
    super(scope, id, props.topic);
    const cache = props.cache;
    const subject = `RecommendedAlarms ${this.node.path}`;
    const members: CacheMembers = cacheMembersOf(cache);
    const chosen = resolveAlarms<ReplicationGroupAlarm, ReplicationGroupAlarmSpec>(
      subject,
      RECOMMENDED_ALARMS,
      props,
      (spec) => !spec.onlyWithReplicas || members.hasReplicas,
    );
    checkAlarmCount(subject, chosen.length, members.members.length);
    for (const alarm of chosen) {
      const group = new Construct(this, alarm.spec.metricName);
      for (const member of members.members) {
        const metric = nodeMetric(member, alarm.spec.metricName, { period: alarm.period });
        this._addAlarm(
          group,
          member.key,
          alarm,
          metric,
          `cache node ${member.cacheClusterId} (replication group ${cache.replicationGroupId})`,
        );
      }
    }
  }
}
