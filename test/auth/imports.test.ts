import { aws_iam as iam } from 'aws-cdk-lib';
import { CfnUserGroup, IUserGroupRef, IUserRef } from 'aws-cdk-lib/aws-elasticache';
import { Template } from 'aws-cdk-lib/assertions';
import {
  CacheAuthentication,
  ReplicationGroupEngine,
  CacheUser,
  CacheUserGroup,
  CacheValidationError,
  UserEngine,
  ReplicationGroup,
  UserAuthentication,
  UserAuthenticationType,
} from '../../lib';
import { isolatedVpc, newStack, onlyResource } from '../helpers/stacks';

describe('imported users and user groups', () => {
  test('an imported IAM user joins a new group and can be granted elasticache:Connect', () => {
    const stack = newStack();
    const user = CacheUser.fromCacheUserAttributes(stack, 'Existing', {
      userId: 'app-iam',
      authenticationType: UserAuthenticationType.IAM,
    });
    expect(user.userName).toBe('app-iam');
    const users = new CacheUserGroup(stack, 'Users', { users: [user] });
    const cache = new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), authentication: CacheAuthentication.iam(users) });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantConnect(role, user);
    const template = Template.fromStack(stack);
    expect(onlyResource(template, 'AWS::ElastiCache::UserGroup').Properties.UserIds).toEqual([
      'app-iam',
      expect.stringMatching(/-default$/),
    ]);
    const policy = onlyResource(template, 'AWS::IAM::Policy').Properties.PolicyDocument as { Statement: { Resource: unknown[] }[] };
    expect(JSON.stringify(policy.Statement[0].Resource[1])).toContain(':user:app-iam');
  });

  test('an imported user defaults to a Valkey password user, which grantConnect rejects', () => {
    const stack = newStack();
    const user = CacheUser.fromCacheUserAttributes(stack, 'Existing', { userId: 'reporting' });
    expect([user.engine, user.authenticationType]).toEqual([UserEngine.VALKEY, UserAuthenticationType.PASSWORD]);
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Cache', { replicationGroupId: 'orders' });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => cache.grantConnect(role, user)).toThrow(CacheValidationError);
  });

  test('an imported group attaches to a cache by id; its engine must match', () => {
    const stack = newStack();
    const users = CacheUserGroup.fromCacheUserGroupAttributes(stack, 'Users', { userGroupId: 'shared-users' });
    new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), authentication: CacheAuthentication.rbac(users) });
    expect(onlyResource(Template.fromStack(stack), 'AWS::ElastiCache::ReplicationGroup').Properties.UserGroupIds).toEqual(['shared-users']);

    // A Valkey cache takes a redis user group too (the RBAC page); a Redis OSS cache takes only a redis one.
    const other = newStack();
    const redisUsers = CacheUserGroup.fromCacheUserGroupAttributes(other, 'Users', { userGroupId: 'r', engine: UserEngine.REDIS });
    expect(
      () => new ReplicationGroup(other, 'Cache', { vpc: isolatedVpc(other), authentication: CacheAuthentication.rbac(redisUsers) }),
    ).not.toThrow();
    const redis = newStack();
    const valkeyUsers = CacheUserGroup.fromCacheUserGroupAttributes(redis, 'Users', { userGroupId: 'v' });
    expect(
      () =>
        new ReplicationGroup(redis, 'Cache', {
          vpc: isolatedVpc(redis),
          engine: ReplicationGroupEngine.REDIS_7_1,
          authentication: CacheAuthentication.rbac(valkeyUsers),
        }),
    ).toThrow(
      /\[user-group-cache-engine\] the user group's engine 'valkey' cannot serve a redis cache: use a user group of engine 'redis'/,
    );
  });

  test('IAM mode checks the users of an imported group when they are given, and skips the check when not', () => {
    const unknown = newStack();
    const group = CacheUserGroup.fromCacheUserGroupAttributes(unknown, 'Users', { userGroupId: 'iam-users' });
    expect(
      () => new ReplicationGroup(unknown, 'Cache', { vpc: isolatedVpc(unknown), authentication: CacheAuthentication.iam(group) }),
    ).not.toThrow();

    const known = newStack();
    const passwordUser = CacheUser.fromCacheUserAttributes(known, 'U', { userId: 'app' });
    const withUsers = CacheUserGroup.fromCacheUserGroupAttributes(known, 'Users', { userGroupId: 'iam-users', users: [passwordUser] });
    expect(
      () => new ReplicationGroup(known, 'Cache', { vpc: isolatedVpc(known), authentication: CacheAuthentication.iam(withUsers) }),
    ).toThrow(/\[iam-user-required\]/);
  });

  test("users and groups are aws-cdk-lib's IUserRef / IUserGroupRef, referencing the L1 when created here", () => {
    const stack = newStack();
    const user: IUserRef = new CacheUser(stack, 'App', { userName: 'app', authentication: UserAuthentication.password() });
    const group: IUserGroupRef = new CacheUserGroup(stack, 'Users', { users: [user as CacheUser] });
    new CfnUserGroup(stack, 'L1Group', { engine: 'valkey', userGroupId: 'l1-group', userIds: [user.userRef.userName] });
    const template = Template.fromStack(stack);
    const l1 = Object.values(template.findResources('AWS::ElastiCache::UserGroup')).find((r) => r.Properties.UserGroupId === 'l1-group')!;
    expect(l1.Properties.UserIds).toEqual([{ Ref: stack.getLogicalId((user as CacheUser).node.defaultChild as never) }]);
    expect(stack.resolve(group.userGroupRef.userGroupArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Users/), 'Arn'] });
    const imported = CacheUserGroup.fromCacheUserGroupAttributes(stack, 'Imported', { userGroupId: 'shared' });
    expect(JSON.stringify(stack.resolve(imported.userGroupRef.userGroupArn))).toContain(':usergroup:shared');
  });
});
