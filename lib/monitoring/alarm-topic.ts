import { ArnFormat, Duration, RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { addWarning } from '../private/warnings';

const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/**
 * The key-policy statement CloudWatch needs to publish alarm notifications to a topic encrypted with `key`: CloudWatch
 * calls KMS itself, and an account-root statement does not cover a service principal, so without it every
 * notification is dropped while the alarm still changes state
 * (https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
 */
function cloudWatchKeyStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
    principals: [new iam.ServicePrincipal(CLOUDWATCH)],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
  });
}

/**
 * Lets CloudWatch alarms use the key of an encrypted `topic`. An imported key's policy cannot be extended from here
 * (the grant would be a silent no-op), so for one `scope` warns with the statement to add.
 */
export function allowCloudWatchAlarmsToUseTopicKey(scope: Construct, topic: sns.ITopic): void {
  if (!topic.masterKey) return;
  const statement = cloudWatchKeyStatement();
  if (topic.masterKey.addToResourcePolicy(statement, true).statementAdded) return;
  addWarning(
    scope,
    'imported-alarm-topic-key',
    `the alarm topic is encrypted with the imported KMS key ${topic.masterKey.node.path}, whose policy cannot be extended here: CloudWatch drops every notification unless the key policy already has this statement: ${JSON.stringify(Stack.of(scope).resolve(statement.toStatementJson()))}`,
  );
}

/**
 * A topic for alarm notifications that passes the AwsSolutions, HIPAA, NIST 800-53 R5 and PCI DSS packs: encrypted
 * with its own customer-managed key (rotated yearly), publishing over TLS only, and open to this account's CloudWatch
 * alarms alone (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html). The key protects
 * notifications in flight, not data a snapshot needs, so it is deleted with the stack (after 7 days).
 */
export function createAlarmTopic(scope: Construct, id: string): sns.Topic {
  const key = new kms.Key(scope, `${id}Key`, {
    description: `Encrypts the alarm notifications of ${scope.node.path}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  const topic = new sns.Topic(scope, id, { masterKey: key, enforceSSL: true });
  allowCloudWatchAlarmsToUseTopicKey(scope, topic);
  const stack = Stack.of(scope);
  // A topic policy replaces SNS's default one, so CloudWatch's right to publish must be stated.
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsOfThisAccount',
      principals: [new iam.ServicePrincipal(CLOUDWATCH)],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }),
  );
  return topic;
}
