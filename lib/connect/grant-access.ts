import {
  Aspects,
  IAspect,
  Stack,
  Token,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ICacheUser } from '../auth/user';
import { allIsolated, missingInterfaceEndpoints } from '../network/aws-api-path';
import { addWarning } from '../private/warnings';
import { ValidationProblem, problem, throwIfInvalid } from '../shared/errors';
import { CacheAuthenticationSource, credentialsFor } from './credentials';
import { hasConnections, noConnectionsProblem } from './grantee-network';
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
   * The environment variables that describe the cache to `connectFromEnvironment()` of `cdk-elasticache-runtime`. They
   * are already set on a Lambda function; put them in the container definition of other compute.
   */
  readonly environment: Record<string, string>;
  /** The IAM grant: reading the secret, or `elasticache:Connect`. Undefined when the cache needs no credentials. */
  readonly grant?: iam.Grant;
}

/** Where a client connects: the endpoint part of the variables. */
export type CacheEndpointSettings = Pick<CacheConnectionSettings, 'endpointKind' | 'address' | 'port' | 'tls'>;

/**
 * What a cache shape tells `grantCacheAccess` about itself. Internal: each shape's base class builds it, for a cache
 * created here and for an import alike (an import checks first that its attributes say what the mode needs).
 */
export interface CacheAccessTarget {
  /** The construct type, for messages (`ReplicationGroup`, `ServerlessCache`, `MemcachedCluster`). */
  readonly kind: string;
  /** The cache's VPC, to check the grantee against it; undefined when unknown (an import without `vpc`). */
  readonly vpc?: ec2.IVpc;
  /** Where the client connects with these options. */
  endpoint(options: CacheAccessOptions): CacheEndpointSettings;
  /** How the cache authenticates. */
  readonly authentication: CacheAuthenticationSource;
  /** The replication group id or serverless cache name an IAM token is signed for. */
  readonly cacheName: string;
  /** True for a serverless cache (its IAM tokens carry `ResourceType=ServerlessCache`). */
  readonly serverless: boolean;
  /**
   * True for a serverless cache with a public endpoint: no port to open and no VPC to check, so a grantee with an IAM
   * principal alone connects (grantee-network.ts); its authentication is IAM only.
   */
  readonly publicEndpoint?: boolean;
}

/**
 * The one implementation of `grantAccess` for every cache shape and every import: opens the cache port from the
 * grantee's security groups (only that port), grants what the authentication needs, and describes the cache in
 * environment variables (set on a Lambda function, returned for other compute).
 */
export function grantCacheAccess(
  cache: IConstruct & ec2.IConnectable,
  target: CacheAccessTarget,
  grantee: iam.IGrantable,
  options: CacheAccessOptions,
): CacheAccess {
  const subject = `${target.kind} ${cache.node.path}`;
  const prefix = options.environmentPrefix ?? DEFAULT_PREFIX;
  const network = target.publicEndpoint
    ? []
    : hasConnections(grantee)
      ? granteeProblems(cache, target.vpc, grantee)
      : [noConnectionsProblem(target.kind, grantee)];
  throwIfInvalid(`${subject}: grantAccess`, [...prefixProblems(prefix), ...network]);
  const endpoint = target.endpoint(options);
  const { authMode, credentials, userId } = credentialsFor(subject, target.authentication, options.user);
  const settings: CacheConnectionSettings = {
    ...endpoint,
    readOnly: options.readOnly ?? false,
    authMode,
    secretArn: credentials.secret?.secretArn,
    userId,
    cacheName: userId ? target.cacheName : undefined,
    // IAM tokens for a serverless cache carry ResourceType=ServerlessCache; a Memcached client skips Auto Discovery.
    serverless: (userId || endpoint.endpointKind === 'memcached') && target.serverless ? true : undefined,
    region: Stack.of(cache).region,
  };

  if (!target.publicEndpoint && hasConnections(grantee)) {
    cache.connections.allowDefaultPortFrom(grantee, `${describe(grantee)} connects (grantAccess)`);
  }
  const secretGrant = credentials.secret && grantSecretRead(credentials.secret, grantee);
  const grant = credentials.connect?.(grantee) ?? secretGrant;
  if (credentials.secret && hasConnections(grantee)) checkSecretsManagerPath(grantee, target.vpc);
  const environment = toEnvironment(settings, prefix);
  if (grantee instanceof lambda.Function) {
    for (const [name, value] of Object.entries(environment)) grantee.addEnvironment(name, value);
  }
  return { environment, grant };
}

