import { Duration, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CacheValidationError, ClusterMode, ReplicationGroup } from '../../lib';
import { cacheStack, newStack } from '../helpers/stacks';

type Resource = { Properties: Record<string, unknown> };

/** The CacheClusterId of a node of a group whose id is generated (a Ref): `Fn::Join` on the Ref, as ElastiCache names it. */
const joined = (groupLogicalId: string, suffix: string) => ({ 'Fn::Join': ['', [{ Ref: groupLogicalId }, `-${suffix}`]] });

/** Alarm properties by metric name. */
function alarmsByMetric(template: Template): Map<string, Record<string, unknown>[]> {
  const byMetric = new Map<string, Record<string, unknown>[]>();
  for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[]) {
    const name = String(alarm.Properties.MetricName);
    byMetric.set(name, [...(byMetric.get(name) ?? []), alarm.Properties]);
  }
  return byMetric;
}

const dimensionsOf = (alarms: Record<string, unknown>[]) => alarms.map((alarm) => alarm.Dimensions);

describe('recommended alarms, cluster mode disabled (3 nodes, generated id)', () => {
  const { stack, cache } = cacheStack();
  const alarms = cache.addRecommendedAlarms('RecommendedAlarms');
  const template = Template.fromStack(stack);
  const byMetric = alarmsByMetric(template);
  const nodes = ['001', '002', '003'].map((n) => [{ Name: 'CacheClusterId', Value: joined('Cache18F6EE16', n) }]);

  test('one alarm per node for each of the 5 default metrics, and no other', () => {
    expect([...byMetric.keys()].sort()).toEqual([
      'CPUUtilization',
      'CurrConnections',
      'DatabaseMemoryUsagePercentage',
      'EngineCPUUtilization',
      'ReplicationLag',
    ]);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 15);
    expect(alarms.alarms).toHaveLength(15);
  });

  test.each([...byMetric.keys()])('%s: the dimensions are exactly the 3 member cluster ids', (metric) => {
    expect(dimensionsOf(byMetric.get(metric)!)).toEqual(nodes);
    expect(byMetric.get(metric)!.every((a) => a.Namespace === 'AWS/ElastiCache')).toBe(true);
  });

  test('thresholds, statistics and windows follow the README table', () => {
    const first = (metric: string) => byMetric.get(metric)![0];
    expect(first('EngineCPUUtilization')).toMatchObject({
      Threshold: 90,
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
    });
    expect(first('CPUUtilization')).toMatchObject({ Threshold: 90, Statistic: 'Average', EvaluationPeriods: 5, DatapointsToAlarm: 5 });
    expect(first('DatabaseMemoryUsagePercentage')).toMatchObject({ Threshold: 80, Statistic: 'Average', EvaluationPeriods: 5 });
    expect(first('CurrConnections')).toMatchObject({
      Threshold: 52000,
      Statistic: 'Average',
      EvaluationPeriods: 10,
      DatapointsToAlarm: 10,
    });
    expect(first('ReplicationLag')).toMatchObject({
      Threshold: 10,
      Statistic: 'Average',
      EvaluationPeriods: 15,
      DatapointsToAlarm: 15,
      TreatMissingData: 'notBreaching',
    });
  });

  test('every alarm has no fixed name, notifies the topic on ALARM and OK, and says what broke and what to do', () => {
    for (const alarm of [...byMetric.values()].flat()) {
      expect(alarm.AlarmName).toBeUndefined();
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^CacheRecommendedAlarmsTopic[0-9A-F]{8}$/) }]);
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
    }
    const description = JSON.stringify(byMetric.get('EngineCPUUtilization')![0].AlarmDescription);
    expect(description).toContain('EngineCPUUtilization of cache node ');
    expect(description).toContain('above 90 % in 5 of the last 5 periods of 1 minute: the engine thread is saturated');
    expect(description).toContain('Check the slow log and hot keys');
  });

  test("the created topic is KMS-encrypted with a rotated key CloudWatch may use, TLS-only, and open to this account's alarms only", () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheRecommendedAlarmsTopicKey'), 'Arn'] },
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        }),
      }),
      DeletionPolicy: 'Delete',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              ArnLike: { 'aws:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':alarm:*'])] }) },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          }),
        ]),
      },
    });
    expect(alarms.topic).toBeInstanceOf(sns.Topic);
  });
});

describe('recommended alarms, cluster mode enabled (3 shards x 2 replicas)', () => {
  const { stack, cache } = cacheStack({ numShards: 3, replicasPerShard: 2, replicationGroupId: 'orders' });
  cache.addRecommendedAlarms('RecommendedAlarms');
  const byMetric = alarmsByMetric(Template.fromStack(stack));
  const members = ['0001', '0002', '0003'].flatMap((shard) => ['001', '002', '003'].map((node) => `orders-${shard}-${node}`));

  test('the member ids are <id>-<shard>-<node>, primary and replicas of every shard', () => {
    expect(cache.clusterMode).toBe(ClusterMode.ENABLED);
    expect(cache.memberClusterIds).toEqual(members);
  });

  test.each([...byMetric.keys()])('%s: one alarm per member, with exactly its CacheClusterId', (metric) => {
    expect(dimensionsOf(byMetric.get(metric)!)).toEqual(members.map((id) => [{ Name: 'CacheClusterId', Value: id }]));
  });

  test('9 nodes x 5 alarms', () => {
    expect([...byMetric.values()].flat()).toHaveLength(45);
  });
});

