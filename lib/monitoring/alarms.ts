import { Duration, Token, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ValidationProblem, problem, throwIfInvalid } from '../shared/errors';
import { allowCloudWatchAlarmsToUseTopicKey, createAlarmTopic } from './alarm-topic';
import { CacheMember, CacheMembers, IReplicationGroupMembers, cacheMembersOf, nodeMetric } from './metrics';

/** Settings of one recommended alarm; each overrides the library's default for that alarm. */
export interface CacheAlarmOptions {
  /**
   * Create this alarm.
   * @default true, except for `evictions` (a cache that may evict by design would page on every eviction)
   */
  readonly enabled?: boolean;
  /**
   * The threshold the metric must exceed (in the metric's unit: percent, count, seconds).
   * @default - the value in the README's alarm table
   */
  readonly threshold?: number;
  /**
   * How many periods are evaluated.
   * @default - the value in the README's alarm table
   */
  readonly evaluationPeriods?: number;
  /**
   * How many of the evaluated periods must breach ("M out of N").
   * @default - the value in the README's alarm table
   */
  readonly datapointsToAlarm?: number;
  /**
   * The period of each data point: a whole number of minutes (ElastiCache publishes every 60 seconds).
   * @default - the value in the README's alarm table
   */
  readonly period?: Duration;
}

/** What {@link IReplicationGroup.addRecommendedAlarms} creates: which alarms, their thresholds, and where they notify. */
export interface RecommendedAlarmsOptions {
  /**
   * The topic each alarm notifies on ALARM and on OK. An encrypted topic's key is given the statement CloudWatch needs
   * (or, for an imported key, a warning shows the statement to add).
   * @default - a new topic, encrypted with its own customer-managed key, TLS-only, that only this account's CloudWatch
   * alarms may publish to; subscribe to it (`alarms.topic`)
   */
  readonly topic?: sns.ITopic;
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
   * ReplicationLag of each node (replicas publish it): reads from replicas are stale and a failover would lose writes.
   * Not created for a group without replicas.
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

/** One alarm of the recommended set, decided here and nowhere else. */
interface AlarmSpec {
  readonly option: Exclude<keyof RecommendedAlarmsOptions, 'topic'>;
  readonly metricName: string;
  readonly unit: string;
  readonly threshold: number;
  /** The largest meaningful threshold (percentages). */
  readonly maxThreshold?: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly period: Duration;
  readonly enabledByDefault: boolean;
  readonly onlyWithReplicas: boolean;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** What broke and what to do, for the on-call engineer. */
  readonly meaning: string;
  readonly action: string;
}

/** What most alarms share: every minute, the data of a node that stops publishing left missing, on by default. */
const PER_MINUTE = {
  period: Duration.minutes(1),
  enabledByDefault: true,
  onlyWithReplicas: false,
  treatMissingData: cloudwatch.TreatMissingData.MISSING,
};
/** A percentage that must stay high for 5 of 5 minutes. */
const SUSTAINED_PERCENT = { ...PER_MINUTE, unit: '%', maxThreshold: 100, evaluationPeriods: 5, datapointsToAlarm: 5 };

/**
 * The recommended alarms, per node (ElastiCache publishes these metrics per CacheClusterId). Sources:
 * CloudWatch's recommended alarms for ElastiCache (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#ElastiCache)
 * and ElastiCache's "Which metrics should I monitor?" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html).
 * Where AWS says "depends on your situation", the default is the library's and the README says why.
 */
export const RECOMMENDED_ALARMS: AlarmSpec[] = [
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
    ...PER_MINUTE,
    option: 'currConnections',
    metricName: 'CurrConnections',
    unit: 'connections',
    threshold: 52000,
    evaluationPeriods: 10,
    datapointsToAlarm: 10,
    meaning: 'client connections approach the node limit of 65,000, after which new connections are refused',
    action:
      'Look for a connection leak or clients that open a connection per request (compare NewConnections); use connection pooling and reuse clients across Lambda invocations.',
  },
  {
    // Only replicas publish ReplicationLag; the primary's missing data must not breach.
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
    option: 'evictions',
    metricName: 'Evictions',
    unit: 'keys',
    threshold: 0,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    period: Duration.minutes(5),
    enabledByDefault: false,
    onlyWithReplicas: false,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    meaning: 'keys are evicted for lack of memory',
    action: 'Add memory (shards or a larger node type), shorten TTLs, or confirm that the maxmemory-policy should evict these keys.',
  },
];

/**
 * CloudFormation allows 500 resources per stack; the recommended alarms of a big cluster (5 per node) must not take
 * them all. Past this count, turn some alarms off or watch the group another way (auto scaling, dashboards).
 */
export const MAX_RECOMMENDED_ALARMS = 200;

interface ResolvedAlarm {
  readonly spec: AlarmSpec;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly period: Duration;
}

