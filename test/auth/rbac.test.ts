import { App, RemovalPolicies, RemovalPolicy, Stack, aws_lambda as lambda } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AccessString,
  AuthenticationMode,
  CacheAuthentication,
  ReplicationGroupEngine,
  ReplicationGroupEngineName,
  CacheUser,
  CacheUserGroup,
  UserEngine,
  ReplicationGroup,
  UserAuthentication,
} from '../../lib';
import { isolatedVpc, newStack, onlyResource } from '../helpers/stacks';

function rbacStack() {
  const stack = newStack();
  const vpc = isolatedVpc(stack);
  const app = new CacheUser(stack, 'AppUser', { userName: 'app', accessString: AccessString.readWrite('app:*') });
  const reader = new CacheUser(stack, 'Reader', { userName: 'reporting', accessString: AccessString.readOnly() });
  const group = new CacheUserGroup(stack, 'Users', { users: [app, reader], userGroupId: 'app-users' });
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, authentication: CacheAuthentication.rbac(group) });
  return { stack, app, group, cache, template: Template.fromStack(stack) };
}

describe('RBAC authentication', () => {
  const { stack, app, group, cache, template } = rbacStack();

  test('attaches the user group instead of an AUTH token', () => {
    const rg = onlyResource(template, 'AWS::ElastiCache::ReplicationGroup');
    expect(rg.Properties.UserGroupIds).toEqual([{ Ref: stack.getLogicalId(group.node.defaultChild as never) }]);
    expect(rg.Properties.AuthToken).toBeUndefined();
    expect(cache.authenticationMode).toBe(AuthenticationMode.RBAC);
    expect(cache.authTokenSecret).toBeUndefined();
  });

  test('users have passwords only as Secrets Manager dynamic references', () => {
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserId: stack.resolve(app.userId),
      UserName: 'app',
      Engine: 'valkey',
      AccessString: AccessString.readWrite('app:*').value,
      AuthenticationMode: {
        Type: 'password',
        Passwords: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.anyValue() }, ':SecretString:password::}}']] }],
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: '{"username":"app"}',
        GenerateStringKey: 'password',
        PasswordLength: 64,
        ExcludePunctuation: true,
      },
    });
    expect(app.secret).toBeDefined();
  });

  test('adds a disabled default user to the group, with a password: a valkey group takes no user without one', () => {
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'default',
      UserId: 'app-users-default',
      AccessString: 'off -@all',
      AuthenticationMode: {
        Type: 'password',
        Passwords: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.anyValue() }, ':SecretString:password::}}']] }],
      },
    });
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', {
      UserGroupId: 'app-users',
      Engine: 'valkey',
      UserIds: [stack.resolve(app.userId), Match.stringLikeRegexp('^reporting-[0-9a-f]{12}$'), 'app-users-default'],
    });
  });

  test('no warning about switching from a token: synth cannot know, the reviewer reports it (auth-switch.test.ts)', () => {
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Cache', Match.stringLikeRegexp('user-group-replaces-token-cache'));
  });

  test('no plaintext password anywhere in the template', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/"Passwords":\["[^{]/);
    expect(text).not.toMatch(/"AuthToken":"/);
  });
});

