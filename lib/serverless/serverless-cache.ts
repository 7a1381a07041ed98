import { RemovalPolicy, Token, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { CacheAuthentication } from '../auth/authentication';
import { CacheUser, UserAuthentication, UserEngine } from '../auth/user';
import { CacheUserGroup } from '../auth/user-group';
import { createCacheKey } from '../private/encryption-key';
import { uniquePerDeploymentName } from '../private/names';
import { createCacheSecurityGroup } from '../network/security-group';
import { selectCacheSubnets } from '../network/subnets';
import { HelperRemovalPolicies, helperRemovalPolicies } from '../private/removal-policy';
import { CacheEndpoint } from '../shared/endpoint';
import { applyRuleTable } from '../shared/rule-table';
import { IServerlessCache, ServerlessCacheAccess, ServerlessCacheBase } from './base';
import { toCfnServerlessCacheProps } from './cfn-props';
import { ServerlessConfig, resolveServerlessConfig } from './config';
import { ServerlessCacheEngine, ServerlessCacheEngineName } from './engine';
import { ImportedServerlessCache, ServerlessCacheAttributes } from './imported';
import { ServerlessCacheProps } from './props';
import { SERVERLESS_RULES } from './validation-rules';

/**
 * An ElastiCache Serverless cache (Valkey, Redis OSS or Memcached) in a VPC, secure by default: TLS (always on for
 * serverless), a customer-managed KMS key, RBAC users with their passwords in Secrets Manager, 15 days of daily
 * snapshots and a final snapshot on delete. It scales storage and compute by itself, across Availability Zones.
 *
 * Built on aws-cdk-lib's CfnServerlessCache, not on @aws-cdk/aws-elasticache-alpha: the alpha's API may break in any
 * release, and a construct library that depends on it would break with it. Where the alpha names the same thing, the
 * name is the same (`serverlessCacheName`, `cacheUsageLimits`, `VALKEY_8`); where it differs from ReplicationGroup
 * (`kmsKey`, `userGroup`), this library keeps its own (`encryptionKey`, `authentication`).
 *
 * @example
 * const serverless = new ServerlessCache(this, 'Serverless', {
 *   vpc,
 *   cacheUsageLimits: { dataStorageMaximumSize: Size.gibibytes(10), requestRateLimitMaximum: 100_000 },
 * });
 * serverless.grantAccess(fn); // as the generated user `app`
 */
export class ServerlessCache extends ServerlessCacheBase {
  /** Imports an existing serverless cache. Attributes not supplied throw a clear error when read. */
  public static fromServerlessCacheAttributes(scope: Construct, id: string, attrs: ServerlessCacheAttributes): IServerlessCache {
    return new ImportedServerlessCache(scope, id, attrs);
  }

  public readonly serverlessCacheName: string;
  public readonly serverlessCacheArn: string;
  public readonly connections: ec2.Connections;
  /** The engine and major version. */
  public readonly engine?: ServerlessCacheEngine;
  public readonly endpoint: CacheEndpoint;
  public readonly readerEndpoint: CacheEndpoint;
  /** The KMS key that encrypts the data and the snapshots. */
  public readonly encryptionKey: kms.IKey;
  /** The user made when no `authentication` is given (Valkey / Redis OSS): `app`, whose `secret` holds the password. */
  public readonly appUser?: CacheUser;
  /** The name of the final snapshot taken when the cache is deleted (removal policy SNAPSHOT). */
  public readonly finalSnapshotName?: string;
  /** The L1 resource, for escape hatches. */
  public readonly cfnServerlessCache: CfnServerlessCache;
  /** The VPC the cache is in. */
  public readonly vpc: ec2.IVpc;
  private readonly accessFacts: ServerlessCacheAccess;

  constructor(scope: Construct, id: string, props: ServerlessCacheProps) {
    super(scope, id);
    const config = resolveServerlessConfig(props);
    const subject = `ServerlessCache ${this.node.path}`;
    const subnets = selectCacheSubnets(subject, props.vpc, props.vpcSubnets);
    applyRuleTable(this, subject, { props, config }, SERVERLESS_RULES);

    const description = props.description ?? `ElastiCache serverless cache ${this.node.path}`;
    const removal = helperRemovalPolicies(config.removalPolicy);
    const securityGroups = props.securityGroups ?? [
      createCacheSecurityGroup(this, 'SecurityGroup', props.vpc, description, removal.network),
    ];
    this.encryptionKey = props.encryptionKey ?? createCacheKey(this, description, removal.keyAndLogs);
    // Valkey / Redis OSS: the user group given, or a new one with a password user `app`; Memcached has no users.
    const authEngine = config.engine.supportsUserGroups ? config.engine : undefined;
    this.appUser = authEngine && !props.authentication ? this.createAppUser(config) : undefined;
    const auth = authEngine
      ? (props.authentication ?? this.defaultAuthentication(config, removal))._bind(this, {
          encryptionKey: this.encryptionKey,
          credentialsRemovalPolicy: removal.credentials,
          engine: authEngine,
        })
      : undefined;

    // The name is required and create-only: unique per deployment by default, so that a retained cache (or its final
    // snapshot) never blocks the next deployment after `cdk destroy`.
    const serverlessCacheName = config.serverlessCacheName ?? uniquePerDeploymentName(this, 40, { lowercase: true });
    // CloudFormation has no DeletionPolicy Snapshot for serverless caches: the cache's FinalSnapshotName takes it.
    const snapshot = config.removalPolicy === RemovalPolicy.SNAPSHOT;
    this.finalSnapshotName = snapshot ? uniquePerDeploymentName(new Construct(this, 'FinalSnapshot'), 40, { lowercase: true }) : undefined;

    this.cfnServerlessCache = new CfnServerlessCache(
      this,
      'Resource',
      toCfnServerlessCacheProps(config, {
        serverlessCacheName,
        description,
        subnetIds: subnets.subnetIds,
        securityGroupIds: securityGroups.map((sg) => sg.securityGroupId),
        kmsKeyId: this.encryptionKey.keyArn,
        userGroupId: auth?.userGroup?.userGroupId,
        finalSnapshotName: this.finalSnapshotName,
      }),
    );
    this.cfnServerlessCache.applyRemovalPolicy(snapshot ? RemovalPolicy.DESTROY : config.removalPolicy);
    if (auth?.userGroup instanceof Construct) this.cfnServerlessCache.node.addDependency(auth.userGroup);

    this.serverlessCacheName = this.cfnServerlessCache.ref;
    this.serverlessCacheArn = this.cfnServerlessCache.attrArn;
    this.engine = config.engine;
    const port = config.engine.port;
    // Clients need both the endpoint's port and the reader endpoint's (the next one).
    this.connections = cacheConnections(securityGroups, port, 2);
    this.endpoint = new CacheEndpoint(
      this.cfnServerlessCache.attrEndpointAddress,
      Token.asNumber(this.cfnServerlessCache.attrEndpointPort),
    );
    this.readerEndpoint = new CacheEndpoint(
      this.cfnServerlessCache.attrReaderEndpointAddress,
      Token.asNumber(this.cfnServerlessCache.attrReaderEndpointPort),
    );
    this.vpc = props.vpc;
    this.accessFacts = {
      vpc: props.vpc,
      memcached: !authEngine,
      endpointPort: this.cfnServerlessCache.attrEndpointPort,
      readerEndpointPort: this.cfnServerlessCache.attrReaderEndpointPort,
      authenticationMode: auth?.mode,
      userGroup: auth?.userGroup,
      defaultUser: this.appUser,
    };
  }

  /** @internal */
  public _accessFacts(): ServerlessCacheAccess {
    return this.accessFacts;
  }

  /** The password user `app` (full access) made when no `authentication` is given; its secret uses the cache's key. */
  private createAppUser(config: ServerlessConfig): CacheUser {
    return new CacheUser(this, 'AppUser', {
      userName: 'app',
      engine: userEngine(config),
      authentication: UserAuthentication.password({ encryptionKey: this.encryptionKey }),
    });
  }

  /** RBAC with the `app` user and a disabled `default` user, kept or deleted with the cache's credentials. */
  private defaultAuthentication(config: ServerlessConfig, removal: HelperRemovalPolicies): CacheAuthentication {
    const users = new CacheUserGroup(this, 'Users', { users: [this.appUser!], engine: userEngine(config) });
    users.applyRemovalPolicy(removal.credentials);
    return CacheAuthentication.rbac(users);
  }
}

/** The RBAC engine of users and groups for a Valkey / Redis OSS serverless cache. */
const userEngine = (config: ServerlessConfig): UserEngine =>
  config.engine.name === ServerlessCacheEngineName.REDIS ? UserEngine.REDIS : UserEngine.VALKEY;
