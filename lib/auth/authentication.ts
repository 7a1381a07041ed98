import { Duration, RemovalPolicy, aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ValkeyRedisEngine, isValkeyOrRedisAtLeast } from '../shared/engine';
import { ValidationProblem, problem, throwIfInvalid } from '../shared/errors';
import { createAuthTokenSecret } from './auth-token-secret';
import { CacheUserGroup, ICacheUserGroup } from './user-group';
import { USER_GROUP_ENGINES } from '../facts/rbac';
import { UserAuthenticationType } from './user';

/** How clients authenticate to a replication group. Exactly one mode applies to a cache. */
export enum AuthenticationMode {
  /** A single AUTH token (password) shared by all clients, kept in Secrets Manager. */
  AUTH_TOKEN = 'auth-token',
  /** RBAC: named users with their own passwords and access strings, in a user group. */
  RBAC = 'rbac',
  /** IAM: RBAC users whose password is a SigV4-signed token; access is granted with `grantConnect`. */
  IAM = 'iam',
}

/** Automatic rotation of the AUTH token. */
export interface AuthTokenRotationOptions {
  /**
   * Time between rotations (named as in aws-rds and Secrets Manager's RotationSchedule).
   * @default Duration.days(30)
   */
  readonly automaticallyAfter?: Duration;
  /**
   * Reserved concurrency of the rotation Lambda (Secrets Manager runs one rotation step at a time, so 1–2 is plenty).
   * @default - no reservation: a new account's reduced concurrency quota refuses one
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * KMS key of the rotation Lambda's log group. With an imported `encryptionKey` (whose key policy cannot be changed
   * here), pass a key created in this app, or make sure the imported key's policy allows CloudWatch Logs.
   * @default - the cache's `encryptionKey`
   */
  readonly logEncryptionKey?: kms.IKey;
}

/** Options for AUTH token authentication. */
export interface AuthTokenOptions {
  /**
   * An existing secret whose SecretString is the AUTH token: 16–128 printable characters without `/`, `"` or `@`.
   * @default - a new secret with a generated 64-character alphanumeric token, encrypted with the cache's KMS key
   */
  readonly secret?: secretsmanager.ISecret;
  /**
   * Rotate the token with a Secrets Manager rotation Lambda (ROTATE, test, then SET: clients holding the old or the
   * new token keep working during the rotation). The Lambda runs in the cache's subnets and needs the Secrets
   * Manager and ElastiCache APIs (VPC interface endpoints or a NAT).
   * @default - no rotation
   */
  readonly rotation?: AuthTokenRotationOptions;
}

/** What an authentication mode contributes to the replication group. */
export interface AuthenticationConfig {
  /** The mode, for messages and rules. */
  readonly mode: AuthenticationMode;
  /** The AuthToken value: a Secrets Manager dynamic reference, never plaintext. */
  readonly authToken?: string;
  /** The secret that holds the AUTH token. */
  readonly secret?: secretsmanager.ISecret;
  /** Rotation of the AUTH token, when asked for. */
  readonly rotation?: AuthTokenRotationOptions;
  /** The RBAC user group. */
  readonly userGroup?: ICacheUserGroup;
}

/** What a mode needs from the replication group when it is bound. */
export interface AuthenticationBindOptions {
  /** The key that encrypts the cache at rest; a generated secret uses it too. */
  readonly encryptionKey: kms.IKey;
  /** The removal policy of the credentials the cache needs (see removal-policy.ts). */
  readonly credentialsRemovalPolicy: RemovalPolicy;
  /** The cache's engine, which the user group must match. */
  readonly engine: ValkeyRedisEngine;
}

/**
 * The authentication mode of a replication group (enum-like class: no unions in the construct API).
 *
 * - `authToken()` (default): one shared token in Secrets Manager, optionally rotated.
 * - `rbac(group)`: named users with passwords in Secrets Manager.
 * - `iam(group)`: users authenticated by IAM; grant with `cache.grantConnect(grantee, user)`.
 *
 * Switching a live cache from AUTH token to a user group replaces it in CloudFormation (a new, empty cache).
 */
export abstract class CacheAuthentication {
  /**
   * Clients send an AUTH token, stored in Secrets Manager and referenced from the template by a dynamic
   * reference only. Requires in-transit encryption.
   */
  public static authToken(options: AuthTokenOptions = {}): CacheAuthentication {
    return new AuthTokenAuthentication(options);
  }

