import { aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AuthenticationMode,
  CacheAuthentication,
  ReplicationGroupEngine,
  CacheUser,
  CacheUserGroup,
  UserEngine,
  ReplicationGroup,
  UserAuthentication,
} from '../../lib';
import { isolatedVpc, newStack } from '../helpers/stacks';

function iamStack() {
  const stack = newStack();
  const vpc = isolatedVpc(stack);
  const user = new CacheUser(stack, 'AppUser', { userName: 'app-iam', authentication: UserAuthentication.iam() });
  const group = new CacheUserGroup(stack, 'Users', { users: [user], userGroupId: 'iam-users' });
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, authentication: CacheAuthentication.iam(group) });
  const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return { stack, user, cache, role };
}

describe('IAM authentication', () => {
  test('grantConnect allows elasticache:Connect on the replication group and the user only', () => {
    const { stack, user, cache, role } = iamStack();
    cache.grantConnect(role, user);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'elasticache:Connect',
            Effect: 'Allow',
            Resource: [stack.resolve(cache.replicationGroupArn), stack.resolve(user.userArn)],
          },
        ],
      },
    });
    expect(stack.resolve(user.userArn)).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':user:app-iam'],
      ],
    });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserId: 'app-iam',
      UserName: 'app-iam',
      AuthenticationMode: { Type: 'iam' },
    });
    expect(cache.authenticationMode).toBe(AuthenticationMode.IAM);
  });

  test('grantConnect works on an imported cache whose id is known', () => {
    const { stack, user, role } = iamStack();
    const imported = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', { replicationGroupId: 'orders' });
    imported.grantConnect(role, user);
    const statements = Template.fromStack(stack).toJSON().Resources;
    const policy = Object.values(
      statements as Record<string, { Type: string; Properties: { PolicyDocument: { Statement: { Resource: unknown[] }[] } } }>,
    ).find((r) => r.Type === 'AWS::IAM::Policy')!;
    expect(JSON.stringify(policy.Properties.PolicyDocument.Statement[0].Resource[0])).toContain(':replicationgroup:orders');
  });

  test('fails when grantConnect is given a password user', () => {
    const { stack, cache, role } = iamStack();
    const pwUser = new CacheUser(stack, 'Pw', { userName: 'pw' });
    expect(() => cache.grantConnect(role, pwUser)).toThrow(
      /grantConnect needs an IAM-enabled user, but 'pw' authenticates with 'password'/,
    );
  });

  test('fails when IAM auth has no IAM-enabled user', () => {
    const stack = newStack();
    const group = new CacheUserGroup(stack, 'Users', { users: [new CacheUser(stack, 'Pw', { userName: 'pw' })] });
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), authentication: CacheAuthentication.iam(group) })).toThrow(
      /IAM authentication needs a user group with at least one user created with UserAuthentication.iam\(\)/,
    );
  });

  test('fails when IAM auth runs on Redis OSS 6.2', () => {
    const stack = newStack();
    const user = new CacheUser(stack, 'U', { userName: 'app', engine: UserEngine.REDIS, authentication: UserAuthentication.iam() });
    const group = new CacheUserGroup(stack, 'Users', { users: [user], engine: UserEngine.REDIS });
    expect(
      () =>
        new ReplicationGroup(stack, 'Cache', {
          vpc: isolatedVpc(stack),
          engine: ReplicationGroupEngine.REDIS_6_2,
          authentication: CacheAuthentication.iam(group),
        }),
    ).toThrow(/IAM authentication needs Valkey 7.2\+ or Redis OSS 7.0\+, but engine is redis 6.2/);
  });

  test.each([
    [{ userName: 'App', userId: 'App' }, /IAM users need a lowercase userName, got 'App'/],
    [{ userName: 'app', userId: 'app-id' }, /IAM users need userId equal to userName, got userId 'app-id' and userName 'app'/],
  ])('fails when an IAM user breaks the id rules: %o', (names, message) => {
    expect(() => new CacheUser(newStack(), 'U', { ...names, authentication: UserAuthentication.iam() })).toThrow(message);
  });

  test('IAM needs TLS, which every replication group of this library has', () => {
    const { stack } = iamStack();
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { TransitEncryptionEnabled: true });
  });
});
