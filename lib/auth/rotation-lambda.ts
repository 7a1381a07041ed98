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

/** Properties of {@link createRotationLambda}. */
export interface RotationLambdaProps {
  /** The secret the Lambda rotates. */
  readonly secret: secretsmanager.ISecret;
  /** The key that encrypts the secret; undefined for the AWS managed key, which needs no statement. */
  readonly secretEncryptionKey?: kms.IKey;
  /** The cache's VPC; the Lambda runs in it to test the new secret against the cache. */
  readonly vpc: ec2.IVpc;
  /** Subnets of the Lambda: they must reach the Secrets Manager and ElastiCache APIs (see AwsApiPath). */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** The cache's connections, to open the cache port to the Lambda. */
  readonly cacheConnections: ec2.Connections;
  /** The description of the Lambda's security group. Create-only: a new text replaces the group. */
  readonly securityGroupDescription: string;
  /** The description of the Lambda (and of its role and policy). */
  readonly functionDescription: string;
  /** What the Lambda is, for the missing-endpoint warning, e.g. 'AUTH token rotation Lambda'. */
  readonly what: string;
  /** The description of the cache port's ingress rule from the Lambda. */
  readonly cacheIngressDescription: string;
  /** The Lambda's environment: which rotation it runs, and where it tests the new secret. */
  readonly environment: Record<string, string>;
  /** What the Lambda may do in ElastiCache; the Secrets Manager and KMS statements are added here. */
  readonly elastiCacheStatements: iam.PolicyStatement[];
  /** Time between rotations. */
  readonly automaticallyAfter: Duration;
  /** Encrypts the Lambda's log group. */
  readonly logEncryptionKey: kms.IKey;
  /** What happens to the Lambda's log group when the rotation is removed. */
  readonly logRemovalPolicy: RemovalPolicy;
  /** Reserved concurrency of the Lambda; none when undefined (a new account's reduced quota refuses one). */
  readonly reservedConcurrentExecutions?: number;
}

/** The rotation Lambda and how it reaches the AWS APIs. */
export interface RotationLambda {
  readonly function: lambda.Function;
  readonly apiPath: AwsApiPath;
}

/**
 * Wires a Secrets Manager rotation (of a user password, PasswordRotation, or of the AUTH token, AuthTokenRotation, each
 * with its own descriptions, which are create-only and must stay): the pre-bundled rotation Lambda
 * (lib/auth/rotation/handler.ts) in the cache's subnets, made by `createVpcFunction`
 * (ENI policy dependency, no reserved concurrency by default, the four cdk-nag packs), with a security group that
 * reaches the AWS APIs on its path (endpoints or a NAT) and the cache port only, a least-privilege policy on the secret,
 * and the rotation schedule. Construct ids (`SecurityGroup`, `Function`, `Schedule`) are part of the logical ids.
 */
export function createRotationLambda(scope: Construct, props: RotationLambdaProps): RotationLambda {
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: props.vpc,
    description: props.securityGroupDescription,
    allowAllOutbound: false,
  });
  const apiPath = awsApiPath(props.vpc, props.vpcSubnets);
  allowAwsApiEgress(securityGroup, props.vpc, apiPath);
  if (apiPath === AwsApiPath.VPC_ENDPOINTS && props.vpc instanceof ec2.Vpc) {
    Aspects.of(scope).add(new RequiredEndpointsCheck(scope, props.vpc, props.what));
  }

  const fn = createVpcFunction(scope, 'Function', {
    description: props.functionDescription,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(lambdaBundleDir('rotation')),
    // testSecret waits for the modification to apply within one invocation.
    timeout: Duration.minutes(5),
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    securityGroups: [securityGroup],
    environment: props.environment,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    logEncryptionKey: props.logEncryptionKey,
    logRemovalPolicy: props.logRemovalPolicy,
    synchronousInvoker: 'Secrets Manager rotation (a failed step is retried and shown in the secret rotation status)',
    otherWildcardActions: 'secretsmanager:GetRandomPassword has no resource type and reads no secret.',
    statements: [
      ...props.elastiCacheStatements,
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
      // A customer-managed key: Secrets Manager uses it on the Lambda's behalf (the AWS managed key needs nothing).
      ...(props.secretEncryptionKey
        ? [
            new iam.PolicyStatement({
              actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
              resources: [props.secretEncryptionKey.keyArn],
              conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(scope).region}.amazonaws.com` } },
            }),
          ]
        : []),
    ],
  });
  props.cacheConnections.allowDefaultPortFrom(fn, props.cacheIngressDescription);

  // The schedule lets Secrets Manager invoke the Lambda; the Lambda's own permissions are the statements above.
  new secretsmanager.RotationSchedule(scope, 'Schedule', {
    secret: props.secret,
    rotationLambda: fn,
    automaticallyAfter: props.automaticallyAfter,
  });
  return { function: fn, apiPath };
}

/** Services the rotation Lambda calls; in isolated subnets each needs an interface endpoint. */
const ROTATION_SERVICES = ['secretsmanager', 'elasticache'];

/**
 * Warns at synth when a rotation Lambda sits in isolated subnets of a VPC defined in this app that has no interface
 * endpoint for a service it calls: every rotation would time out. Runs as an aspect because endpoints are usually
 * added after the cache.
 */
class RequiredEndpointsCheck implements IAspect {
  private done = false;

  constructor(
    private readonly rotation: IConstruct,
    private readonly vpc: ec2.Vpc,
    private readonly what: string,
  ) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.rotation) return;
    this.done = true;
    const missing = missingInterfaceEndpoints(this.vpc, ROTATION_SERVICES);
    if (missing.length === 0) return;
    addWarning(
      this.rotation,
      'rotation-endpoints-missing',
      `the ${this.what} runs in isolated subnets, but VPC ${this.vpc.node.path} has no interface endpoint for ${missing.join(', ')}: every rotation would time out. Add them (vpc.addInterfaceEndpoint with InterfaceVpcEndpointAwsService.SECRETS_MANAGER / ELASTICACHE) or place the cache in subnets with a NAT.`,
    );
  }
}
