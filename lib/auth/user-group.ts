import { IResource, RemovalPolicy, Resource, Token } from 'aws-cdk-lib';
import { CfnUserGroup } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { EngineName } from '../engine';
import { AccessString } from './access-string';
import { CacheUser, ICacheUser, UserAuthentication } from './user';

/** Properties of a {@link CacheUserGroup}. */
export interface CacheUserGroupProps {
  /** The users. ElastiCache requires one named `default`; see `defaultUser`. */
  readonly users: ICacheUser[];
  /**
   * Id of the group: 1–40 letters, digits or hyphens, starting with a letter, with no trailing or double hyphen.
   * @default - derived from the construct path
   */
  readonly userGroupId?: string;
  /**
   * The engine; it must match every user's and the cache's.
   * @default EngineName.VALKEY
   */
  readonly engine?: EngineName;
  /**
   * Add a disabled user named `default` (access string `off -@all`, userId `<groupId>-default`) when `users` has
   * none. ElastiCache otherwise attaches its built-in `default` user, which has full access without a password.
   * @default true
   */
  readonly addDisabledDefaultUser?: boolean;
}

/** An RBAC user group. */
export interface ICacheUserGroup extends IResource {
  /** The group id. @attribute */
  readonly userGroupId: string;
  /** The engine. */
  readonly engine: EngineName;
  /** The users of the group. */
  readonly users: ICacheUser[];
}

/** An RBAC user group, attached to a cache with `CacheAuthentication.rbac(group)` or `.iam(group)`. */
export class CacheUserGroup extends Resource implements ICacheUserGroup {
  public readonly userGroupId: string;
  public readonly engine: EngineName;
  public readonly users: ICacheUser[];

  constructor(scope: Construct, id: string, props: CacheUserGroupProps) {
    super(scope, id);
    this.engine = props.engine ?? EngineName.VALKEY;
    const groupId = props.userGroupId ?? `ug-${this.node.addr.slice(0, 12)}`;
    if (
      !Token.isUnresolved(groupId) &&
      (!/^[a-zA-Z][a-zA-Z0-9-]{0,39}$/.test(groupId) || groupId.endsWith('-') || groupId.includes('--'))
    ) {
      throw new Error(
        `CacheUserGroup ${this.node.path}: userGroupId '${groupId}' is invalid: use 1-40 letters, digits or hyphens, starting with a letter, with no trailing or consecutive hyphens`,
      );
    }
    const users = [...props.users];
    const hasDefault = users.some((user) => user.userName === 'default');
    if (!hasDefault && (props.addDisabledDefaultUser ?? true)) {
      users.push(
        new CacheUser(this, 'DefaultUser', {
          userName: 'default',
          // Unique per group, within the 40-character limit.
          userId: `${Token.isUnresolved(groupId) ? `ug-${this.node.addr.slice(0, 12)}` : groupId.slice(0, 32).replace(/-$/, '')}-default`,
          engine: this.engine,
          accessString: AccessString.disabled(),
          authentication: UserAuthentication.noPassword(),
        }),
      );
    }
    const problems = userGroupProblems(this.engine, users);
    if (problems.length > 0) throw new Error(`CacheUserGroup ${this.node.path}: invalid props:\n  - ${problems.join('\n  - ')}`);

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
  }

  /** Applies the policy to the group and to the users of this app in it (with their password secrets). */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    super.applyRemovalPolicy(policy);
    for (const user of this.users) {
      if (user instanceof CacheUser) user.applyRemovalPolicy(policy);
    }
  }
}

/** The rules ElastiCache applies to a user group, checked at synth. */
export function userGroupProblems(engine: EngineName, users: ICacheUser[]): string[] {
  const problems: string[] = [];
  if (!users.some((user) => user.userName === 'default')) {
    problems.push(
      "users must include a user named 'default' (ElastiCache requires one); pass addDisabledDefaultUser true to get a disabled one",
    );
  }
  const mismatched = users.filter((user) => user.engine !== engine).map((user) => `${user.userName} (${user.engine})`);
  if (mismatched.length > 0)
    problems.push(`every user must have the group's engine '${engine}', but these do not: ${mismatched.join(', ')}`);
  const ids = users.map((user) => user.userId).filter((id) => !Token.isUnresolved(id));
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) problems.push(`userIds must be unique in a group, repeated: ${[...new Set(duplicates)].join(', ')}`);
  return problems;
}
