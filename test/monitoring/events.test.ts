import { aws_events_targets as targets, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ReplicationGroup } from '../../lib';
import { isolatedVpc, newStack } from '../helpers/stacks';

describe('event notifications (SNS) and events (EventBridge)', () => {
  const stack = newStack();
  const events = new sns.Topic(stack, 'Events');
  const cache = new ReplicationGroup(stack, 'Cache', {
    vpc: isolatedVpc(stack),
    replicationGroupId: 'orders',
    replicasPerShard: 1,
    notificationTopic: events,
  });
  const alarms = cache.addRecommendedAlarms('RecommendedAlarms');
  const rule = cache.onEvent('Events', { target: new targets.SnsTopic(alarms.topic) });
  const template = Template.fromStack(stack);

  test('NotificationTopicArn is the topic, which gets the aws:SourceOwner statement ElastiCache needs', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NotificationTopicArn: { Ref: Match.stringLikeRegexp('^Events') },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^Events') }],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'AllowElastiCacheEventNotificationsOfThisAccount',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^Events') },
            Condition: { StringEquals: { 'AWS:SourceOwner': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    });
  });

  test('onEvent: a rule on source aws.elasticache for the group and each of its nodes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.elasticache'],
        detail: { SourceIdentifier: [{ Ref: 'Cache18F6EE16' }, 'orders-001', 'orders-002'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^CacheRecommendedAlarmsTopic') } })],
    });
    expect(rule.node.path).toBe('TestStack/Cache/Events');
  });

  test('EventBridge may publish to the encrypted alarm topic: topic policy and key policy', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' })]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
  });

  test('onEvent of an import without topology matches the group id and any id that extends it', () => {
    const other = newStack();
    ReplicationGroup.fromReplicationGroupAttributes(other, 'Imported', { replicationGroupId: 'orders' }).onEvent('Events');
    Template.fromStack(other).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.elasticache'], detail: { SourceIdentifier: ['orders', { prefix: 'orders-' }] } },
    });
  });

  test('an encrypted notification topic is rejected: ElastiCache cannot publish to it', () => {
    const other = newStack();
    const encrypted = new sns.Topic(other, 'Encrypted', { masterKey: new kms.Key(other, 'Key') });
    expect(() => new ReplicationGroup(other, 'Cache', { vpc: isolatedVpc(other), notificationTopic: encrypted })).toThrow(
      /\[notification-topic-encrypted\] notificationTopic TestStack\/Encrypted is encrypted with TestStack\/Key, and ElastiCache cannot publish event notifications to an encrypted topic/,
    );
  });
});
