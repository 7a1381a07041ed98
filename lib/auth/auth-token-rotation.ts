import {
  Duration,
  Stack,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { createVpcFunction } from '../lambda/vpc-function';
import { Construct } from 'constructs';
import { lambdaBundleDir } from './lambda-bundle';

/** Properties of {@link AuthTokenRotation}. */
export interface AuthTokenRotationProps {
  /** The secret whose SecretString is the AUTH token. */
  readonly secret: secretsmanager.ISecret;
  /** The replication group id (a Ref). */
  readonly replicationGroupId: string;
  /** The replication group ARN, the only group the Lambda may describe and modify. */
  readonly replicationGroupArn: string;
  /** The cache's VPC; the Lambda runs in it to test the new token against the cache. */
  readonly vpc: ec2.IVpc;
  /** Subnets of the Lambda; they must reach the Secrets Manager and ElastiCache APIs. */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** The cache's connections, to open the cache port to the Lambda. */
  readonly cacheConnections: ec2.Connections;
  /** Time between rotations. */
  readonly schedule: Duration;
  /** Encrypts the Lambda's log group (the cache's key). */
  readonly logEncryptionKey: kms.IKey;
  /** The key that encrypts the secret. */
  readonly secretEncryptionKey: kms.IKey;
}

/**
 * Rotates a replication group's AUTH token with the pre-bundled rotation Lambda (lib/auth/rotation/handler.ts):
 * createSecret (new token staged AWSPENDING), setSecret (ModifyReplicationGroup ROTATE: old and new both valid),
 * testSecret (AUTH with the new token over TLS), finishSecret (AWSCURRENT moves, then SET revokes the old token).
 */
export class AuthTokenRotation extends Construct {
  /** The rotation Lambda. */
  public readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: AuthTokenRotationProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'AUTH token rotation Lambda: HTTPS to the AWS API endpoints and the cache port only',
      allowAllOutbound: false,
    });
    // Interface endpoints for Secrets Manager and ElastiCache (or a NAT) live in the VPC.
    securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'AWS API endpoints in the VPC');

    this.function = createVpcFunction(this, 'Function', {
      description: `Rotates the AUTH token of ElastiCache replication group ${scope.node.path}`,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(lambdaBundleDir('rotation')),
      // testSecret waits for the ROTATE modification to apply within one invocation.
      timeout: Duration.minutes(5),
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [securityGroup],
      environment: {
        REPLICATION_GROUP_ID: props.replicationGroupId,
        TEST_CONNECT: 'true',
      },
      // Secrets Manager runs one rotation step at a time.
      reservedConcurrentExecutions: 2,
      logEncryptionKey: props.logEncryptionKey,
      synchronousInvoker: 'Secrets Manager rotation (a failed step is retried and shown in the secret rotation status)',
      otherWildcardActions: 'secretsmanager:GetRandomPassword has no resource type and reads no secret.',
      statements: [
        new iam.PolicyStatement({
          actions: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
          resources: [props.replicationGroupArn],
        }),
        new iam.PolicyStatement({
          actions: [
            'secretsmanager:DescribeSecret',
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          resources: [props.secret.secretArn],
        }),
        new iam.PolicyStatement({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] }),
        // The secret is encrypted with the cache's key; Secrets Manager uses it on the Lambda's behalf.
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [props.secretEncryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      ],
    });
    props.cacheConnections.allowDefaultPortFrom(this.function, 'AUTH token rotation Lambda tests the new token');

    // The schedule lets Secrets Manager invoke the Lambda; the Lambda's own permissions are the statements above.
    new secretsmanager.RotationSchedule(this, 'Schedule', {
      secret: props.secret,
      rotationLambda: this.function,
      automaticallyAfter: props.schedule,
    });
  }
}
