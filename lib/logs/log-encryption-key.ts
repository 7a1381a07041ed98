import { ArnFormat, Stack, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { addWarning } from '../private/warnings';

/**
 * The key-policy statement CloudWatch Logs needs to encrypt log groups of this account and region with `key`, as in
 * AWS's example: the regional logs service principal, limited by the `kms:EncryptionContext:aws:logs:arn` condition
 * so that only this account's log groups in this region can use the key through CloudWatch Logs.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function cloudWatchLogsKeyStatement(scope: Construct): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsOfThisAccountAndRegion',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  });
}

/**
 * Lets CloudWatch Logs use `key` for log groups (see {@link cloudWatchLogsKeyStatement}). An imported key's policy
 * cannot be changed from here (the grant would be a silent no-op, and the log group would fail to create), so for
 * one the construct `scope` warns with the statement to add to the key policy.
 */
export function allowCloudWatchLogs(scope: Construct, key: kms.IKey): void {
  const statement = cloudWatchLogsKeyStatement(scope);
  if (key.addToResourcePolicy(statement, true).statementAdded) return;
  addWarning(
    scope,
    'imported-key-log-group',
    `the KMS key ${key.node.path} is imported, so its key policy cannot be extended here: the encrypted log group fails to create unless the key policy already allows CloudWatch Logs. Add this statement to the key policy (or pass a key created in this app): ${JSON.stringify(Stack.of(scope).resolve(statement.toStatementJson()))}`,
  );
}
