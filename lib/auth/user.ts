import {
  ArnFormat,
  Fn,
  IResource,
  RemovalPolicy,
  Resource,
  Stack,
  Token,
  aws_kms as kms,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { CfnUser, IUserRef, UserReference } from 'aws-cdk-lib/aws-elasticache';
import { Construct, IConstruct } from 'constructs';
import { ValidationProblem, problem, throwIfInvalid } from '../shared/errors';
import { identifierProblem } from '../private/identifiers';
import { deploymentSuffix, idPerDeploymentWhenRetained } from '../private/names';
import { AccessString } from './access-string';
import { PasswordRotationOptions } from './password-rotation-options';

/**
 * The engine of RBAC users and user groups (as in `@aws-cdk/aws-elasticache-alpha`): it must match the engine of the
 * caches they are for, replication groups and serverless caches alike.
 */
export enum UserEngine {
  /** Valkey. */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
}

/** How an RBAC user authenticates. */
export enum UserAuthenticationType {
  /** One or two passwords, kept in Secrets Manager. */
  PASSWORD = 'password',
  /** No password: only sensible for disabled users. */
  NO_PASSWORD = 'no-password-required',
  /** An IAM-signed token (Valkey 7.2+ / Redis OSS 7+); `userId` must equal `userName`. */
  IAM = 'iam',
}

/** Options for password authentication. */
export interface PasswordAuthenticationOptions {
  /**
   * A secret with a JSON SecretString `{"username": ..., "password": ...}`; the password must be 16–128 characters.
   * @default - a new secret with the user name and a generated 64-character alphanumeric password
   */
  readonly secret?: secretsmanager.ISecret;
  /**
   * KMS key for the generated secret.
   * @default - the AWS managed key for Secrets Manager
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Rotate the password on a schedule with a Secrets Manager rotation Lambda, using the two passwords an ElastiCache
   * user can hold: add the new one (old and new both valid), AUTH with it against the cache, then remove the old one.
   * Clients that re-read the secret when they reconnect (the runtime's `connectFromEnvironment` does) never see a
   * refused password. The first cache this user's group is attached to in the app runs the Lambda, in its subnets
   * (which must reach the Secrets Manager and ElastiCache APIs: interface endpoints or a NAT); a user in no cache of
   * the app fails at synth.
   * @default - no rotation
   */
  readonly rotation?: PasswordRotationOptions;
}

/** The authentication of an RBAC user (enum-like class). */
export class UserAuthentication {
  /** Password authentication; the password lives in Secrets Manager and reaches the template only as a dynamic reference. */
  public static password(options: PasswordAuthenticationOptions = {}): UserAuthentication {
    return new UserAuthentication(UserAuthenticationType.PASSWORD, options);
  }

  /** No password. */
  public static noPassword(): UserAuthentication {
    return new UserAuthentication(UserAuthenticationType.NO_PASSWORD, {});
  }

  /** IAM authentication: clients sign a token with `elasticache:Connect` permission. */
  public static iam(): UserAuthentication {
    return new UserAuthentication(UserAuthenticationType.IAM, {});
  }

  private constructor(
    /**
     * The authentication type. (Named like `ICacheUser.authenticationType`; `type` is a reserved word in Go, so the
     * 0.x name was dropped rather than kept as an alias that would break other CDK languages.)
     */
    public readonly authenticationType: UserAuthenticationType,
    /** @internal */
    public readonly _passwordOptions: PasswordAuthenticationOptions,
  ) {}
}

/** Properties of a {@link CacheUser}. */
export interface CacheUserProps {
  /**
   * The name clients log in with (`AUTH <userName> <password>`); for IAM users, lowercase. An IAM user without a
   * `userId` that is retained gets its name with 8 characters of the stack id appended (see `userId`); clients read it
   * from the variables `grantAccess` sets (`CACHE_USER_ID`).
   */
  readonly userName: string;
  /**
   * The id of the user, unique per account and region: 1–40 letters, digits or hyphens, starting with a letter, with
   * no trailing or double hyphen. Create-only: a new id replaces the user. IAM users must have `userId` equal to
   * `userName`, so for them the name must be unique per account and region too. A given id is kept even when the user
   * is retained: after `cdk destroy` the kept user holds it, and the next deployment fails with "already exists".
   * @default - IAM users: the user name. Others: the user name (up to 27 characters, as letters, digits and hyphens)
   * plus 12 characters derived from the construct path, so that two stacks never ask for the same id. When the user is
   * retained (DeletionPolicy Retain, e.g. the user group of a cache with `RemovalPolicy.RETAIN`), 8 characters of the
   * stack id are appended (to the first 18 of the name, or to the IAM user name, which changes with its id), so that
   * each deployment gets its own
   */
  readonly userId?: string;
  /**
   * The engine of the caches this user is for; it must match the user group and the cache.
   * @default UserEngine.VALKEY
   */
  readonly engine?: UserEngine;
  /**
   * What the user may do.
   * @default AccessString.readWrite()
   */
  readonly accessString?: AccessString;
  /**
   * How the user authenticates.
   * @default UserAuthentication.password()
   */
  readonly authentication?: UserAuthentication;
}

/** An RBAC user, created here or imported. aws-cdk-lib's L1s (and its IUserRef consumers) accept it. */
export interface ICacheUser extends IResource, IUserRef {
  /** The user id. @attribute */
  readonly userId: string;
  /** The user name. */
  readonly userName: string;
  /** The engine. */
  readonly engine: UserEngine;
  /** The authentication type. */
  readonly authenticationType: UserAuthenticationType;
  /** The ARN, `arn:<partition>:elasticache:<region>:<account>:user:<userId>`. @attribute */
  readonly userArn: string;
  /**
   * The secret with `{"username","password"}` of a password user, when known: `grantAccess` lets the grantee read it.
   * A user created here has it; an imported user has it when its attributes give it.
   */
  readonly secret?: secretsmanager.ISecret;
}

/** The readable part of a generated user id: the user name as lowercase letters, digits and hyphens, at most `max`. */
function readableId(userName: string, max: number): string {
  const readable = Token.isUnresolved(userName)
    ? ''
    : userName
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^[^a-z]+|-+$/g, '');
  return readable.slice(0, max).replace(/-+$/, '') || 'user';
}

