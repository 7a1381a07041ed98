import * as path from 'path';
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  aws_backup as backup,
  aws_dynamodb as dynamodb,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_lambda as lambda,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { createVpcFunction } from '../lambda/vpc-function';
import { uniquePerDeploymentName } from '../private/names';
import { ReplicationGroup } from '../replication-group/replication-group';
import { esbuildCode } from './esbuild-code';

/** Properties of {@link SampleApi}. */
export interface SampleApiProps {
  readonly vpc: ec2.IVpc;
  readonly cache: ReplicationGroup;
  /** The interface endpoint the Lambda reads the AUTH token through (no NAT). */
  readonly secretsManagerEndpoint: ec2.InterfaceVpcEndpoint;
  /**
   * Reserved concurrency of the API Lambda (context `reservedConcurrency`).
   * @default - none, so that the sample deploys in a new account with its reduced concurrency quota
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * The sample's application: a Lambda in the isolated subnets behind an IAM-authorized Function URL, showing
 * cache-aside over DynamoDB (through a gateway endpoint), per-client rate limiting and a leaderboard
 * (lib/sample/handler, using the runtime companion's patterns).
 */
export class SampleApi extends Construct {
  public readonly function: lambda.Function;
  public readonly table: dynamodb.Table;
  public readonly url: lambda.FunctionUrl;
  /** A customer-managed policy with what a caller of the Function URL needs. */
  public readonly invokePolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: SampleApiProps) {
    super(scope, id);
    const { vpc, cache } = props;

    this.table = new dynamodb.Table(this, 'Items', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: cache.encryptionKey,
      // Sample data only: `cdk destroy` removes it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.addBackupPlan(cache);
    vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Sample API Lambda: the cache port, the Secrets Manager endpoint and the DynamoDB gateway endpoint',
      allowAllOutbound: false,
    });
    // Gateway endpoints are reached through route-table prefix lists, whose ids differ per region (no lookups here).
    // The subnets are isolated, so HTTPS to anywhere can only reach the gateway and interface endpoints.
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'DynamoDB gateway endpoint (isolated subnets: no other route)');

    const region = Stack.of(this).region;
    this.function = createVpcFunction(this, 'Function', {
      description: 'cdk-elasticache sample API: cache-aside, rate limiting and a leaderboard',
      handler: 'index.handler',
      code: esbuildCode(path.join(__dirname, 'handler', 'index.ts')),
      timeout: Duration.seconds(10),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [securityGroup],
      environment: {
        TABLE_NAME: this.table.tableName,
        RATE_LIMIT_PER_MINUTE: '60',
      },
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logEncryptionKey: cache.encryptionKey,
      logRemovalPolicy: RemovalPolicy.RETAIN,
      synchronousInvoker: 'its IAM-authorized Function URL',
      statements: [
        new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [this.table.tableArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [cache.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } },
        }),
      ],
    });
    // The one line that wires the cache: its port from this function only, reading the AUTH token (and its key
    // through Secrets Manager), and the CACHE_* variables that connectFromEnvironment() reads in the handler.
    cache.grantAccess(this.function);
    props.secretsManagerEndpoint.connections.allowDefaultPortFrom(this.function, 'sample API Lambda reads the AUTH token');

    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    this.invokePolicy = this.addInvokePolicy();
    new CfnOutput(this, 'Url', { value: this.url.url, description: 'IAM-authorized Function URL (sign requests with SigV4)' });
    new CfnOutput(this, 'InvokePolicyArn', {
      value: this.invokePolicy.managedPolicyArn,
      description: 'Attach to the IAM role or user that calls the Function URL (least privilege)',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }

  /**
   * What a least-privilege caller of the Function URL needs. Function URLs created since October 2025 check both
   * lambda:InvokeFunctionUrl and lambda:InvokeFunction (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html);
   * the conditions are the ones `grantInvokeUrl` uses, so neither action works outside the URL.
   */
  private addInvokePolicy(): iam.ManagedPolicy {
    return new iam.ManagedPolicy(this, 'InvokePolicy', {
      description: 'Calls the cdk-elasticache sample API through its IAM-authorized Function URL',
      statements: [
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunctionUrl'],
          resources: [this.function.functionArn],
          conditions: { StringEquals: { 'lambda:FunctionUrlAuthType': lambda.FunctionUrlAuthType.AWS_IAM } },
        }),
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [this.function.functionArn],
          conditions: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
        }),
      ],
    });
  }

  /** Daily AWS Backup of the table into a vault encrypted with the cache's key (HIPAA / NIST backup-plan rules). */
  private addBackupPlan(cache: ReplicationGroup): void {
    // The vault is retained (it holds the recovery points), so its required name must differ per deployment, or the
    // next `cdk deploy` after `cdk destroy` fails on the name. The plan is not retained, but its name must still be
    // unique in the account, which a bare construct id is not (aws-cdk#38318).
    const vault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: uniquePerDeploymentName(this, 50),
      encryptionKey: cache.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: uniquePerDeploymentName(this, 50),
      backupVault: vault,
      backupPlanRules: [backup.BackupPlanRule.daily()],
    });
    const role = new iam.Role(this, 'BackupRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup')],
    });
    // "Your IAM role must have access to the KMS key being used to back up and restore the object. Otherwise the job
    // is successful but the objects are not backed up" (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html).
    // The table and the vault both use the cache's key; the AWS managed policy grants no use of a customer key.
    new iam.ManagedPolicy(this, 'BackupKeyPolicy', {
      description: 'AWS Backup uses the sample table and vault key',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [cache.encryptionKey.keyArn],
        }),
        new iam.PolicyStatement({
          actions: ['kms:CreateGrant'],
          resources: [cache.encryptionKey.keyArn],
          conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      ],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: "AWS Backup's documented service role policy: AWS keeps it current with the backup actions of each supported service.",
    });
    plan.addSelection('Items', { resources: [backup.BackupResource.fromDynamoDbTable(this.table)], role });
  }
}
