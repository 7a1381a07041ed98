import { Duration, Token, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CONNECTION_LIMIT } from '../facts/monitoring-guidance';
import { ValidationProblem, problem, throwIfInvalid } from '../shared/errors';
import { allowCloudWatchAlarmsToUseTopicKey, createAlarmTopic } from './alarm-topic';

/**
 * The machinery every shape's recommended alarms share (replication group, serverless cache, Memcached cluster): the
 * option checks, the topic, and one alarm per spec (and node) with a description that says what broke and what to do.
 * Each shape keeps its own table of specs, with its sources, next to its construct.
 */

/** Settings of one recommended alarm; each overrides the library's default for that alarm. */
export interface CacheAlarmOptions {
  /**
   * Create this alarm.
   * @default true, except for `evictions` (a cache that may evict by design would page on every eviction) and for the
   * alarms that need a threshold the cache does not give (see each shape's alarm table in the README)
   */
  readonly enabled?: boolean;
  /**
   * The threshold the metric must cross (in the metric's unit: percent, count, seconds, bytes, ECPUs per second).
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

/** Where the recommended alarms of any shape notify. */
export interface CacheAlarmTopicOptions {
  /**
   * The topic each alarm notifies on ALARM and on OK. An encrypted topic's key is given the statement CloudWatch needs
   * (or, for an imported key, a warning shows the statement to add).
   * @default - a new topic, encrypted with its own customer-managed key, TLS-only, that only this account's CloudWatch
   * alarms may publish to; subscribe to it (`alarms.topic`)
   */
  readonly topic?: sns.ITopic;
}

/** Which side of the threshold breaches. */
export enum AlarmComparison {
  ABOVE = 'above',
  BELOW = 'below',
}

/** One alarm of a recommended set, decided in its shape's table and nowhere else. */
export interface AlarmSpec<Option extends string = string> {
  /** The key of its CacheAlarmOptions in the shape's options. */
  readonly option: Option;
  /** The metric named in the description; also the construct id of the alarm (or of its per-node group). */
  readonly metricName: string;
  readonly unit: string;
  /**
   * The default threshold. Undefined when the library has none for this cache (e.g. no usage limit to derive it from):
   * the alarm then exists only when the options give a threshold.
   */
  readonly threshold?: number;
  /** Why there is no default threshold, for the error when the alarm is enabled without one. */
  readonly thresholdRequired?: string;
  /** The largest meaningful threshold (percentages). */
  readonly maxThreshold?: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly period: Duration;
  readonly enabledByDefault: boolean;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** @default AlarmComparison.ABOVE */
  readonly comparison?: AlarmComparison;
  /** What broke and what to do, for the on-call engineer. */
  readonly meaning: string;
  readonly action: string;
}

/** What most alarms share: every minute, on by default, the data of a resource that stops publishing left missing. */
export const PER_MINUTE = {
  period: Duration.minutes(1),
  enabledByDefault: true,
  treatMissingData: cloudwatch.TreatMissingData.MISSING,
};

/** A percentage that must stay high for 5 of 5 minutes. */
export const SUSTAINED_PERCENT = { ...PER_MINUTE, unit: '%', maxThreshold: 100, evaluationPeriods: 5, datapointsToAlarm: 5 };

/** Off by default: a cache that may evict by design would page on every eviction. Any eviction in 5 minutes. */
export const EVICTIONS_OPT_IN = {
  metricName: 'Evictions',
  unit: 'keys',
  threshold: 0,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  period: Duration.minutes(5),
  enabledByDefault: false,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  meaning: 'keys are evicted for lack of memory',
};

/**
 * CurrConnections above 80 % of the 65,000 connections ElastiCache accepts per node or serverless cache
 * (lib/facts/monitoring-guidance.ts) for 10 of 10 minutes. AWS gives no threshold ("determine your own"): 80 % is the
 * library's, leaving time to find the leak before connections are refused.
 */
export const CURR_CONNECTIONS = {
  ...PER_MINUTE,
  metricName: 'CurrConnections',
  unit: 'connections',
  threshold: CONNECTION_LIMIT.value * 0.8,
  evaluationPeriods: 10,
  datapointsToAlarm: 10,
  meaning: 'client connections approach the node limit of 65,000, after which new connections are refused',
};

/**
 * CloudFormation allows 500 resources per stack; the recommended alarms of a big cluster (several per node) must not
 * take them all. Past this count, turn some alarms off or watch the cache another way (auto scaling, dashboards).
 */
export const MAX_RECOMMENDED_ALARMS = 200;

/** A spec with the options applied. */
export interface ResolvedAlarm<Spec extends AlarmSpec = AlarmSpec> {
  readonly spec: Spec;
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
  if (threshold === undefined) {
    if (options.enabled) problems.push(`${name}.threshold is required to enable it: ${spec.thresholdRequired ?? 'no default'}`);
  } else if (known(threshold) && (threshold < 0 || (spec.maxThreshold !== undefined && threshold > spec.maxThreshold))) {
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
 * The alarms to create: every option checked first (all problems at once), then the specs that are enabled (by the
 * options, else by default, and only with a threshold) and that `applies` to the cache, with the options applied.
 */
export function resolveAlarms<Option extends string, Spec extends AlarmSpec<Option>>(
  subject: string,
  specs: readonly Spec[],
  options: Partial<Record<Option, CacheAlarmOptions>>,
  applies: (spec: Spec) => boolean = () => true,
): ResolvedAlarm<Spec>[] {
  throwIfInvalid(
    subject,
    specs.flatMap((spec) => optionProblems(spec, options[spec.option] ?? {})),
  );
  return specs
    .filter((spec) => {
      const given = options[spec.option] ?? {};
      const threshold = given.threshold ?? spec.threshold;
      return threshold !== undefined && (given.enabled ?? spec.enabledByDefault) && applies(spec);
    })
    .map((spec) => {
      const given = options[spec.option] ?? {};
      const evaluationPeriods = given.evaluationPeriods ?? spec.evaluationPeriods;
      return {
        spec,
        threshold: (given.threshold ?? spec.threshold)!,
        evaluationPeriods,
        datapointsToAlarm: given.datapointsToAlarm ?? (given.evaluationPeriods !== undefined ? evaluationPeriods : spec.datapointsToAlarm),
        period: given.period ?? spec.period,
      };
    });
}

/** Throws when `perTarget` alarms on each of `targets` nodes exceed what one stack should hold. */
export function checkAlarmCount(subject: string, perTarget: number, targets: number): void {
  const count = perTarget * targets;
  throwIfInvalid(
    subject,
    count > MAX_RECOMMENDED_ALARMS
      ? [
          problem(
            'recommended-alarms-limit',
            `${count} alarms (${perTarget} per node × ${targets} nodes) exceed the ${MAX_RECOMMENDED_ALARMS} this construct creates in one stack (CloudFormation allows 500 resources): turn some off (e.g. cpuUtilization: { enabled: false })`,
          ),
        ]
      : [],
  );
}

/**
 * The alarms of one recommended set and the topic they notify: what every shape's recommended alarms are
 * (`RecommendedAlarms`, `ServerlessCacheRecommendedAlarms`, `MemcachedRecommendedAlarms`). Each alarm notifies the topic
 * (given, or created here as `Topic`) on ALARM and on OK, and has no name (CloudFormation generates one that includes
 * the stack), so two stacks never collide.
 */
export abstract class RecommendedAlarmsBase extends Construct {
  /** Every alarm created, in the order of the README table (node by node for a node-based cache). */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The topic the alarms notify: the one given, or the one created. */
  public readonly topic: sns.ITopic;
  private readonly action: actions.SnsAction;

  /**
   * @param topic the topic to notify; an encrypted one's key gets the statement CloudWatch needs
   * @default - a new encrypted, TLS-only topic that only this account's alarms may publish to
   */
  constructor(scope: Construct, id: string, topic?: sns.ITopic) {
    super(scope, id);
    if (topic) allowCloudWatchAlarmsToUseTopicKey(this, topic);
    this.topic = topic ?? createAlarmTopic(this, 'Topic');
    this.action = new actions.SnsAction(this.topic);
  }

  /**
   * One alarm on `metric`, described as `<metricName> of <subject> above|below <threshold> ...: <meaning>. <action>`.
   * @internal
   */
  protected _addAlarm(scope: Construct, id: string, alarm: ResolvedAlarm, metric: cloudwatch.IMetric, subject: string): cloudwatch.Alarm {
    const { spec, threshold, evaluationPeriods, datapointsToAlarm, period } = alarm;
    const below = spec.comparison === AlarmComparison.BELOW;
    const window = `${datapointsToAlarm} of the last ${evaluationPeriods} periods of ${period.toHumanString()}`;
    const created = new cloudwatch.Alarm(scope, id, {
      metric,
      threshold,
      evaluationPeriods,
      datapointsToAlarm,
      comparisonOperator: below ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: spec.treatMissingData,
      alarmDescription: `${spec.metricName} of ${subject} ${below ? 'below' : 'above'} ${threshold} ${spec.unit} in ${window}: ${spec.meaning}. ${spec.action}`,
    });
    created.addAlarmAction(this.action);
    created.addOkAction(this.action);
    this.alarms.push(created);
    return created;
  }
}
