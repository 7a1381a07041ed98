import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ReplicationGroupEngine, CacheValidationError, ClusterMode, ReplicationGroupEngineName, ReplicationGroupProps } from '../../lib';
import { cacheStack } from '../helpers/stacks';

const SCALABLE: Partial<ReplicationGroupProps> = { cacheNodeType: 'cache.r7g.large', numShards: 2, replicasPerShard: 1 };

const SERVICE_LINKED_ROLE = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':iam::',
      { Ref: 'AWS::AccountId' },
      ':role/aws-service-role/elasticache.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG',
    ],
  ],
};

describe('auto scaling', () => {
  const { stack, cache: group } = cacheStack(SCALABLE);
  const shards = group.autoScaleShards({
    minCapacity: 2,
    maxCapacity: 6,
    targetEngineCpuUtilization: 60,
    targetMemoryUtilization: 70,
    scaleInCooldown: Duration.minutes(10),
  });
  group.autoScaleReplicas({ minCapacity: 1, maxCapacity: 3, targetEngineCpuUtilization: 50, disableScaleIn: true });
  const template = Template.fromStack(stack);

  test('registers shards and replicas as scalable targets of the group, with the service-linked role', () => {
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    template.resourceCountIs('AWS::IAM::Role', 0);
    const resourceId = { 'Fn::Join': ['', ['replication-group/', { Ref: 'Cache18F6EE16' }]] };
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'elasticache',
      ScalableDimension: 'elasticache:replication-group:NodeGroups',
      ResourceId: resourceId,
      MinCapacity: 2,
      MaxCapacity: 6,
      RoleARN: SERVICE_LINKED_ROLE,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'elasticache:replication-group:Replicas',
      ResourceId: resourceId,
      MinCapacity: 1,
      MaxCapacity: 3,
    });
    expect(shards.node.path).toBe('TestStack/Cache/ShardAutoScaling/Target');
  });

  test('target tracking: primary engine CPU and memory for shards, replica engine CPU for replicas', () => {
    const policy = (metric: string, target: number, extra: Record<string, unknown> = {}) =>
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: { PredefinedMetricType: metric },
          TargetValue: target,
          ...extra,
        }),
      });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 3);
    policy('ElastiCachePrimaryEngineCPUUtilization', 60, { ScaleInCooldown: 600 });
    policy('ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage', 70);
    policy('ElastiCacheReplicaEngineCPUUtilization', 50, { DisableScaleIn: true });
  });

  test('data-tiering nodes track memory plus SSD', () => {
    const tiered = cacheStack({ ...SCALABLE, cacheNodeType: 'cache.r6gd.xlarge' });
    tiered.cache.autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetMemoryUtilization: 70 });
    tiered.template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage' },
      }),
    });
  });

  test('warns when the group starts outside [min, max]: ElastiCache scales to the bound at once', () => {
    const outside = cacheStack(SCALABLE);
    outside.cache.autoScaleShards({ minCapacity: 3, maxCapacity: 5, targetEngineCpuUtilization: 60 });
    Annotations.fromStack(outside.stack).hasWarning(
      '/TestStack/Cache/ShardAutoScaling',
      Match.stringLikeRegexp(
        'the group has 2, outside minCapacity 3 – maxCapacity 5.*ack: Annotation::cdk-elasticache:auto-scaling-outside-range',
      ),
    );
  });
});

