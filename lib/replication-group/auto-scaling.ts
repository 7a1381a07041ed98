import { Duration, Stack, Token, aws_applicationautoscaling as appscaling, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ReplicationGroupEngineName } from './engine';
import { AUTO_SCALING_NODES } from '../facts/node-families';
import { AUTO_SCALING_TARGET_PERCENT } from '../facts/limits';
import { ValidationProblem, problem, throwIfInvalid } from '../shared/errors';
import { isDataTieringNodeType, nodeFamily } from '../private/node-type';
import type { ReplicationGroupConfig } from './config';
import { ClusterMode } from './props';
import { addWarning } from '../private/warnings';
import { isGlobalDatastoreMember } from './secondary';

/** Capacity limits and cooldowns shared by shard and replica auto scaling. */
export interface CacheAutoScalingProps {
  /** The fewest shards (or replicas per shard) auto scaling keeps. */
  readonly minCapacity: number;
  /** The most shards (or replicas per shard) auto scaling adds. */
  readonly maxCapacity: number;
  /**
   * Time after a scale-in before another scale-in starts.
   * @default - Application Auto Scaling's default
   */
  readonly scaleInCooldown?: Duration;
  /**
   * Time after a scale-out before another scale-out starts.
   * @default - Application Auto Scaling's default
   */
  readonly scaleOutCooldown?: Duration;
  /**
   * Only scale out; never remove shards or replicas automatically.
   * @default false
   */
  readonly disableScaleIn?: boolean;
}

/** Target tracking on the number of shards (node groups). At least one target is required. */
export interface ShardAutoScalingProps extends CacheAutoScalingProps {
  /**
   * Target for the average EngineCPUUtilization of the primaries (ElastiCachePrimaryEngineCPUUtilization), in percent.
   * @default - no CPU target
   */
  readonly targetEngineCpuUtilization?: number;
  /**
   * Target for the memory used by data that counts for eviction, in percent
   * (ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage; on data-tiering r6gd nodes, memory plus SSD:
   * ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage).
   * @default - no memory target
   */
  readonly targetMemoryUtilization?: number;
}

/** Target tracking on the number of replicas in every shard. */
export interface ReplicaAutoScalingProps extends CacheAutoScalingProps {
  /** Target for the average EngineCPUUtilization of the replicas (ElastiCacheReplicaEngineCPUUtilization), 35–70 percent. */
  readonly targetEngineCpuUtilization: number;
}

/** One scalable dimension of a replication group. */
export enum ScalingDimension {
  SHARDS = 'elasticache:replication-group:NodeGroups',
  REPLICAS = 'elasticache:replication-group:Replicas',
}

const AUTO_SCALING_DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling.html';
/**
 * Node families and sizes ElastiCache auto scaling supports: lib/facts/node-families.ts, which cites the "Prerequisites"
 * of AUTO_SCALING_DOC (the English copy lists R7g, R6g, R6gd, R5, M7g, M6g, M5, C7gn; AWS's newer translations add
 * R8g, M8g and C8gn; checked 2026-12-04).
 */
const SCALABLE_FAMILIES = AUTO_SCALING_NODES.families;
const SCALABLE_SIZES = AUTO_SCALING_NODES.sizes ?? [];
/**
 * The target value of every ElastiCache policy, shards and replicas alike: 35–70 percent (lib/facts/limits.ts: the
 * shard policy console page, "choose a value greater than or equal to 35 and less than or equal to 70", and the replica
 * policy page, "between 35 percent and 70 percent"; checked 2026-12-04).
 */
const TARGET = AUTO_SCALING_TARGET_PERCENT;

type Props = ShardAutoScalingProps & Partial<ReplicaAutoScalingProps>;

const known = (value: unknown): boolean => !Token.isUnresolved(value);
const label = (dimension: ScalingDimension) => (dimension === ScalingDimension.SHARDS ? 'autoScaleShards' : 'autoScaleReplicas');