describe('RBAC validation', () => {
  test('fails when the user group has no default user and none may be added', () => {
    const stack = newStack();
    const app = new CacheUser(stack, 'App', { userName: 'app' });
    expect(() => new CacheUserGroup(stack, 'G', { users: [app], addDisabledDefaultUser: false })).toThrow(
      /users must include a user named 'default'/,
    );
  });

  test('fails when a redis user group holds a valkey user', () => {
    const stack = newStack();
    const app = new CacheUser(stack, 'App', { userName: 'app', engine: UserEngine.VALKEY });
    expect(() => new CacheUserGroup(stack, 'G', { users: [app], engine: UserEngine.REDIS })).toThrow(
      /\[user-group-engine\] a 'redis' user group takes users of the engines redis, but these are not: app \(valkey\)/,
    );
  });

  test('a valkey user group takes redis users that authenticate (RBAC limitations; open-constructs #69)', () => {
    const stack = newStack();
    const app = new CacheUser(stack, 'App', { userName: 'app', engine: UserEngine.REDIS });
    const group = new CacheUserGroup(stack, 'G', { users: [app] });
    expect(group.users).toContain(app);
  });

  test('fails when a valkey user group holds a user without a password', () => {
    const stack = newStack();
    const open = new CacheUser(stack, 'Open', {
      userName: 'open',
      engine: UserEngine.REDIS,
      authentication: UserAuthentication.noPassword(),
    });
    expect(() => new CacheUserGroup(stack, 'G', { users: [open] })).toThrow(
      /\[user-group-valkey-no-password\] a 'valkey' user group takes only users that authenticate \(password or IAM\), but these need no password: open/,
    );
  });

  test('fails when the group engine differs from the cache engine', () => {
    const stack = newStack();
    const group = new CacheUserGroup(stack, 'G', { users: [new CacheUser(stack, 'App', { userName: 'app' })] });
    expect(
      () =>
        new ReplicationGroup(stack, 'Cache', {
          vpc: isolatedVpc(stack),
          engine: ReplicationGroupEngine.REDIS_7_1,
          authentication: CacheAuthentication.rbac(group),
        }),
    ).toThrow(/the user group's engine 'valkey' cannot serve a redis cache: use a user group of engine 'redis'/);
  });

  test('fails when RBAC runs on Redis OSS 5', () => {
    const stack = newStack();
    const user = new CacheUser(stack, 'App', { userName: 'app', engine: UserEngine.REDIS });
    const group = new CacheUserGroup(stack, 'G', { users: [user], engine: UserEngine.REDIS });
    expect(
      () =>
        new ReplicationGroup(stack, 'Cache', {
          vpc: isolatedVpc(stack),
          engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.6'),
          cacheNodeType: 'cache.r6g.large', // r7g needs Redis OSS 6.2 (node-type-engine)
          authentication: CacheAuthentication.rbac(group),
        }),
    ).toThrow(/RBAC needs Valkey or Redis OSS 6.0\+, but engine is redis 5.0.6/);
  });

  test.each([
    ['1app', /userId '1app' is invalid/],
    ['app-', /userId 'app-' is invalid/],
    ['a--b', /userId 'a--b' is invalid/],
    ['x'.repeat(41), /is invalid: use 1-40/],
    ['default', /userId 'default' is taken by the ElastiCache built-in default user/],
  ])('fails when the user id is %s', (userId, message) => {
    expect(() => new CacheUser(newStack(), 'U', { userName: 'app', userId })).toThrow(message);
  });

  test('fails when the user name has spaces', () => {
    expect(() => new CacheUser(newStack(), 'U', { userName: 'my app', userId: 'app' })).toThrow(/userName 'my app' is invalid/);
  });

  test('fails when userGroupId is invalid', () => {
    const stack = newStack();
    expect(() => new CacheUserGroup(stack, 'G', { users: [], userGroupId: 'bad--id' })).toThrow(/userGroupId 'bad--id' is invalid/);
  });

  test('fails when two users share a user id', () => {
    const stack = newStack();
    const a = new CacheUser(stack, 'A', { userName: 'app', userId: 'app' });
    const b = new CacheUser(stack, 'B', { userName: 'App', userId: 'app' });
    expect(() => new CacheUserGroup(stack, 'G', { users: [a, b] })).toThrow(/userIds must be unique in a group, repeated: app/);
  });

  test('a generated user id is unique per stack, readable, and within the 40-character limit', () => {
    const ids = ['One', 'Two'].map((name) => {
      const stack = new Stack(new App(), name);
      return stack.resolve(new CacheUser(stack, 'App', { userName: 'Reporting_Service#1.for-the-finance-department' }).userId);
    });
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) expect(id).toMatch(/^reporting-service-1-for-the-[0-9a-f]{12}$/);
    const stack = newStack();
    const iam = new CacheUser(stack, 'Iam', { userName: 'app-iam', authentication: UserAuthentication.iam() });
    expect([stack.resolve(iam.userId), stack.resolve(iam.userName)]).toEqual(['app-iam', 'app-iam']);
  });

  test('access strings reject passwords and empty values', () => {
    expect(() => AccessString.of('on >secret ~* +@all')).toThrow(/must not contain passwords/);
    expect(() => AccessString.of('  ')).toThrow(/accessString must not be empty/);
    expect(() => AccessString.readOnly('a b')).toThrow(/key pattern 'a b' must be a non-empty glob/);
    expect(AccessString.of('on ~app:* +get').value).toBe('on ~app:* +get');
    expect(AccessString.fullAccess().value).toBe('on ~* &* +@all');
  });

  test('a user group with a user named default keeps it and adds none', () => {
    const stack = newStack();
    const def = new CacheUser(stack, 'Def', {
      userName: 'default',
      userId: 'my-default',
      engine: UserEngine.REDIS,
      authentication: UserAuthentication.noPassword(),
      accessString: AccessString.disabled(),
    });
    const group = new CacheUserGroup(stack, 'G', { users: [def], engine: UserEngine.REDIS });
    expect(group.users).toEqual([def]);
  });
});

