import {
  ArnFormat,
  CfnResource,
  Fn,
  IResource,
  RemovalPolicy,
  Resource,
  Stack,
  Token,
  Validations,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { CfnUserGroup, IUserGroupRef, UserGroupReference } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { ValidationProblem, problem, throwIfInvalid } from '../shared/errors';
import { identifierProblem } from '../private/identifiers';
import { deploymentSuffix, idPerDeploymentWhenRetained } from '../private/names';
import { AccessString } from './access-string';
import { USER_ENGINES_IN_GROUP } from '../facts/rbac';
import { CacheUser, ICacheUser, UserAuthentication, UserAuthenticationType, UserEngine } from './user';

/** Properties of a {@link CacheUserGroup}. */
export interface CacheUserGroupProps {
  /** The users. ElastiCache requires one named `default`; see `defaultUser`. */
  readonly users: ICacheUser[];
  /**
   * Id of the group: 1–40 letters, digits or hyphens, starting with a letter, with no trailing or double hyphen. Unique
   * per account and region; create-only (a new id replaces the group). A given id is kept even when the group is
   * retained: after `cdk destroy` the kept group holds it, and the next deployment fails with "already exists".
   * @default - derived from the construct path; when the group is retained, with 8 characters of the stack id appended,
   * so that each deployment gets its own
   */
  readonly userGroupId?: string;
  /**
   * The engine; it must match every user's and the cache's.
   * @default UserEngine.VALKEY
   */
  readonly engine?: UserEngine;
  /**
   * Add a disabled user named `default` (access string `off -@all`, userId `<groupId>-default`, with 8 characters of
   * the stack id before `-default` when the group is retained) when `users` has none. ElastiCache otherwise attaches its built-in `default` user, which has full access without a password.
   * @default true
   */
  readonly addDisabledDefaultUser?: boolean;
}

/** An RBAC user group, created here or imported. aws-cdk-lib's L1s (and its IUserGroupRef consumers) accept it. */
export interface ICacheUserGroup extends IResource, IUserGroupRef {
  /** The group id. @attribute */
  readonly userGroupId: string;
  /** The engine. */
  readonly engine: UserEngine;
  /** The users of the group; undefined for an imported group whose users were not given. */
  readonly users?: ICacheUser[];
}

/** Attributes of an existing user group, for {@link CacheUserGroup.fromCacheUserGroupAttributes}. */
export interface CacheUserGroupAttributes {
  /** The group id. */
  readonly userGroupId: string;
  /**
   * The engine of the group; it must match the cache's.
   * @default UserEngine.VALKEY
   */
  readonly engine?: UserEngine;
  /**
   * The users of the group, for the synth-time checks of IAM mode (at least one IAM user).
   * @default - unknown: those checks are skipped
   */
  readonly users?: ICacheUser[];
}

/** A user group defined outside this app. */
class ImportedCacheUserGroup extends Resource implements ICacheUserGroup {
  public readonly userGroupId: string;
  public readonly engine: UserEngine;
  public readonly users?: ICacheUser[];

  constructor(scope: Construct, id: string, attrs: CacheUserGroupAttributes) {
    super(scope, id);
    this.userGroupId = attrs.userGroupId;
    this.engine = attrs.engine ?? UserEngine.VALKEY;
    this.users = attrs.users;
  }

  public get userGroupRef(): UserGroupReference {
    const userGroupArn = Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'usergroup',
      resourceName: this.userGroupId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return { userGroupId: this.userGroupId, userGroupArn };
  }
}

/** An RBAC user group, attached to a cache with `CacheAuthentication.rbac(group)` or `.iam(group)`. */
export class CacheUserGroup extends Resource implements ICacheUserGroup {
  /** Imports an existing user group, to attach it to a cache. */
  public static fromCacheUserGroupAttributes(scope: Construct, id: string, attrs: CacheUserGroupAttributes): ICacheUserGroup {
    return new ImportedCacheUserGroup(scope, id, attrs);
  }

  public readonly userGroupId: string;
  public readonly engine: UserEngine;
  public readonly users?: ICacheUser[];

  constructor(scope: Construct, id: string, props: CacheUserGroupProps) {
    super(scope, id);
    this.engine = props.engine ?? UserEngine.VALKEY;
    // The id as the rules check it: the one given, else one generated from the construct address.
    const fixedGroupId = props.userGroupId ?? `ug-${this.node.addr.slice(0, 12)}`;
    const idProblem = identifierProblem('userGroupId', fixedGroupId);
    throwIfInvalid(`CacheUserGroup ${this.node.path}`, idProblem ? [problem('user-group-id-format', idProblem)] : []);
    // A generated id is unique per deployment when the group is retained (see CacheUserProps.userId); a given one is kept.
    const groupId =
      props.userGroupId ??
      idPerDeploymentWhenRetained(
        () => this.resource,
        fixedGroupId,
        () => Fn.join('-', [fixedGroupId, deploymentSuffix(this)]),
      );
    const users = [...props.users];
    const hasDefault = users.some((user) => user.userName === 'default');
    if (!hasDefault && (props.addDisabledDefaultUser ?? true)) {
      users.push(this.disabledDefaultUser(fixedGroupId));
    }
    const problems = userGroupProblems(this.engine, users);
    throwIfInvalid(`CacheUserGroup ${this.node.path}`, problems);

    const resource = new CfnUserGroup(this, 'Resource', {
      userGroupId: groupId,
      engine: this.engine,
      userIds: users.map((user) => user.userId),
    });
    for (const user of users) {
      if (user instanceof Construct) resource.node.addDependency(user);
    }
    this.userGroupId = resource.ref;
    this.users = users;
    this.resource = resource;
  }

  private readonly resource: CfnUserGroup;

  /**
   * The disabled user named `default` the group adds: its id is `<group id>-default`, unique per group within the
   * 40-character limit; when the user is retained, `<group id, up to 23>-<deploymentSuffix>-default`, unique per
   * deployment too (the group's own id may be a given, fixed one).
   */
  private disabledDefaultUser(fixedGroupId: string): CacheUser {
    const base = Token.isUnresolved(fixedGroupId) ? `ug-${this.node.addr.slice(0, 12)}` : fixedGroupId;
    const user: CacheUser = new CacheUser(this, 'DefaultUser', {
      userName: 'default',
      userId: idPerDeploymentWhenRetained(
        () => user.node.defaultChild as CfnResource,
        `${base.slice(0, 32).replace(/-$/, '')}-default`,
        () => Fn.join('-', [base.slice(0, 23).replace(/-+$/, ''), deploymentSuffix(this), 'default']),
      ),
      engine: this.engine,
      accessString: AccessString.disabled(),
      // A `valkey` group takes no user without a password (VALKEY_GROUP_MEMBERS), so its disabled `default` user gets a
      // generated one, in a secret like every password user's; `off -@all` makes it authenticate nothing.
      authentication: this.engine === UserEngine.VALKEY ? UserAuthentication.password() : UserAuthentication.noPassword(),
    });
    if (user.secret) acknowledgeUnusedPassword(user.secret);
    return user;
  }

  /** The L1's reference (its Ref and Arn). */
  public get userGroupRef(): UserGroupReference {
    return this.resource.userGroupRef;
  }

  /** Applies the policy to the group and to the users of this app in it (with their password secrets). */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    super.applyRemovalPolicy(policy);
    for (const user of this.users ?? []) {
      if (user instanceof CacheUser) user.applyRemovalPolicy(policy);
    }
  }
}