function capacityProblems(dimension: ScalingDimension, props: Props, config: ReplicationGroupConfig): ValidationProblem[] {
  const { minCapacity: min, maxCapacity: max } = props;
  const [low, high, what] = dimension === ScalingDimension.SHARDS ? [1, 500, 'shards'] : [0, 5, 'replicas per shard'];
  const problems: ValidationProblem[] = [];
  for (const [name, value] of [
    ['minCapacity', min],
    ['maxCapacity', max],
  ] as const) {
    if (known(value) && (!Number.isInteger(value) || value < low || value > high)) {
      problems.push(
        problem(
          'auto-scaling-capacity',
          `${label(dimension)}: ${name} must be a whole number of ${what} from ${low} to ${high}, got ${value}`,
        ),
      );
    }
  }
  if (known(min) && known(max) && min > max) {
    problems.push(problem('auto-scaling-min-max', `${label(dimension)}: minCapacity (${min}) is greater than maxCapacity (${max})`));
  }
  if (dimension === ScalingDimension.REPLICAS && config.multiAz && known(min) && min < 1) {
    problems.push(
      problem(
        'auto-scaling-capacity',
        `autoScaleReplicas: minCapacity must be at least 1 with multiAz (Multi-AZ needs a replica in every shard), got ${min}`,
      ),
    );
  }
  return problems;
}

function targetProblems(dimension: ScalingDimension, props: Props): ValidationProblem[] {
  const percent = (name: string, value: number | undefined, low: number, high: number) =>
    value !== undefined && known(value) && !(value >= low && value <= high)
      ? [problem('auto-scaling-target', `${label(dimension)}: ${name} must be a percentage from ${low} to ${high}, got ${value}`)]
      : [];
  if (dimension === ScalingDimension.REPLICAS) {
    return percent('targetEngineCpuUtilization', props.targetEngineCpuUtilization, TARGET.min, TARGET.max);
  }
  if (props.targetEngineCpuUtilization === undefined && props.targetMemoryUtilization === undefined) {
    return [problem('auto-scaling-target', 'autoScaleShards: set targetEngineCpuUtilization, targetMemoryUtilization or both')];
  }
  return [
    ...percent('targetEngineCpuUtilization', props.targetEngineCpuUtilization, TARGET.min, TARGET.max),
    ...percent('targetMemoryUtilization', props.targetMemoryUtilization, TARGET.min, TARGET.max),
  ];
}

/** The auto scaling each replication group of this app has, by label (`autoScaleShards`, `autoScaleReplicas`). */
const AUTO_SCALED = new WeakMap<IConstruct, string[]>();

/** The auto scaling `group` has (`autoScaleShards`, `autoScaleReplicas`); empty for an import or a group without any. */
export function autoScaledDimensions(group: IConstruct): readonly string[] {
  return AUTO_SCALED.get(group) ?? [];
}

/**
 * The prerequisites of ElastiCache auto scaling (AUTO_SCALING_DOC): cluster mode, engine version, node type, and no
 * global datastore ("Auto Scaling in ElastiCache is not supported for clusters running in Global datastores, Outposts
 * or Local Zones", checked 2026-12-04). A GlobalDatastore made after the auto scaling checks the other order.
 */
function prerequisiteProblems(scope: IConstruct, dimension: ScalingDimension, config: ReplicationGroupConfig): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (isGlobalDatastoreMember(scope, config.globalDatastore)) {
    problems.push(
      problem(
        'auto-scaling-global-datastore',
        `${label(dimension)} is not possible on a ${config.globalDatastore ? 'secondary' : 'primary'} of a global datastore: ElastiCache does not auto scale clusters in a global datastore (${AUTO_SCALING_DOC}); scale every member with the GlobalDatastore's cacheNodeType and numShards instead`,
      ),
    );
  }
  if (config.clusterMode !== ClusterMode.ENABLED) {
    problems.push(
      problem(
        'auto-scaling-cluster-mode',
        `${label(dimension)} needs clusterMode ClusterMode.ENABLED: ElastiCache auto scales shards and replicas of cluster-mode groups only (${AUTO_SCALING_DOC}); this group has cluster mode disabled`,
      ),
    );
  }
  const { engine, nodeTypeInfo: info } = config;
  // Redis OSS 6.0+, or 7.0.7+ with data tiering (ElastiCache's 7.0 is 7.0.7).
  const minimumMajor = config.dataTiering ? 7 : 6;
  if (engine.name === ReplicationGroupEngineName.REDIS && !engine.isAtLeast(`${minimumMajor}.0`)) {
    problems.push(
      problem(
        'auto-scaling-engine',
        `${label(dimension)} needs Valkey 7.2+ or Redis OSS ${minimumMajor}.0+ (${AUTO_SCALING_DOC}), but engine is ${engine.toString()}`,
      ),
    );
  }
  if (info && !(SCALABLE_FAMILIES.includes(nodeFamily(info)) && SCALABLE_SIZES.includes(info.size))) {
    problems.push(
      problem(
        'auto-scaling-node-type',
        `${label(dimension)} supports node families ${SCALABLE_FAMILIES.join(', ')} in sizes ${SCALABLE_SIZES.join(', ')} (${AUTO_SCALING_DOC}), got '${config.cacheNodeType}'`,
      ),
    );
  }
  return problems;
}

