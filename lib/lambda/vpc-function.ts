import {
  Duration,
  RemovalPolicy,
  Validations,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { allowCloudWatchLogs } from '../logs/log-encryption-key';

/** Properties of {@link createVpcFunction}. */
export interface VpcFunctionProps {
  readonly description: string;
  readonly code: lambda.Code;
  readonly handler: string;
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];
  readonly environment?: Record<string, string>;
  readonly timeout: Duration;
  readonly memorySize?: number;
  /**
   * Reserves (and caps) concurrent executions. None by default: a new account's reduced concurrency quota leaves no
   * room for a reservation, and Lambda refuses one that drops unreserved concurrency below its floor.
   * @default - no reservation (the HIPAA / NIST LambdaConcurrency rules are acknowledged with that reason)
   */
  readonly reservedConcurrentExecutions?: number;
  /** Encrypts the function's log group; its key policy must allow CloudWatch Logs (added here for a key of this app). */
  readonly logEncryptionKey: kms.IKey;
  /** What happens to the log group when the function is removed. */
  readonly logRemovalPolicy: RemovalPolicy;
  /** Who invokes the function synchronously (so a dead-letter queue cannot apply), for the acknowledgement. */
  readonly synchronousInvoker: string;
  /** The function's own permissions; they go in the same customer-managed policy. */
  readonly statements: iam.PolicyStatement[];
  /** Other actions the role needs on `*`, and why, added to the wildcard acknowledgement. */
  readonly otherWildcardActions?: string;
}

/**
 * A Lambda function in a VPC that passes the AwsSolutions, HIPAA, NIST 800-53 R5 and PCI DSS packs by construction:
 * newest Node.js runtime, a KMS-encrypted log group kept a year, and a least-privilege customer-managed policy instead
 * of inline or AWS managed ones. Findings that cannot apply are acknowledged with their reason. Safe to deploy: the
 * function depends on the policy with its ENI permissions, and reserves no concurrency unless asked to.
 */
export function createVpcFunction(scope: Construct, id: string, props: VpcFunctionProps): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: props.logEncryptionKey,
    removalPolicy: props.logRemovalPolicy,
  });
  allowCloudWatchLogs(scope, props.logEncryptionKey);

  const role = new ManagedPolicyRole(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of ${props.description}`,
  });
  // One customer-managed policy holds every permission: HIPAA / NIST / PCI forbid inline policies and AwsSolutions-IAM4
  // AWS managed ones. Grants made to the function later (secret.grantRead, cache.grantAccess, ...) land in it too.
  const policy = new iam.ManagedPolicy(scope, `${id}Policy`, {
    description: `Permissions of ${props.description}`,
    roles: [role],
    statements: [
      // A log group's Arn attribute already ends in ':*', which covers its streams.
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      new iam.PolicyStatement({
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
      ...props.statements,
    ],
  });
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: [
      'Lambda VPC networking: ec2:CreateNetworkInterface, DescribeNetworkInterfaces, DeleteNetworkInterface, AssignPrivateIpAddresses and UnassignPrivateIpAddresses do not support resource-level permissions.',
      props.otherWildcardActions,
    ]
      .filter(Boolean)
      .join(' '),
  });

  const fn = new lambda.Function(scope, id, {
    description: props.description,
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: props.handler,
    code: props.code,
    role,
    logGroup,
    timeout: props.timeout,
    memorySize: props.memorySize ?? 256,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    securityGroups: props.securityGroups,
    environment: props.environment,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
  });
  // The function must wait for the policy that carries its ENI permissions, not only for the role: Lambda checks
  // ec2:CreateNetworkInterface when it creates a VPC function (aws-cdk#7998). CDK adds this dependency only for
  // the role's own default policy, which this immutable role never gets.
  role.routeGrantsTo(policy);
  fn.node.addDependency(role, policy);
  if (props.reservedConcurrentExecutions === undefined) {
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      Validations.of(fn).acknowledge({
        id: `${pack}-LambdaConcurrency`,
        reason:
          'No reserved concurrency by default: new accounts have a reduced concurrency quota, and Lambda refuses a reservation that leaves less than its minimum unreserved concurrency (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html). Set reservedConcurrentExecutions to reserve.',
      });
    }
  }
  for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
    Validations.of(fn).acknowledge({
      id: `${pack}-LambdaDLQ`,
      reason: `Invoked synchronously by ${props.synchronousInvoker}, which receives every error; a dead-letter queue only applies to asynchronous invocations.`,
    });
  }
  return fn;
}

/**
 * A role whose grants land in one customer-managed policy instead of an inline default policy (which HIPAA, NIST and
 * PCI reject), so that `x.grantRead(fn)` works on the library's functions. The function depends on that policy, so
 * it never starts without a permission granted here.
 */
class ManagedPolicyRole extends iam.Role {
  private policy?: iam.ManagedPolicy;

  /** Sends every later grant to `policy`. */
  public routeGrantsTo(policy: iam.ManagedPolicy): void {
    this.policy = policy;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (!this.policy) throw new Error(`${this.node.path}: a grant arrived before the function's managed policy exists`);
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}
