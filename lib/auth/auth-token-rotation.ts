import {
  Duration,
  RemovalPolicy,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AwsApiPath } from '../network/aws-api-path';
import { createRotationLambda } from './rotation-lambda';

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
  /**
   * Subnets of the Lambda; they must reach the Secrets Manager and ElastiCache APIs. Isolated subnets need interface
   * endpoints for both; subnets with egress reach them through the NAT. The security group's HTTPS egress follows.
   */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** The cache's connections, to open the cache port to the Lambda. */
  readonly cacheConnections: ec2.Connections;
  /** Time between rotations. */
  readonly automaticallyAfter: Duration;
  /** Encrypts the Lambda's log group. */
  readonly logEncryptionKey: kms.IKey;
  /** What happens to the Lambda's log group when the rotation is removed. */
  readonly logRemovalPolicy: RemovalPolicy;
  /**
   * Reserved concurrency of the Lambda.
   * @default - none (a new account's reduced quota leaves no room for a reservation)
   */
  readonly reservedConcurrentExecutions?: number;
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
  /** How the Lambda reaches the Secrets Manager and ElastiCache APIs, from the type of its subnets. */
  public readonly apiPath: AwsApiPath;

  constructor(scope: Construct, id: string, props: AuthTokenRotationProps) {
    super(scope, id);
    const rotation = createRotationLambda(this, {
      ...props,
      // Unchanged since wave 1: GroupDescription is create-only, and a new text would replace the group.
      securityGroupDescription: 'AUTH token rotation Lambda: HTTPS to the AWS API endpoints and the cache port only',
      functionDescription: `Rotates the AUTH token of ElastiCache replication group ${scope.node.path}`,
      what: 'AUTH token rotation Lambda',
      cacheIngressDescription: 'AUTH token rotation Lambda tests the new token',
      environment: { REPLICATION_GROUP_ID: props.replicationGroupId, TEST_CONNECT: 'true' },
      elastiCacheStatements: [
        new iam.PolicyStatement({
          actions: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
          resources: [props.replicationGroupArn],
        }),
      ],
    });
    this.function = rotation.function;
    this.apiPath = rotation.apiPath;
  }
}
