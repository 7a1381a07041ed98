import { Duration, aws_ec2 as ec2, aws_iam as iam, aws_lambda as lambda, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
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

    this.function = new lambda.Function(this, 'Function', {
      description: `Rotates the AUTH token of ElastiCache replication group ${scope.node.path}`,
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(lambdaBundleDir('rotation')),
      timeout: Duration.minutes(5),
      memorySize: 256,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [securityGroup],
      environment: {
        REPLICATION_GROUP_ID: props.replicationGroupId,
        TEST_CONNECT: 'true',
      },
    });
    props.cacheConnections.allowDefaultPortFrom(this.function, 'AUTH token rotation Lambda tests the new token');

    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
        resources: [props.replicationGroupArn],
      }),
    );

    // The schedule grants the Lambda this secret only (read, write, stage) and Secrets Manager the invoke.
    new secretsmanager.RotationSchedule(this, 'Schedule', {
      secret: props.secret,
      rotationLambda: this.function,
      automaticallyAfter: props.schedule,
    });
  }
}