/**
 * The disabled `default` user's password authenticates nothing (its access string is `off -@all`), so rotating it or
 * encrypting it with a customer key protects nothing: the cdk-nag findings about that are acknowledged with the reason.
 */
function acknowledgeUnusedPassword(secret: secretsmanager.ISecret): void {
  const reason =
    "the password of the group's disabled 'default' user (access string 'off -@all'): it authenticates nothing; ElastiCache requires a password for a user in a 'valkey' group";
  for (const id of [
    'AwsSolutions-SMG4',
    'HIPAA.Security-SecretsManagerRotationEnabled',
    'HIPAA.Security-SecretsManagerUsingKMSKey',
    'NIST.800.53.R5-SecretsManagerRotationEnabled',
    'NIST.800.53.R5-SecretsManagerUsingKMSKey',
    'PCI.DSS.321-SecretsManagerUsingKMSKey',
  ]) {
    Validations.of(secret).acknowledge({ id, reason });
  }
}

/** The rules ElastiCache applies to a user group, checked at synth. */
function userGroupProblems(engine: UserEngine, users: ICacheUser[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!users.some((user) => user.userName === 'default')) {
    problems.push(
      problem(
        'user-group-default-user',
        "users must include a user named 'default' (ElastiCache requires one); pass addDisabledDefaultUser true to get a disabled one",
      ),
    );
  }
  // A `valkey` group holds Valkey users and Redis OSS users; a `redis` group only Redis OSS users. A `valkey` group
  // holds no user without a password or IAM (lib/facts/rbac.ts VALKEY_GROUP_MEMBERS).
  const accepted = USER_ENGINES_IN_GROUP.forGroupEngine[engine] ?? [engine];
  const mismatched = users.filter((user) => !accepted.includes(user.engine)).map((user) => `${user.userName} (${user.engine})`);
  if (mismatched.length > 0) {
    problems.push(
      problem(
        'user-group-engine',
        `a '${engine}' user group takes users of the engines ${accepted.join(', ')}, but these are not: ${mismatched.join(', ')}`,
      ),
    );
  }
  if (engine === UserEngine.VALKEY) {
    const passwordless = users.filter((user) => user.authenticationType === UserAuthenticationType.NO_PASSWORD);
    if (passwordless.length > 0) {
      problems.push(
        problem(
          'user-group-valkey-no-password',
          `a 'valkey' user group takes only users that authenticate (password or IAM), but these need no password: ${passwordless
            .map((user) => user.userName)
            .join(', ')}; use UserAuthentication.password() or .iam(), or a 'redis' group`,
        ),
      );
    }
  }
  const ids = users.map((user) => user.userId).filter((id) => !Token.isUnresolved(id));
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) {
    problems.push(problem('user-group-unique-ids', `userIds must be unique in a group, repeated: ${[...new Set(duplicates)].join(', ')}`));
  }
  // CreateUserGroup fails with DuplicateUserNameFault ("A user with this username already exists") when two users of
  // the group share a user name (lib/facts/rbac.ts UNIQUE_USER_NAMES_IN_GROUP: CreateUserGroup, Errors; checked
  // 2026-12-04). @aws-cdk/aws-elasticache-alpha's UserGroup rejects it too.
  const names = users.map((user) => user.userName).filter((name) => !Token.isUnresolved(name));
  const sharedNames = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  if (sharedNames.length > 0) {
    const holders = (name: string) =>
      users
        .filter((user) => user.userName === name)
        .map((user) => (Token.isUnresolved(user.userId) ? user.node.path : user.userId))
        .join(', ');
    problems.push(
      problem(
        'user-group-unique-names',
        `users must have distinct userNames in a group (ElastiCache answers DuplicateUserNameFault), but ${sharedNames
          .map((name) => `'${name}' is the name of ${holders(name)}`)
          .join('; ')}: give each user its own userName`,
      ),
    );
  }
  return problems;
}