function optionProblems(spec: AlarmSpec, options: CacheAlarmOptions): ValidationProblem[] {
  const name = spec.option;
  const resolved = {
    threshold: options.threshold ?? spec.threshold,
    evaluationPeriods: options.evaluationPeriods ?? spec.evaluationPeriods,
    datapointsToAlarm: options.datapointsToAlarm ?? options.evaluationPeriods ?? spec.datapointsToAlarm,
    periodSeconds: (options.period ?? spec.period).toSeconds(),
  };
  const problems: string[] = [];
  const { threshold, evaluationPeriods, datapointsToAlarm, periodSeconds } = resolved;
  const known = (value: number) => !Token.isUnresolved(value);
  if (known(threshold) && (threshold < 0 || (spec.maxThreshold !== undefined && threshold > spec.maxThreshold))) {
    problems.push(`${name}.threshold must be from 0 to ${spec.maxThreshold ?? 'any'} ${spec.unit}, got ${threshold}`);
  }
  const validPeriods = known(evaluationPeriods) && Number.isInteger(evaluationPeriods) && evaluationPeriods >= 1;
  if (known(evaluationPeriods) && !validPeriods) {
    problems.push(`${name}.evaluationPeriods must be a whole number >= 1, got ${evaluationPeriods}`);
  }
  // Checked against a valid evaluationPeriods only, so that one mistake gives one message.
  if (
    validPeriods &&
    known(datapointsToAlarm) &&
    !(Number.isInteger(datapointsToAlarm) && datapointsToAlarm >= 1 && datapointsToAlarm <= evaluationPeriods)
  ) {
    problems.push(
      `${name}.datapointsToAlarm must be a whole number from 1 to evaluationPeriods (${evaluationPeriods}), got ${datapointsToAlarm}`,
    );
  }
  if (known(periodSeconds) && (periodSeconds < 60 || periodSeconds % 60 !== 0)) {
    problems.push(
      `${name}.period must be a whole number of minutes (ElastiCache publishes every 60 seconds), got ${periodSeconds} seconds`,
    );
  } else if (known(periodSeconds) && known(evaluationPeriods) && periodSeconds * evaluationPeriods > 86400) {
    problems.push(
      `${name}: period × evaluationPeriods must be at most one day (CloudWatch's limit), got ${periodSeconds * evaluationPeriods} seconds`,
    );
  }
  return problems.map((message) => problem('alarm-options', message));
}

/**
 * CloudWatch's recommended alarms for a replication group, one per node and metric (ElastiCache publishes the metrics
 * per member cluster, so an alarm on the group id alone would never fire). Every threshold can be overridden and every
 * alarm turned off; each notifies a topic on ALARM and OK, and its description says what broke and what to do.
 * Alarms have no name (CloudFormation generates one that includes the stack), so two stacks never collide.
 */
export class RecommendedAlarms extends Construct {
  /** Every alarm created, in the order of the README table, node by node. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The topic the alarms notify: the one given, or the one created. */
  public readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: RecommendedAlarmsProps) {
    super(scope, id);
    const cache = props.cache;
    const members: CacheMembers = cacheMembersOf(cache);
    const chosen = this.resolve(props, members);
    const count = chosen.length * members.members.length;
    throwIfInvalid(
      `RecommendedAlarms ${this.node.path}`,
      count > MAX_RECOMMENDED_ALARMS
        ? [
            problem(
              'recommended-alarms-limit',
              `${count} alarms (${chosen.length} per node × ${members.members.length} nodes) exceed the ${MAX_RECOMMENDED_ALARMS} this construct creates in one stack (CloudFormation allows 500 resources): turn some off (e.g. cpuUtilization: { enabled: false })`,
            ),
          ]
        : [],
    );

    if (props.topic) allowCloudWatchAlarmsToUseTopicKey(this, props.topic);
    this.topic = props.topic ?? createAlarmTopic(this, 'Topic');
    const action = new actions.SnsAction(this.topic);
    for (const alarm of chosen) {
      const group = new Construct(this, alarm.spec.metricName);
      for (const member of members.members) {
        const created = this.createAlarm(group, cache, member, alarm);
        created.addAlarmAction(action);
        created.addOkAction(action);
        this.alarms.push(created);
      }
    }
  }

  private resolve(props: RecommendedAlarmsProps, members: CacheMembers): ResolvedAlarm[] {
    const problems = RECOMMENDED_ALARMS.flatMap((spec) => optionProblems(spec, props[spec.option] ?? {}));
    throwIfInvalid(`RecommendedAlarms ${this.node.path}`, problems);
    return RECOMMENDED_ALARMS.filter(
      (spec) => (props[spec.option]?.enabled ?? spec.enabledByDefault) && (!spec.onlyWithReplicas || members.hasReplicas),
    ).map((spec) => {
      const options = props[spec.option] ?? {};
      const evaluationPeriods = options.evaluationPeriods ?? spec.evaluationPeriods;
      return {
        spec,
        threshold: options.threshold ?? spec.threshold,
        evaluationPeriods,
        datapointsToAlarm:
          options.datapointsToAlarm ?? (options.evaluationPeriods !== undefined ? evaluationPeriods : spec.datapointsToAlarm),
        period: options.period ?? spec.period,
      };
    });
  }

  private createAlarm(scope: Construct, cache: IReplicationGroupMembers, member: CacheMember, alarm: ResolvedAlarm): cloudwatch.Alarm {
    const { spec, threshold, evaluationPeriods, datapointsToAlarm, period } = alarm;
    const window = `${datapointsToAlarm} of the last ${evaluationPeriods} periods of ${period.toHumanString()}`;
    return new cloudwatch.Alarm(scope, member.key, {
      metric: nodeMetric(member, spec.metricName, { period }),
      threshold,
      evaluationPeriods,
      datapointsToAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: spec.treatMissingData,
      alarmDescription: `${spec.metricName} of cache node ${member.cacheClusterId} (replication group ${cache.replicationGroupId}) above ${threshold} ${spec.unit} in ${window}: ${spec.meaning}. ${spec.action}`,
    });
  }
}
