import { Stack, Validations, aws_iam as iam, aws_sns as sns } from 'aws-cdk-lib';

/**
 * The event notifications of a node-based cache (failover, node replacement, scaling, maintenance, ...) reach anyone
 * only through SNS: ElastiCache publishes no event of such a cache to EventBridge (lib/facts/events.ts). One topic per
 * group, with conditions (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html, checked
 * 2026-12-04):
 * - "The Amazon SNS topic you are publishing to cannot be encrypted": ElastiCache marks an encrypted topic inactive
 *   and stops publishing to it (alarm topics can be encrypted: CloudWatch, not ElastiCache, publishes to them);
 * - "The Amazon SNS topic's access policy must use the aws:SourceOwner condition key": SNS's default policy for new
 *   topics now uses aws:SourceAccount, with which ElastiCache cannot publish;
 * - same account and region as the group.
 */
export function notificationTopicProblem(topic: sns.ITopic | undefined): string | undefined {
  return topic?.masterKey
    ? `notificationTopic ${topic.node.path} is encrypted with ${topic.masterKey.node.path}, and ElastiCache cannot publish event notifications to an encrypted topic (it marks the topic inactive): pass an unencrypted topic with enforceSSL; the notifications carry event names and node ids, no cache data`
    : undefined;
}

/**
 * The cdk-nag rules (3.0) that flag an SNS topic without a KMS key, which ElastiCache's notification topic must be.
 * AwsSolutions checks only TLS (SNS3), which the topic should enforce (`enforceSSL`).
 */
const UNENCRYPTED_TOPIC_RULES = ['HIPAA.Security-SNSEncryptedKMS', 'NIST.800.53.R5-SNSEncryptedKMS', 'PCI.DSS.321-SNSEncryptedKMS'];

/**
 * The topic's ARN for `NotificationTopicArn`, after adding the statement ElastiCache needs to the policy of a topic of
 * this app: publishing from this account's resources, identified by aws:SourceOwner as AWS's documented statement
 * does. An imported topic's policy cannot be changed here; it must already allow it. A topic of this app also gets the
 * cdk-nag findings for its missing KMS key acknowledged, with AWS's requirement as the reason: the construct rejects an
 * encrypted one (notificationTopicProblem), so the finding could only be silenced by a topic that drops the events.
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
  const cfnTopic = topic.node.defaultChild;
  if (cfnTopic instanceof sns.CfnTopic) {
    for (const id of UNENCRYPTED_TOPIC_RULES) {
      Validations.of(cfnTopic).acknowledge({
        id,
        reason:
          'ElastiCache event notification topic: ElastiCache cannot publish to an encrypted SNS topic (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html). Its messages carry event names and node ids, no cache data.',
      });
    }
  }
  return topic.topicArn;
}