/**
 * A user id unique per account and region: the readable part of the user name and 12 characters of the construct
 * address (a hash of the path, which starts with the stack), within the 40-character limit.
 */
function generatedUserId(userName: string, address: string): string {
  return `${readableId(userName, 27)}-${address.slice(0, 12)}`;
}

/**
 * The id a generated one becomes when the user is retained (lib/private/names.ts idPerDeploymentWhenRetained): also
 * unique per deployment, within the 40-character limit. A password user: up to 18 readable characters, the 12 of the
 * construct address and the 8 of `deploymentSuffix`. An IAM user, whose id is its name: the name (up to 31
 * characters) and the 8 of `deploymentSuffix`.
 */
function perDeploymentUserId(scope: Construct, userName: string, iam: boolean): string {
  const prefix = iam
    ? Token.isUnresolved(userName)
      ? userName
      : userName.slice(0, 31).replace(/-+$/, '')
    : `${readableId(userName, 18)}-${scope.node.addr.slice(0, 12)}`;
  return Fn.join('-', [prefix, deploymentSuffix(scope)]);
}

/** The problems of a user id / name pair, each naming the prop and the rule. */
function userIdentityProblems(userId: string, userName: string, type: UserAuthenticationType): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const idProblem = identifierProblem('userId', userId);
  if (idProblem) problems.push(problem('user-id-format', idProblem));
  if (!Token.isUnresolved(userName) && (userName.length < 1 || userName.length > 120 || /\s/.test(userName))) {
    problems.push(problem('user-name-format', `userName '${userName}' is invalid: use 1-120 characters without spaces`));
  }
  if (type === UserAuthenticationType.IAM && !Token.isUnresolved(userId) && !Token.isUnresolved(userName)) {
    if (userId !== userName) {
      problems.push(
        problem('iam-user-id-equals-name', `IAM users need userId equal to userName, got userId '${userId}' and userName '${userName}'`),
      );
    }
    if (userName !== userName.toLowerCase())
      problems.push(problem('iam-user-name-lowercase', `IAM users need a lowercase userName, got '${userName}'`));
  }
  if (!Token.isUnresolved(userId) && userId.toLowerCase() === 'default') {
    problems.push(
      problem(
        'user-id-default',
        "userId 'default' is taken by the ElastiCache built-in default user: give your 'default' user another userId",
      ),
    );
  }
  return problems;
}

/** Attributes of an existing RBAC user, for {@link CacheUser.fromCacheUserAttributes}. */
export interface CacheUserAttributes {
  /** The user id. */
  readonly userId: string;
  /**
   * The name the user logs in with.
   * @default - the user id (as for IAM users, whose id equals their name)
   */
  readonly userName?: string;
  /**
   * The engine of the user.
   * @default UserEngine.VALKEY
   */
  readonly engine?: UserEngine;
  /**
   * How the user authenticates; `grantConnect` needs UserAuthenticationType.IAM.
   * @default UserAuthenticationType.PASSWORD
   */
  readonly authenticationType?: UserAuthenticationType;
  /**
   * The secret with the JSON SecretString `{"username": ..., "password": ...}` of a password user: with it the user can
   * be the `user` of `grantAccess`, which lets the grantee read it.
   * @default - none: `grantAccess` as this user fails (`grant-access-user-secret`)
   */
  readonly secret?: secretsmanager.ISecret;
}