describe('auto scaling validation', () => {
  /** The rule ids and message of the error `fn` throws. */
  function failure(fn: () => unknown): { ruleIds: string[]; message: string } {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(CacheValidationError);
      return { ruleIds: (error as CacheValidationError).ruleIds, message: (error as Error).message };
    }
    throw new Error('expected an error');
  }
  const scalable = (props: Partial<ReplicationGroupProps> = {}) => cacheStack({ ...SCALABLE, ...props }).cache;

  test('[auto-scaling-min-max] minCapacity above maxCapacity', () => {
    const { ruleIds, message } = failure(() =>
      scalable().autoScaleShards({ minCapacity: 5, maxCapacity: 3, targetEngineCpuUtilization: 60 }),
    );
    expect(ruleIds).toEqual(['auto-scaling-min-max']);
    expect(message).toContain('autoScaleShards: minCapacity (5) is greater than maxCapacity (3)');
  });

  test('[auto-scaling-cluster-mode] shard (or replica) scaling with cluster mode disabled', () => {
    const disabled = scalable({ numShards: 1, clusterMode: ClusterMode.DISABLED });
    const { ruleIds, message } = failure(() =>
      disabled.autoScaleShards({ minCapacity: 1, maxCapacity: 3, targetEngineCpuUtilization: 60 }),
    );
    expect(ruleIds).toEqual(['auto-scaling-cluster-mode']);
    expect(message).toContain('autoScaleShards needs clusterMode ClusterMode.ENABLED');
    expect(failure(() => disabled.autoScaleReplicas({ minCapacity: 1, maxCapacity: 2, targetEngineCpuUtilization: 50 })).ruleIds).toEqual([
      'auto-scaling-cluster-mode',
    ]);
  });

  test('[auto-scaling-capacity] replicas beyond 5, shards beyond 500, fractions, and no replica with Multi-AZ', () => {
    const group = scalable();
    expect(failure(() => group.autoScaleReplicas({ minCapacity: 1, maxCapacity: 6, targetEngineCpuUtilization: 50 })).message).toContain(
      'autoScaleReplicas: maxCapacity must be a whole number of replicas per shard from 0 to 5, got 6',
    );
    expect(failure(() => group.autoScaleShards({ minCapacity: 1.5, maxCapacity: 501, targetEngineCpuUtilization: 50 })).ruleIds).toEqual([
      'auto-scaling-capacity',
      'auto-scaling-capacity',
    ]);
    expect(failure(() => group.autoScaleReplicas({ minCapacity: 0, maxCapacity: 2, targetEngineCpuUtilization: 50 })).message).toContain(
      'autoScaleReplicas: minCapacity must be at least 1 with multiAz',
    );
  });

  test('[auto-scaling-target] no shard target; a replica target outside 35-70 %', () => {
    const group = scalable();
    expect(failure(() => group.autoScaleShards({ minCapacity: 2, maxCapacity: 4 })).message).toContain(
      'autoScaleShards: set targetEngineCpuUtilization, targetMemoryUtilization or both',
    );
    expect(failure(() => group.autoScaleReplicas({ minCapacity: 1, maxCapacity: 2, targetEngineCpuUtilization: 90 })).message).toContain(
      'autoScaleReplicas: targetEngineCpuUtilization must be a percentage from 35 to 70, got 90',
    );
    expect(failure(() => group.autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetMemoryUtilization: 0 })).ruleIds).toEqual([
      'auto-scaling-target',
    ]);
  });

  test('[auto-scaling-target] a shard target outside 35-70 % (the console page for shard policies)', () => {
    const group = scalable();
    expect(failure(() => group.autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetMemoryUtilization: 80 })).message).toContain(
      'autoScaleShards: targetMemoryUtilization must be a percentage from 35 to 70, got 80',
    );
    expect(failure(() => group.autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetEngineCpuUtilization: 30 })).message).toContain(
      'autoScaleShards: targetEngineCpuUtilization must be a percentage from 35 to 70, got 30',
    );
    expect(() =>
      scalable().autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetEngineCpuUtilization: 35, targetMemoryUtilization: 70 }),
    ).not.toThrow();
  });

  test('the 8th Graviton generation (r8g, m8g, c8gn) auto scales, as AWS lists it', () => {
    for (const cacheNodeType of ['cache.r8g.large', 'cache.m8g.xlarge', 'cache.c8gn.2xlarge']) {
      expect(() =>
        scalable({ cacheNodeType }).autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetEngineCpuUtilization: 60 }),
      ).not.toThrow();
    }
  });

  test('[auto-scaling-node-type] a burstable or too-big node type', () => {
    for (const cacheNodeType of ['cache.t4g.medium', 'cache.r7g.4xlarge']) {
      const { ruleIds, message } = failure(() =>
        scalable({ cacheNodeType }).autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetEngineCpuUtilization: 60 }),
      );
      expect(ruleIds).toEqual(['auto-scaling-node-type']);
      expect(message).toContain(`got '${cacheNodeType}'`);
    }
  });

  test('[auto-scaling-engine] Redis OSS before 6.0', () => {
    // r6g: r7g needs Redis OSS 6.2 (node-type-engine).
    const old = scalable({
      engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.6'),
      cacheNodeType: 'cache.r6g.large',
    });
    const { ruleIds, message } = failure(() => old.autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetEngineCpuUtilization: 60 }));
    expect(ruleIds).toContain('auto-scaling-engine');
    expect(message).toContain('needs Valkey 7.2+ or Redis OSS 6.0+');
  });
});
