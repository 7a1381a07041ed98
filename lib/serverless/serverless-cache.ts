import { RemovalPolicy, Token, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { CacheAuthentication } from '../auth/authentication';
import { UserPasswordRotation, addUserPasswordRotations } from '../auth/password-rotation';
import { CacheUser, ICacheUser, UserAuthentication, UserAuthenticationType, UserEngine } from '../auth/user';
import { CacheUserGroup } from '../auth/user-group';
import { PUBLIC_ENDPOINT } from '../facts/serverless-connectivity';
import { ServerlessCacheMonitoringProps } from '../monitoring/serverless-alarms';
import { createCacheKey } from '../private/encryption-key';
import { uniquePerDeploymentName } from '../private/names';
import { createCacheSecurityGroup } from '../network/security-group';
import { selectCacheSubnets } from '../network/subnets';
import { HelperRemovalPolicies, helperRemovalPolicies } from '../private/removal-policy';
import { CacheEndpoint } from '../shared/endpoint';
import { throwIfInvalid } from '../shared/errors';
import { applyRuleTable } from '../shared/rule-table';
import { IServerlessCache, ServerlessCacheAccess, ServerlessCacheBase } from './base';
import { toCfnServerlessCacheProps } from './cfn-props';
import { ServerlessConfig, resolveServerlessConfig } from './config';
import { ServerlessCacheConnectionType } from './connection-type';
import { publicUsersProblems } from './connectivity-rules';
import { ServerlessCacheEngine, ServerlessCacheEngineName } from './engine';
import { ImportedServerlessCache, ServerlessCacheAttributes } from './imported';
import { ServerlessCacheProps, ServerlessCacheUsageLimits } from './props';
import { SERVERLESS_RULES } from './validation-rules';

/**
 * An ElastiCache Serverless cache (Valkey, Redis OSS or Memcached) in a VPC, secure by default: TLS (always on for
 * serverless), a customer-managed KMS key, RBAC users with their passwords in Secrets Manager, 15 days of daily
 * snapshots and a final snapshot on delete. It scales storage and compute by itself, across Availability Zones.
 * A Valkey 9.0+ cache can have a public endpoint instead (`connectionType`), reached by IAM-authenticated users only.
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
  /**
   * The user made when no `authentication` is given (Valkey / Redis OSS): `app`, with `AccessString.readWrite()` on
   * every key (what the runtime's patterns need, without the admin and dangerous commands), whose `secret` holds the
   * password, encrypted with `encryptionKey`.
   */
  public readonly appUser?: CacheUser;
  /** The name of the final snapshot taken when the cache is deleted (removal policy SNAPSHOT). */
  public readonly finalSnapshotName?: string;
  /** The L1 resource, for escape hatches. */
  public readonly cfnServerlessCache: CfnServerlessCache;
  /** The VPC the cache's endpoint is in; undefined for a cache with a public endpoint. */
  public readonly vpc?: ec2.IVpc;
  /** How clients reach the cache: its VPC endpoint, or a public endpoint. */
  public readonly connectionType: ServerlessCacheConnectionType;
  /** The rotations of user passwords this cache runs (`UserAuthentication.password({ rotation })` users of its group). */
  public readonly passwordRotations: UserPasswordRotation[];
  private readonly accessFacts: ServerlessCacheAccess;
  private readonly usageLimits?: ServerlessCacheUsageLimits;

  constructor(scope: Construct, id: string, props: ServerlessCacheProps) {
    super(scope, id);
    const config = resolveServerlessConfig(props);
    const subject = `ServerlessCache ${this.node.path}`;
    const isPublic = config.connectionType === ServerlessCacheConnectionType.PUBLIC;
    // A public endpoint has no VPC endpoint: no subnets, no security groups (the rules reject them).
    const subnets = props.vpc && !isPublic ? selectCacheSubnets(subject, props.vpc, props.vpcSubnets) : undefined;
    applyRuleTable(this, subject, { props, config, subnets: subnets?.subnets }, SERVERLESS_RULES);

    const description = props.description ?? `ElastiCache serverless cache ${this.node.path}`;
    const removal = helperRemovalPolicies(config.removalPolicy);
    const securityGroups =
      !props.vpc || isPublic
        ? []
        : (props.securityGroups ?? [createCacheSecurityGroup(this, 'SecurityGroup', props.vpc, description, removal.network)]);
    this.encryptionKey = props.encryptionKey ?? createCacheKey(this, description, removal.keyAndLogs);
    // Valkey / Redis OSS: the user group given, or a new one with a password user `app` (with a public endpoint,
    // ElastiCache's own IAM user group); Memcached has no users.
    const authEngine = config.engine.supportsUserGroups ? config.engine : undefined;
    this.appUser = authEngine && !props.authentication && !isPublic ? this.createAppUser(config) : undefined;
    const systemIamUser = authEngine && !props.authentication && isPublic ? this.systemIamUser() : undefined;
    const auth = authEngine
      ? (
          props.authentication ??
          (systemIamUser ? this.systemIamAuthentication(systemIamUser) : this.defaultAuthentication(config, removal))
        )._bind(this, {
          encryptionKey: this.encryptionKey,
          credentialsRemovalPolicy: removal.credentials,
          engine: authEngine,
        })
      : undefined;
    throwIfInvalid(subject, publicUsersProblems(config, auth));

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
        subnetIds: subnets?.subnetIds,
        securityGroupIds: subnets ? securityGroups.map((sg) => sg.securityGroupId) : undefined,
        kmsKeyId: this.encryptionKey.keyArn,
        userGroupId: auth?.userGroup?.userGroupId,
        finalSnapshotName: this.finalSnapshotName,
      }),
    );
    this.cfnServerlessCache.applyRemovalPolicy(snapshot ? RemovalPolicy.DESTROY : config.removalPolicy);
    // No DependsOn on the user group: UserGroupId is its Ref, and the group depends on its users (cfn-lint W3005).

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
    this.vpc = isPublic ? undefined : props.vpc;
    this.connectionType = config.connectionType;
    this.accessFacts = {
      vpc: this.vpc,
      memcached: !authEngine,
      endpointPort: this.cfnServerlessCache.attrEndpointPort,
      readerEndpointPort: this.cfnServerlessCache.attrReaderEndpointPort,
      authenticationMode: auth?.mode,
      userGroup: auth?.userGroup,
      defaultUser: this.appUser ?? systemIamUser,
      publicEndpoint: isPublic,
    };
    this.usageLimits = props.cacheUsageLimits;
    // Users of the group that rotate their password: their Lambda runs in this cache's subnets and tests against it.
    this.passwordRotations =
      this.vpc && subnets
        ? addUserPasswordRotations(this, auth?.userGroup, () => ({
            vpc: this.vpc!,
            vpcSubnets: props.vpcSubnets ?? { subnets: subnets.subnets },
            connections: this.connections,
            endpoint: this.endpoint,
            encryptionKey: this.encryptionKey,
            logRemovalPolicy: removal.keyAndLogs,
          }))
        : [];
  }

  /** @internal */
  public _accessFacts(): ServerlessCacheAccess {
    return this.accessFacts;
  }

  /** @internal */
  public _monitoring(): ServerlessCacheMonitoringProps {
    const limits = this.usageLimits;
    return {
      cache: this,
      requestRateLimitMaximum: limits?.requestRateLimitMaximum,
      dataStorageMaximumSize: limits?.dataStorageMaximumSize,
    };
  }

  /**
   * The password user `app` made when no `authentication` is given, with the CacheUser default access string,
   * `AccessString.readWrite()` on every key (the runtime's read-write level, not full access); its secret uses the
   * cache's key.
   */
  private createAppUser(config: ServerlessConfig): CacheUser {
    return new CacheUser(this, 'AppUser', {
      userName: 'app',
      engine: userEngine(config),
      authentication: UserAuthentication.password({ encryptionKey: this.encryptionKey }),
    });
  }

  /** ElastiCache's IAM user `default.iam-user`, which exists in every account: the default user of a public cache. */
  private systemIamUser(): ICacheUser {
    return CacheUser.fromCacheUserAttributes(this, 'SystemIamUser', {
      userId: PUBLIC_ENDPOINT.systemUserId,
      authenticationType: UserAuthenticationType.IAM,
    });
  }

  /** IAM authentication with ElastiCache's own group `default.iam-user-group` (its one user is `user`). */
  private systemIamAuthentication(user: ICacheUser): CacheAuthentication {
    const users = CacheUserGroup.fromCacheUserGroupAttributes(this, 'SystemIamUsers', {
      userGroupId: PUBLIC_ENDPOINT.systemUserGroupId,
      users: [user],
    });
    return CacheAuthentication.iam(users);
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