  /** Role-based access control with the users of `userGroup` (Valkey, or Redis OSS 6.0+). */
  public static rbac(userGroup: ICacheUserGroup): CacheAuthentication {
    return new UserGroupAuthentication(AuthenticationMode.RBAC, userGroup);
  }

  /**
   * IAM authentication with the IAM-enabled users of `userGroup` (Valkey 7.2+ or Redis OSS 7.0+). The group may also
   * hold password users.
   */
  public static iam(userGroup: ICacheUserGroup): CacheAuthentication {
    return new UserGroupAuthentication(AuthenticationMode.IAM, userGroup);
  }

  /** The mode. */
  public abstract readonly mode: AuthenticationMode;

  /**
   * Creates what the mode needs (e.g. the token secret) in `scope` and returns the L1 settings.
   * @internal
   */
  public abstract _bind(scope: Construct, options: AuthenticationBindOptions): AuthenticationConfig;
}

class AuthTokenAuthentication extends CacheAuthentication {
  public readonly mode = AuthenticationMode.AUTH_TOKEN;

  constructor(private readonly options: AuthTokenOptions) {
    super();
  }

  public _bind(scope: Construct, options: AuthenticationBindOptions): AuthenticationConfig {
    const secret =
      this.options.secret ?? createAuthTokenSecret(scope, 'AuthToken', options.encryptionKey, options.credentialsRemovalPolicy);
    return {
      mode: this.mode,
      // A {{resolve:secretsmanager:...}} dynamic reference: CloudFormation resolves it at deploy time.
      authToken: secret.secretValue.unsafeUnwrap(),
      secret,
      rotation: this.options.rotation,
    };
  }
}

class UserGroupAuthentication extends CacheAuthentication {
  constructor(
    public readonly mode: AuthenticationMode,
    private readonly userGroup: ICacheUserGroup,
  ) {
    super();
  }

  public _bind(scope: Construct, options: AuthenticationBindOptions): AuthenticationConfig {
    throwIfInvalid(`${scope.node.path}: authentication ${this.mode}`, userGroupModeProblems(this.mode, this.userGroup, options.engine));
    // A kept cache needs its users: deleting a group that a retained cache still uses fails, and without its users
    // nobody can log in. Only ever raised to RETAIN, so a group shared with other caches is never weakened.
    if (options.credentialsRemovalPolicy === RemovalPolicy.RETAIN && this.userGroup instanceof CacheUserGroup) {
      this.userGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
    return { mode: this.mode, userGroup: this.userGroup };
  }
}

/**
 * The user group engines a cache of each engine accepts (lib/facts/rbac.ts, from ElastiCache's RBAC page, checked
 * 2026-12-04): a Valkey cache takes `valkey` and `redis` user groups, a Redis OSS cache `redis` ones only.
 */
const USER_GROUP_ENGINES_FOR = USER_GROUP_ENGINES.forCacheEngine;
const RBAC_PAGE = USER_GROUP_ENGINES.sources[1].url;

/** The engine and user rules of the RBAC and IAM modes. */
function userGroupModeProblems(mode: AuthenticationMode, userGroup: ICacheUserGroup, engine: ValkeyRedisEngine): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!USER_GROUP_ENGINES_FOR[engine.name]?.includes(String(userGroup.engine))) {
    const allowed = USER_GROUP_ENGINES_FOR[engine.name] ?? [];
    problems.push(
      problem(
        'user-group-cache-engine',
        `the user group's engine '${userGroup.engine}' cannot serve a ${engine.name} cache: use a user group of engine ${allowed.map((e) => `'${e}'`).join(' or ')} (${RBAC_PAGE})`,
      ),
    );
  }
  if (!isValkeyOrRedisAtLeast(engine, '6.0'))
    problems.push(problem('rbac-engine', `RBAC needs Valkey or Redis OSS 6.0+, but engine is ${engine.toString()}`));
  if (mode === AuthenticationMode.IAM) {
    if (!isValkeyOrRedisAtLeast(engine, '7.0')) {
      problems.push(problem('iam-engine', `IAM authentication needs Valkey 7.2+ or Redis OSS 7.0+, but engine is ${engine.toString()}`));
    }
    if (userGroup.users && !userGroup.users.some((user) => user.authenticationType === UserAuthenticationType.IAM)) {
      problems.push(
        problem('iam-user-required', 'IAM authentication needs a user group with at least one user created with UserAuthentication.iam()'),
      );
    }
  }
  return problems;
}
