import { Stack, Token, aws_ec2 as ec2, aws_iam as iam, aws_lambda as lambda, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ICacheUser } from '../auth/user';
import { ValidationProblem, problem, throwIfInvalid } from '../errors';
import { CacheConnectionSettings, DEFAULT_PREFIX, PREFIX_PATTERN, toEnvironment } from './variables';

/** Compute that connects to a cache: it has security groups (`connections`) and an IAM principal. */
export interface ICacheGrantee extends ec2.IConnectable, iam.IGrantable {}

/**
 * A grantee made of two parts, for compute whose security groups and IAM principal live apart: an ECS service and
 * its task role, or an EC2 instance's security group and role. (A Lambda function is both already.)
 */
export class CacheGrantee implements ICacheGrantee {
  /**
   * A grantee whose cache port opens from `network`'s security groups and whose grants go to `principal`.
   * @param network what opens the cache port: a service, an instance, a security group's connections
   * @param principal what receives the grants: a task role, an instance role
   */
  public static fromParts(network: ec2.IConnectable, principal: iam.IGrantable): ICacheGrantee {
    return new CacheGrantee(network.connections, principal.grantPrincipal);
  }

  private constructor(
    /** The security groups the cache port opens from. */
    public readonly connections: ec2.Connections,
    /** The principal that receives the grants. */
    public readonly grantPrincipal: iam.IPrincipal,
  ) {}
}

/** Options of `grantAccess`. */
export interface CacheAccessOptions {
  /**
   * The RBAC or IAM user the compute connects as. Required with RBAC (a user with a password secret) and IAM (an
   * IAM-enabled user) authentication; pass a read-only user for read-only access.
   * @default - the cache's AUTH token (token authentication) or no user (Memcached)
   */
  readonly user?: ICacheUser;
  /**
   * Connect for reads only: the reader endpoint where the cache has one (cluster mode disabled), or reads from
   * replicas (cluster mode). It does not limit the commands: pair it with a read-only RBAC user for that.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Prefix of the environment variable names (`<prefix>_ADDRESS`, ...), for compute that uses several caches.
   * Upper-case letters, digits and underscores.
   * @default 'CACHE'
   */
  readonly environmentPrefix?: string;
}

/** What `grantAccess` set up. */
export interface CacheAccess {
  /**
   * The environment variables that describe the cache to `connectFromEnvironment()` of `cdk-elasticache/runtime`. They
   * are already set on a Lambda function; put them in the container definition of other compute.
   */
  readonly environment: Record<string, string>;
  /** The IAM grant: reading the secret, or `elasticache:Connect`. Undefined when the cache needs no credentials. */
  readonly grant?: iam.Grant;
}

/**
 * What a cache shape tells `grantCacheAccess` about itself. Internal: each shape builds it from its own attributes.
 */
export interface CacheAccessTarget {
  /** `<Type> <path>`, for messages. */
  readonly subject: string;
  readonly scope: IConstruct;
  readonly connections: ec2.Connections;
  /** The cache's VPC, to check the grantee against it. */
  readonly vpc?: ec2.IVpc;
  /** The settings for a grant with these options, and the credentials to grant. */
  resolve(options: CacheAccessOptions): { settings: Omit<CacheConnectionSettings, 'region'>; credentials?: CacheCredentials };
}

/** What the grantee must be allowed to use to authenticate. */
export interface CacheCredentials {
  /** A secret to read (the AUTH token, or an RBAC user's password). */
  readonly secret?: secretsmanager.ISecret;
  /** Grants `elasticache:Connect` (IAM authentication). */
  readonly connect?: (grantee: iam.IGrantable) => iam.Grant;
}

/**
 * The one implementation of `grantAccess` for every cache shape: opens the cache port from the grantee's security
 * groups (only that port), grants what the authentication needs, and describes the cache in environment variables
 * (set on a Lambda function, returned for other compute).
 */
export function grantCacheAccess(target: CacheAccessTarget, grantee: ICacheGrantee, options: CacheAccessOptions = {}): CacheAccess {
  const prefix = options.environmentPrefix ?? DEFAULT_PREFIX;
  throwIfInvalid(`${target.subject}: grantAccess`, [...prefixProblems(prefix), ...granteeProblems(target, grantee)]);
  const { settings, credentials } = target.resolve(options);

  target.connections.allowDefaultPortFrom(grantee, `${describe(grantee)} connects (grantAccess)`);
  const secretGrant = credentials?.secret?.grantRead(grantee);
  const grant = credentials?.connect?.(grantee) ?? secretGrant;
  const environment = toEnvironment({ ...settings, region: Stack.of(target.scope).region }, prefix);
  if (grantee instanceof lambda.Function) {
    for (const [name, value] of Object.entries(environment)) grantee.addEnvironment(name, value);
  }
  return { environment, grant };
}

/** The grantee's construct path, for messages. */
function describe(grantee: ICacheGrantee): string {
  return Construct.isConstruct(grantee) ? grantee.node.path : 'the grantee';
}

function prefixProblems(prefix: string): ValidationProblem[] {
  return PREFIX_PATTERN.test(prefix)
    ? []
    : [
        problem(
          'grant-access-prefix',
          `environmentPrefix '${prefix}' is invalid: use upper-case letters, digits and underscores, starting with a letter`,
        ),
      ];
}

/** A Lambda outside any VPC, in public subnets, or in another VPC cannot reach the cache (or should not). */
function granteeProblems(target: CacheAccessTarget, grantee: ICacheGrantee): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (grantee instanceof lambda.Function && !grantee.isBoundToVpc) {
    problems.push(
      problem(
        'grant-access-lambda-vpc',
        `the Lambda function ${grantee.node.path} is not in a VPC: give it vpc (the cache's VPC) to reach the cache`,
      ),
    );
    return problems; // it has no security groups to compare
  }
  const vpc = target.vpc;
  if (!vpc) return problems;
  const stack = Stack.of(target.scope);
  const resolve = (value: unknown): string => JSON.stringify(stack.resolve(value));
  const publicSubnets = new Set(vpc.publicSubnets.map((subnet) => resolve(subnet.subnetId)));
  if (grantee instanceof lambda.Function && Stack.of(grantee) === stack) {
    const config = (grantee.node.defaultChild as lambda.CfnFunction).vpcConfig as lambda.CfnFunction.VpcConfigProperty | undefined;
    const subnetIds = config?.subnetIds ?? [];
    if (!Token.isUnresolved(subnetIds) && subnetIds.some((id) => publicSubnets.has(resolve(id)))) {
      problems.push(
        problem(
          'grant-access-public-subnet',
          `the Lambda function ${grantee.node.path} is in a public subnet: place it in the VPC's private or isolated subnets`,
        ),
      );
    }
  }
  const vpcId = resolve(vpc.vpcId);
  for (const group of grantee.connections.securityGroups) {
    const cfn = group.node.defaultChild;
    if (cfn instanceof ec2.CfnSecurityGroup && Stack.of(cfn) === stack && resolve(cfn.vpcId) !== vpcId) {
      problems.push(
        problem(
          'grant-access-other-vpc',
          `${describe(grantee)} has security group ${group.node.path} in another VPC than the cache's (${vpc.node.path})`,
        ),
      );
    }
  }
  return problems;
}
