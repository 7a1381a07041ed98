import { aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CacheValidationError, MemcachedCluster } from '../../lib';
import { captureError } from '../helpers/errors';
import { isolatedVpc, newStack, onlyResource } from '../helpers/stacks';

/**
 * Node-based Memcached events reach no EventBridge bus: ElastiCache sends them to the cluster's SNS topic only
 * (lib/facts/events.ts). The topic must be unencrypted and allow publishing under aws:SourceOwner.
 */
describe('MemcachedCluster notificationTopic', () => {
  test('sets NotificationTopicArn and lets ElastiCache publish under aws:SourceOwner', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Events', { enforceSSL: true });
    new MemcachedCluster(stack, 'Memcached', { vpc: isolatedVpc(stack), notificationTopic: topic });
    const template = Template.fromStack(stack);
    expect(onlyResource(template, 'AWS::ElastiCache::CacheCluster').Properties.NotificationTopicArn).toEqual({
      Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'AWS:SourceOwner': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  test('without one, the template has no NotificationTopicArn', () => {
    const stack = newStack();
    new MemcachedCluster(stack, 'Memcached', { vpc: isolatedVpc(stack) });
    expect(onlyResource(Template.fromStack(stack), 'AWS::ElastiCache::CacheCluster').Properties.NotificationTopicArn).toBeUndefined();
  });

  test('[memcached-notification-topic-encrypted] fails with an encrypted topic, which ElastiCache cannot publish to', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Events', { masterKey: new kms.Key(stack, 'Key') });
    const error = captureError(() => new MemcachedCluster(stack, 'Memcached', { vpc: isolatedVpc(stack), notificationTopic: topic }));
    expect(error).toBeInstanceOf(CacheValidationError);
    expect(error.ruleIds).toEqual(['memcached-notification-topic-encrypted']);
    expect(error.message).toContain('ElastiCache cannot publish event notifications to an encrypted topic');
  });
});
