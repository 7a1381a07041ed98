import {
  Aspects,
  Duration,
  IAspect,
  RemovalPolicy,
  Stack,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { createVpcFunction } from '../lambda/vpc-function';
import { AwsApiPath, allowAwsApiEgress, awsApiPath, missingInterfaceEndpoints } from '../network/aws-api-path';
import { addWarning } from '../private/warnings';
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
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      // Unchanged since wave 1: GroupDescription is create-only, and a new text would replace the group.
      description: 'AUTH token rotation Lambda: HTTPS to the AWS API endpoints and the cache port only',
      allowAllOutbound: false,
    });
    this.apiPath = awsApiPath(props.vpc, props.vpcSubnets);
    allowAwsApiEgress(securityGroup, props.vpc, this.apiPath);
    if (this.apiPath === AwsApiPath.VPC_ENDPOINTS && props.vpc instanceof ec2.Vpc) {
      Aspects.of(this).add(new RequiredEndpointsCheck(this, props.vpc));
    }

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
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logEncryptionKey: props.logEncryptionKey,
      logRemovalPolicy: props.logRemovalPolicy,
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
      automaticallyAfter: props.automaticallyAfter,
    });
  }
}

/** Services the rotation Lambda calls; in isolated subnets each needs an interface endpoint. */
const ROTATION_SERVICES = ['secretsmanager', 'elasticache'];

/**
 * Warns at synth when the rotation Lambda sits in isolated subnets of a VPC defined in this app that has no interface
 * endpoint for a service it calls: every rotation would time out. Runs as an aspect because endpoints are usually
 * added after the cache.
 */
class RequiredEndpointsCheck implements IAspect {
  private done = false;

  constructor(
    private readonly rotation: AuthTokenRotation,
    private readonly vpc: ec2.Vpc,
  ) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.rotation) return;
    this.done = true;
    const missing = missingInterfaceEndpoints(this.vpc, ROTATION_SERVICES);
    if (missing.length === 0) return;
    addWarning(
      this.rotation,
      'rotation-endpoints-missing',
      `the AUTH token rotation Lambda runs in isolated subnets, but VPC ${this.vpc.node.path} has no interface endpoint for ${missing.join(', ')}: every rotation would time out. Add them (vpc.addInterfaceEndpoint with InterfaceVpcEndpointAwsService.SECRETS_MANAGER / ELASTICACHE) or place the cache in subnets with a NAT.`,
    );
  }
}