/** The role Application Auto Scaling uses for ElastiCache; naming it in RoleARN makes the service create it if absent. */
function serviceLinkedRole(scope: Construct): iam.IRole {
  // https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-service-linked-roles.html
  const arn = Stack.of(scope).formatArn({
    service: 'iam',
    region: '',
    resource: 'role',
    resourceName:
      'aws-service-role/elasticache.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG',
  });
  return iam.Role.fromRoleArn(scope, 'ServiceLinkedRole', arn, { mutable: false });
}

/**
 * Registers the group's shards or replicas with Application Auto Scaling and adds target tracking
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-elasticache.html).
 * Validates ElastiCache's prerequisites at synth, and warns when the current count lies outside [min, max]: creating
 * the policy scales to the nearest bound at once.
 */
export function autoScale(
  scope: Construct,
  id: string,
  dimension: ScalingDimension,
  props: ShardAutoScalingProps | ReplicaAutoScalingProps,
  context: { readonly replicationGroupId: string; readonly config: ReplicationGroupConfig; readonly subject: string },
): appscaling.ScalableTarget {
  const { config } = context;
  const all = props as Props;
  throwIfInvalid(context.subject, [
    ...prerequisiteProblems(scope, dimension, config),
    ...capacityProblems(dimension, all, config),
    ...targetProblems(dimension, all),
  ]);
  AUTO_SCALED.set(scope, [...autoScaledDimensions(scope), label(dimension)]);
  const current = dimension === ScalingDimension.SHARDS ? config.numShards : config.replicasPerShard;
  const container = new Construct(scope, id);
  if (known(current) && (current < props.minCapacity || current > props.maxCapacity)) {
    addWarning(
      container,
      'auto-scaling-outside-range',
      `${label(dimension)}: the group has ${current}, outside minCapacity ${props.minCapacity} – maxCapacity ${props.maxCapacity}; ElastiCache scales to the nearest bound as soon as the policy is created`,
    );
  }
  const target = new appscaling.ScalableTarget(container, 'Target', {
    serviceNamespace: appscaling.ServiceNamespace.ELASTICACHE,
    resourceId: `replication-group/${context.replicationGroupId}`,
    scalableDimension: dimension,
    minCapacity: props.minCapacity,
    maxCapacity: props.maxCapacity,
    role: serviceLinkedRole(container),
  });
  const common = { scaleInCooldown: props.scaleInCooldown, scaleOutCooldown: props.scaleOutCooldown, disableScaleIn: props.disableScaleIn };
  const track = (policyId: string, predefinedMetric: appscaling.PredefinedMetric, targetValue: number | undefined) => {
    if (targetValue !== undefined) target.scaleToTrackMetric(policyId, { ...common, predefinedMetric, targetValue });
  };
  if (dimension === ScalingDimension.REPLICAS) {
    track('EngineCpu', appscaling.PredefinedMetric.ELASTICACHE_REPLICA_ENGINE_CPU_UTILIZATION, all.targetEngineCpuUtilization);
  } else {
    track('EngineCpu', appscaling.PredefinedMetric.ELASTICACHE_PRIMARY_ENGINE_CPU_UTILIZATION, all.targetEngineCpuUtilization);
    // Data-tiering nodes cannot use the memory metric: their data lives in memory and on SSD.
    // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Scaling-Policies-Target.html
    const tiered = config.nodeTypeInfo !== undefined && isDataTieringNodeType(config.nodeTypeInfo);
    const memoryMetric = tiered
      ? appscaling.PredefinedMetric.ELASTICACHE_DATABASE_CAPACITY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE
      : appscaling.PredefinedMetric.ELASTICACHE_DATABASE_MEMORY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE;
    track('Memory', memoryMetric, all.targetMemoryUtilization);
  }
  return target;
}