/** The ARN of the user `userId` in `scope`'s account and region. */
function userArnOf(scope: Construct, userId: string): string {
  return Stack.of(scope).formatArn({
    service: 'elasticache',
    resource: 'user',
    resourceName: userId,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** An RBAC user defined outside this app. */
class ImportedCacheUser extends Resource implements ICacheUser {
  public readonly userId: string;
  public readonly userName: string;
  public readonly engine: UserEngine;
  public readonly authenticationType: UserAuthenticationType;
  public readonly userArn: string;
  public readonly secret?: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, attrs: CacheUserAttributes) {
    super(scope, id);
    this.userId = attrs.userId;
    this.secret = attrs.secret;
    this.userName = attrs.userName ?? attrs.userId;
    this.engine = attrs.engine ?? UserEngine.VALKEY;
    this.authenticationType = attrs.authenticationType ?? UserAuthenticationType.PASSWORD;
    this.userArn = userArnOf(this, this.userId);
  }

  public get userRef(): UserReference {
    return { userName: this.userId, userArn: this.userArn };
  }
}

/** An RBAC user for Valkey / Redis OSS caches. Passwords are never in the template: only dynamic references. */
export class CacheUser extends Resource implements ICacheUser {
  /**
   * Imports an existing user, e.g. to add it to a CacheUserGroup, to `grantConnect` as it, or (with its `secret`) to
   * `grantAccess` as it.
   */
  public static fromCacheUserAttributes(scope: Construct, id: string, attrs: CacheUserAttributes): ICacheUser {
    return new ImportedCacheUser(scope, id, attrs);
  }

  public readonly userId: string;
  public readonly userName: string;
  public readonly engine: UserEngine;
  public readonly authenticationType: UserAuthenticationType;
  /** The secret with `{"username","password"}`, for password users. */
  public readonly secret?: secretsmanager.ISecret;
  /**
   * The rotation asked for with `UserAuthentication.password({ rotation })`; a cache runs it (lib/auth/password-rotation.ts).
   * @internal
   */
  public readonly _passwordRotation?: PasswordRotationOptions;
  /**
   * The rotation construct, once a cache created it (the first cache this user's group is attached to).
   * @internal
   */
  public _passwordRotationHost?: IConstruct;

  constructor(scope: Construct, id: string, props: CacheUserProps) {
    super(scope, id);
    const authentication = props.authentication ?? UserAuthentication.password();
    const iam = authentication.authenticationType === UserAuthenticationType.IAM;
    this.engine = props.engine ?? UserEngine.VALKEY;
    this.authenticationType = authentication.authenticationType;
    // The id as the rules check it: the one given, else the generated one (for IAM users, the user name).
    const fixedId = props.userId ?? (iam ? props.userName : generatedUserId(props.userName, this.node.addr));
    const problems = userIdentityProblems(fixedId, props.userName, this.authenticationType);
    throwIfInvalid(`CacheUser ${this.node.path}`, problems);
    // A generated id is unique per deployment when the user is retained, so that the next deployment after `cdk
    // destroy` does not ask for the id the kept user holds; otherwise it stays `fixedId` (UserId is create-only: a new
    // one replaces the user). An IAM user's name is its id, so it follows. A given id is never changed.
    this.userId =
      props.userId ??
      idPerDeploymentWhenRetained(
        () => this.resource,
        fixedId,
        () => perDeploymentUserId(this, props.userName, iam),
      );
    this.userName = iam && props.userId === undefined ? this.userId : props.userName;

    let passwords: string[] | undefined;
    if (authentication.authenticationType === UserAuthenticationType.PASSWORD) {
      const options = authentication._passwordOptions;
      this.secret =
        options.secret ??
        (this.generatedSecret = new secretsmanager.Secret(this, 'Password', {
          description: `Password of the ElastiCache user ${this.userName} (${this.node.path})`,
          encryptionKey: options.encryptionKey,
          generateSecretString: {
            secretStringTemplate: JSON.stringify({ username: this.userName }),
            generateStringKey: 'password',
            passwordLength: 64,
            excludePunctuation: true,
            includeSpace: false,
          },
        }));
      passwords = [this.secret.secretValueFromJson('password').unsafeUnwrap()];
      this._passwordRotation = options.rotation;
      if (options.rotation) {
        // The rotation Lambda needs a cache (its VPC, its endpoint to test the new password): a cache that binds this
        // user's group creates it. Checked at synth, when every cache of the app exists.
        this.node.addValidation({
          validate: () =>
            this._passwordRotationHost
              ? []
              : [
                  `[password-rotation-cache] rotation of the password of user '${this.userName}' needs a cache in this app: attach a CacheUserGroup with this user to a ReplicationGroup or a ServerlessCache (authentication rbac or iam), or remove rotation`,
                ],
        });
      }
    }

    this.resource = new CfnUser(this, 'Resource', {
      userId: this.userId,
      userName: this.userName,
      engine: this.engine,
      accessString: (props.accessString ?? AccessString.readWrite()).value,
      authenticationMode: { Type: authentication.authenticationType, Passwords: passwords },
    });
  }

  /** Applies the policy to the user and to the password secret it generated (a secret passed in is left alone). */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    super.applyRemovalPolicy(policy);
    this.generatedSecret?.applyRemovalPolicy(policy);
  }

  private generatedSecret?: secretsmanager.Secret;
  private readonly resource: CfnUser;

  public get userArn(): string {
    return userArnOf(this, this.userId);
  }

  /** The L1's reference (its Ref and Arn), so that consumers wait for the user. */
  public get userRef(): UserReference {
    return this.resource.userRef;
  }
}