describe('recommended alarm options', () => {
  test('overrides thresholds and windows, turns alarms off and on, and skips replication lag without replicas', () => {
    const { stack, cache } = cacheStack({ replicasPerShard: 0, multiAz: false });
    cache.addRecommendedAlarms('RecommendedAlarms', {
      engineCpuUtilization: { threshold: 75, evaluationPeriods: 3 },
      cpuUtilization: { enabled: false },
      currConnections: { enabled: false },
      databaseMemoryUsagePercentage: { threshold: 85, period: Duration.minutes(5), datapointsToAlarm: 3 },
      evictions: { enabled: true },
    });
    const byMetric = alarmsByMetric(Template.fromStack(stack));
    expect([...byMetric.keys()].sort()).toEqual(['DatabaseMemoryUsagePercentage', 'EngineCPUUtilization', 'Evictions']);
    expect(byMetric.get('EngineCPUUtilization')![0]).toMatchObject({ Threshold: 75, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    expect(byMetric.get('DatabaseMemoryUsagePercentage')![0]).toMatchObject({
      Threshold: 85,
      Period: 300,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
    });
    expect(byMetric.get('Evictions')![0]).toMatchObject({ Threshold: 0, Statistic: 'Sum', Period: 300, EvaluationPeriods: 1 });
    expect(dimensionsOf(byMetric.get('Evictions')!)).toEqual([[{ Name: 'CacheClusterId', Value: joined('Cache18F6EE16', '001') }]]);
  });

  test('a given topic is used as is; its key (of this app) gets the CloudWatch statement', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'TopicKey');
    const topic = new sns.Topic(stack, 'Oncall', { masterKey: key });
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Cache', { replicationGroupId: 'orders', replicasPerShard: 1 });
    const alarms = cache.addRecommendedAlarms('RecommendedAlarms', { topic });
    expect(alarms.topic).toBe(topic);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 10);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'CacheClusterId', Value: 'orders-002' }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Oncall') }],
    });
  });

  test('a given topic with an imported key: a warning shows the key statement to add', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-0000-0000-000000000000');
    const topic = sns.Topic.fromTopicAttributes(stack, 'Topic', {
      topicArn: 'arn:aws:sns:eu-west-1:111111111111:oncall',
      keyArn: key.keyArn,
    });
    ReplicationGroup.fromReplicationGroupAttributes(stack, 'Cache', {
      replicationGroupId: 'orders',
      replicasPerShard: 0,
    }).addRecommendedAlarms('RecommendedAlarms', { topic });
    Annotations.fromStack(stack).hasWarning(
      '*',
      Match.stringLikeRegexp('imported KMS key.*cloudwatch.amazonaws.com.*ack: Annotation::cdk-elasticache:imported-alarm-topic-key'),
    );
  });

  test('rejects every bad option at once, naming the option, the value and the allowed range', () => {
    const { cache } = cacheStack();
    let error: unknown;
    try {
      cache.addRecommendedAlarms('RecommendedAlarms', {
        engineCpuUtilization: { threshold: 120 },
        cpuUtilization: { evaluationPeriods: 0 },
        databaseMemoryUsagePercentage: { datapointsToAlarm: 6 },
        currConnections: { period: Duration.seconds(30) },
        replicationLag: { period: Duration.hours(2), evaluationPeriods: 15 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CacheValidationError);
    const message = (error as Error).message;
    expect((error as CacheValidationError).ruleIds).toEqual(Array(5).fill('alarm-options'));
    expect(message).toContain('engineCpuUtilization.threshold must be from 0 to 100 %, got 120');
    expect(message).toContain('cpuUtilization.evaluationPeriods must be a whole number >= 1, got 0');
    expect(message).toContain(
      'databaseMemoryUsagePercentage.datapointsToAlarm must be a whole number from 1 to evaluationPeriods (5), got 6',
    );
    expect(message).toContain(
      'currConnections.period must be a whole number of minutes (ElastiCache publishes every 60 seconds), got 30 seconds',
    );
    expect(message).toContain(
      "replicationLag: period × evaluationPeriods must be at most one day (CloudWatch's limit), got 108000 seconds",
    );
  });

  test('refuses more alarms than a stack can hold (recommended-alarms-limit)', () => {
    const stack = newStack();
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Cache', {
      replicationGroupId: 'big',
      numShards: 40,
      replicasPerShard: 1,
    });
    expect(() => cache.addRecommendedAlarms('RecommendedAlarms')).toThrow(
      /\[recommended-alarms-limit\] 400 alarms \(5 per node × 80 nodes\) exceed the 200/,
    );
  });
});
