import { Stack, aws_iam as iam, aws_sns as sns } from 'aws-cdk-lib';

/**
 * ElastiCache event notifications (failover, node replacement, scaling, ...) go to one SNS topic per group, with
 * conditions (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html):
 * - "The Amazon SNS topic you are publishing to cannot be encrypted": ElastiCache marks an encrypted topic inactive
 *   and stops publishing to it. (Alarm topics can be encrypted; to get these events on an encrypted topic, route the
 *   EventBridge events with `onEvent()` instead.)
 * - "The Amazon SNS topic's access policy must use the aws:SourceOwner condition key": SNS's default policy for new
 *   topics now uses aws:SourceAccount, with which ElastiCache cannot publish.
 * - same account and region as the group.
 */
export function notificationTopicProblem(topic: sns.ITopic | undefined): string | undefined {
  return topic?.masterKey
    ? `notificationTopic ${topic.node.path} is encrypted with ${topic.masterKey.node.path}, and ElastiCache cannot publish event notifications to an encrypted topic: pass an unencrypted topic, or route the EventBridge events with cache.onEvent() to an encrypted one`
    : undefined;
}

/**
 * The topic's ARN for `NotificationTopicArn`, after adding the statement ElastiCache needs to the policy of a topic of
 * this app: publishing from this account's resources, identified by aws:SourceOwner as AWS's default policy does. An
 * imported topic's policy cannot be changed here; it must already allow it.
 */
export function notificationTopicArn(topic: sns.ITopic | undefined): string | undefined {
  if (!topic) return undefined;
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowElastiCacheEventNotificationsOfThisAccount',
      principals: [new iam.AnyPrincipal()],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { StringEquals: { 'AWS:SourceOwner': Stack.of(topic).account } },
    }),
  );
  return topic.topicArn;
}
