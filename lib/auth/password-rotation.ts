import { Duration, RemovalPolicy, Token, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_lambda as lambda } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AwsApiPath } from '../network/aws-api-path';
import { CacheEndpoint } from '../shared/endpoint';
import { createRotationLambda } from './rotation-lambda';
import { CacheUser, ICacheUser } from './user';
import { ICacheUserGroup } from './user-group';

/** Properties of {@link UserPasswordRotation}. */
export interface UserPasswordRotationProps {
  /** The RBAC password user whose password rotates; its `secret` holds `{"username", "password"}`. */
  readonly user: ICacheUser;
  /** The cache's VPC; the Lambda runs in it to test the new password against the cache. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the Lambda; they must reach the Secrets Manager and ElastiCache APIs. Isolated subnets need interface
   * endpoints for both; subnets with egress reach them through the NAT. The security group's HTTPS egress follows.
   */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** The cache's connections, to open the cache port to the Lambda. */
  readonly cacheConnections: ec2.Connections;
  /** The endpoint the Lambda sends `AUTH <user> <new password>` to before the old password is removed. */
  readonly cacheEndpoint: CacheEndpoint;
  /**
   * Time between rotations.
   * @default Duration.days(30)
   */
  readonly automaticallyAfter?: Duration;
  /** Encrypts the Lambda's log group. */
  readonly logEncryptionKey: kms.IKey;
  /** What happens to the Lambda's log group when the rotation is removed. */
  readonly logRemovalPolicy: RemovalPolicy;
  /**
   * Reserved concurrency of the Lambda.
   * @default - none (a new account's reduced quota leaves no room for a reservation)
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * Rotates an RBAC user's password with the pre-bundled rotation Lambda (lib/auth/rotation/handler.ts, in its user
 * mode), using the two passwords an ElastiCache user can hold: createSecret (a new password staged AWSPENDING),
 * setSecret (ModifyUser with both passwords: old and new valid), testSecret (AUTH as the user with the new password
 * over TLS), finishSecret (AWSCURRENT moves, then ModifyUser with the new password alone). A client connected with the
 * old password stays connected; a new or reconnecting client reads the new one from the secret.
 *
 * A cache creates it for each user of its group that asks for rotation (`UserAuthentication.password({ rotation })`).
 */
export class UserPasswordRotation extends Construct {
  /** The rotation of `user`'s password, when a cache of this app created one. */
  public static of(user: ICacheUser): UserPasswordRotation | undefined {
    return user instanceof CacheUser && user._passwordRotationHost instanceof UserPasswordRotation ? user._passwordRotationHost : undefined;
  }

  /** The rotation Lambda. */
  public readonly function: lambda.Function;
  /** How the Lambda reaches the Secrets Manager and ElastiCache APIs, from the type of its subnets. */
  public readonly apiPath: AwsApiPath;

  constructor(scope: Construct, id: string, props: UserPasswordRotationProps) {
    super(scope, id);
    const { user } = props;
    const secret = user.secret;
    if (!secret) throw new Error(`UserPasswordRotation ${this.node.path}: user ${user.node.path} has no password secret`);
    const userName = Token.isUnresolved(user.userName) ? user.node.path : user.userName;
    const rotation = createRotationLambda(this, {
      secret,
      secretEncryptionKey: secret.encryptionKey,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      cacheConnections: props.cacheConnections,
      securityGroupDescription: 'ElastiCache user password rotation Lambda: HTTPS to the AWS API endpoints and the cache port only',
      functionDescription: `Rotates the password of ElastiCache user ${userName} (${user.node.path})`,
      what: `password rotation Lambda of user ${userName}`,
      cacheIngressDescription: `Password rotation Lambda of ${user.node.path} tests the new password`,
      environment: {
        USER_ID: user.userId,
        CACHE_HOST: props.cacheEndpoint.address,
        CACHE_PORT: Token.isUnresolved(props.cacheEndpoint.port)
          ? Token.asString(props.cacheEndpoint.port)
          : String(props.cacheEndpoint.port),
        TEST_CONNECT: 'true',
      },
      elastiCacheStatements: [
        // The one user: ModifyUser replaces its whole password list, DescribeUsers waits for it to apply.
        new iam.PolicyStatement({ actions: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'], resources: [user.userArn] }),
      ],
      automaticallyAfter: props.automaticallyAfter ?? Duration.days(30),
      logEncryptionKey: props.logEncryptionKey,
      logRemovalPolicy: props.logRemovalPolicy,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    });
    this.function = rotation.function;
    this.apiPath = rotation.apiPath;
  }
}

/** What a cache tells {@link addUserPasswordRotations} about itself. */
export interface PasswordRotationHost {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly connections: ec2.Connections;
  /** Where the Lambda tests a new password. */
  readonly endpoint: CacheEndpoint;
  /** The cache's key: the Lambdas' log groups use it unless the rotation options name another. */
  readonly encryptionKey: kms.IKey;
  /** The removal policy of the cache's keys and logs (see removal-policy.ts). */
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * Creates, under `cache`, the rotation of every user of `userGroup` that asks for one and has none yet: the first
 * cache a user's group is attached to runs its rotation (a password is the user's, whatever cache it logs in to).
 */
export function addUserPasswordRotations(
  cache: Construct,
  userGroup: ICacheUserGroup | undefined,
  hostOf: () => PasswordRotationHost,
): UserPasswordRotation[] {
  const rotated = (userGroup?.users ?? []).filter(
    (user): user is CacheUser => user instanceof CacheUser && user._passwordRotation !== undefined && !user._passwordRotationHost,
  );
  // Read only when a user rotates: a cache without rotation reads none of it (its endpoints may not exist yet).
  const host = rotated.length > 0 ? hostOf() : undefined;
  return rotated.map((user) => {
    const options = user._passwordRotation!;
    let id = `${user.node.id}PasswordRotation`;
    for (let n = 2; cache.node.tryFindChild(id); n++) id = `${user.node.id}PasswordRotation${n}`;
    const rotation = new UserPasswordRotation(cache, id, {
      user,
      vpc: host!.vpc,
      vpcSubnets: host!.vpcSubnets,
      cacheConnections: host!.connections,
      cacheEndpoint: host!.endpoint,
      automaticallyAfter: options.automaticallyAfter,
      logEncryptionKey: options.logEncryptionKey ?? host!.encryptionKey,
      logRemovalPolicy: host!.logRemovalPolicy,
      reservedConcurrentExecutions: options.reservedConcurrentExecutions,
    });
    user._passwordRotationHost = rotation;
    return rotation;
  });
}