describe('retained users and user groups get ids of their deployment (issue 18 §4)', () => {
  const STACK_ID_PART = {
    'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }],
  };
  /** An RBAC cache with a generated user and group, under `removalPolicy`; the users and group as the template has them. */
  function rbacCache(removalPolicy: RemovalPolicy, iam = false) {
    const stack = newStack();
    const app = new CacheUser(stack, 'AppUser', { userName: 'app', ...(iam ? { authentication: UserAuthentication.iam() } : {}) });
    const fixed = new CacheUser(stack, 'Fixed', { userName: 'fixed', userId: 'fixed-user' });
    const group = new CacheUserGroup(stack, 'Users', { users: [app, fixed] });
    const vpc = isolatedVpc(stack);
    const fn = new lambda.Function(stack, 'Fn', {
      vpc,
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    const cache = new ReplicationGroup(stack, 'Cache', {
      vpc,
      removalPolicy,
      authentication: iam ? CacheAuthentication.iam(group) : CacheAuthentication.rbac(group),
    });
    if (iam) cache.grantAccess(fn, { user: app });
    const template = Template.fromStack(stack);
    const users = Object.values(template.findResources('AWS::ElastiCache::User')).map((u) => u.Properties as Record<string, unknown>);
    const byName = (name: string) => users.find((u) => JSON.stringify(u.UserName).includes(name))!;
    return {
      template,
      app: byName('app'),
      fixed: byName('fixed'),
      defaultUser: byName('default'),
      group: onlyResource(template, 'AWS::ElastiCache::UserGroup'),
    };
  }

  test('retained: generated user, default user and group ids end in 8 characters of the stack id', () => {
    const { app, defaultUser, group } = rbacCache(RemovalPolicy.RETAIN);
    expect(app.UserId).toEqual({ 'Fn::Join': ['-', [expect.stringMatching(/^app-[0-9a-f]{12}$/), STACK_ID_PART]] });
    expect(defaultUser.UserId).toEqual({ 'Fn::Join': ['-', [expect.stringMatching(/^ug-[0-9a-f]{12}$/), STACK_ID_PART, 'default']] });
    expect(group.Properties.UserGroupId).toEqual({ 'Fn::Join': ['-', [expect.stringMatching(/^ug-[0-9a-f]{12}$/), STACK_ID_PART]] });
    // The group lists the same ids.
    expect(group.Properties.UserIds).toEqual(expect.arrayContaining([app.UserId, defaultUser.UserId]));
  });

  test('retained: a given user id stays as given', () => {
    expect(rbacCache(RemovalPolicy.RETAIN).fixed.UserId).toBe('fixed-user');
  });

  test.each([RemovalPolicy.SNAPSHOT, RemovalPolicy.DESTROY])(
    '%s: the ids stay as they were (a new id would replace the user)',
    (policy) => {
      const { app, defaultUser, group } = rbacCache(policy);
      expect(app.UserId).toMatch(/^app-[0-9a-f]{12}$/);
      expect(group.Properties.UserGroupId).toMatch(/^ug-[0-9a-f]{12}$/);
      expect(defaultUser.UserId).toBe(`${group.Properties.UserGroupId as string}-default`);
    },
  );

  test('retained IAM user: its name follows its id, and the grantee reads it from CACHE_USER_ID', () => {
    const { template, app } = rbacCache(RemovalPolicy.RETAIN, true);
    expect(app.UserId).toEqual({ 'Fn::Join': ['-', ['app', STACK_ID_PART]] });
    expect(app.UserName).toEqual(app.UserId);
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    expect(fn.Properties.Environment.Variables.CACHE_USER_ID).toEqual(app.UserId);
  });

  test('a retention applied after construction (RemovalPolicies aspect) counts too', () => {
    const stack = newStack();
    new CacheUser(stack, 'App', { userName: 'app' });
    RemovalPolicies.of(stack).retain();
    const user = onlyResource(Template.fromStack(stack), 'AWS::ElastiCache::User');
    expect(user.Properties.UserId).toEqual({ 'Fn::Join': ['-', [expect.stringMatching(/^app-[0-9a-f]{12}$/), STACK_ID_PART]] });
  });
});