/**
 * Reading a secret encrypted with a customer-managed key takes `kms:Decrypt` on that key as well: Secrets Manager
 * decrypts on the caller's behalf ("To use the KMS key for a secret on your behalf, the user must have the following
 * permissions. ... kms:Decrypt", https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html,
 * checked 2026-12-04). `Secret.grantRead` grants it through the key policy, which works for a key of this app only:
 * on an imported key (a serverless cache's `app` password under an imported `encryptionKey`, an AUTH token under a
 * group's imported key) the grant is a silent no-op, and the read fails at run time with AccessDenied. So the
 * grantee's own policy gets it too, limited to calls Secrets Manager makes in the secret's region (`kms:ViaService`,
 * as the same page recommends: "To allow the KMS key to be used only for requests that originate in Secrets Manager,
 * you can use the kms:ViaService condition key with the secretsmanager.<Region>.amazonaws.com value"). An imported
 * key's policy must let IAM policies of the account grant it (the default key policy does).
 */
function grantSecretRead(secret: secretsmanager.ISecret, grantee: iam.IGrantable): iam.Grant {
  const grant = secret.grantRead(grantee);
  const key = secret.encryptionKey;
  if (!key || key instanceof kms.Key) return grant;
  const region = Token.isUnresolved(secret.env.region) ? Stack.of(secret).region : secret.env.region;
  return grant.combine(
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt'],
      resourceArns: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
    }),
  );
}

/** Grantees already checked for a path to Secrets Manager: one warning however many caches they connect to. */
const checkedForSecretsManager = new WeakSet<IConstruct>();

/**
 * `connectFromEnvironment()` reads the token or password from Secrets Manager when it connects. A Lambda function in
 * isolated subnets reaches Secrets Manager only through an interface endpoint in its VPC: without one, the read
 * times out and no connection is made. Warns at synth (as an aspect: endpoints are often added after grantAccess)
 * when the function's subnets are all isolated subnets of `vpc`, a VPC of this app with no such endpoint. Other
 * compute (ECS tasks, instances) and imported VPCs are not checked: their subnets or endpoints are not known here.
 */
function checkSecretsManagerPath(grantee: ICacheGrantee, vpc: ec2.IVpc | undefined): void {
  if (!(grantee instanceof lambda.Function) || !(vpc instanceof ec2.Vpc) || checkedForSecretsManager.has(grantee)) return;
  checkedForSecretsManager.add(grantee);
  Aspects.of(grantee).add(new SecretsManagerPathCheck(grantee, vpc));
}

class SecretsManagerPathCheck implements IAspect {
  private done = false;

  constructor(
    private readonly fn: lambda.Function,
    private readonly vpc: ec2.Vpc,
  ) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.fn) return;
    this.done = true;
    const config = (this.fn.node.defaultChild as lambda.CfnFunction).vpcConfig as lambda.CfnFunction.VpcConfigProperty | undefined;
    const subnetIds = config?.subnetIds;
    if (!subnetIds || Token.isUnresolved(subnetIds) || Stack.of(this.fn) !== Stack.of(this.vpc)) return;
    if (!allIsolated(this.vpc, subnetIds) || missingInterfaceEndpoints(this.vpc, ['secretsmanager']).length === 0) return;
    addWarning(
      this.fn,
      'grant-access-secrets-manager-unreachable',
      `the Lambda function ${this.fn.node.path} runs in isolated subnets of VPC ${this.vpc.node.path}, which has no interface endpoint for Secrets Manager: connectFromEnvironment() would time out reading the cache's credentials. Add one (vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER }), open to the function on 443), or place the function in subnets with a NAT.`,
    );
  }
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
function granteeProblems(cache: IConstruct, vpc: ec2.IVpc | undefined, grantee: ICacheGrantee): ValidationProblem[] {
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
  if (!vpc) return problems;
  const stack = Stack.of(cache);
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
