import { Duration, RemovalPolicy, Size, Token, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnUserGroup } from 'aws-cdk-lib/aws-elasticache';
import {
  CacheAuthentication,
  CacheUser,
  CacheUserGroup,
  CacheValidationError,
  UserEngine,
  ServerlessCache,
  ServerlessCacheEngine,
  ServerlessCacheProps,
  ServerlessCacheEngineName,
  ServerlessCacheConnectionType,
  NetworkType,
  UserAuthentication,
} from '../../lib';
import { SERVERLESS_DEFAULTS } from '../../lib/serverless/config';
import { SERVERLESS_RULES } from '../../lib/serverless/validation-rules';
import { captureError } from '../helpers/errors';
import { isolatedVpc, newStack, onlyResource } from '../helpers/stacks';

const SERVERLESS = 'AWS::ElastiCache::ServerlessCache';

/** A stack with one ServerlessCache in an isolated VPC; `props` override the defaults. */
function serverlessStack(props: Partial<ServerlessCacheProps> = {}) {
  const stack = newStack();
  const vpc = isolatedVpc(stack);
  const cache = new ServerlessCache(stack, 'Serverless', { vpc, ...props });
  return { stack, vpc, cache };
}

/** `name-<first 8 hex digits of the stack id>`, as uniquePerDeploymentName renders it. */
const perDeployment = (name: string) => ({
  'Fn::Join': [
    '-',
    [name, { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] }],
  ],
});

describe('ServerlessCache defaults', () => {
  const { stack, cache } = serverlessStack();
  const template = Template.fromStack(stack);
  const resource = onlyResource(template, SERVERLESS);

  test('runs Valkey 8 under a lowercase name unique per deployment', () => {
    expect(resource.Properties).toMatchObject({ Engine: 'valkey', MajorEngineVersion: '8' });
    expect(resource.Properties.ServerlessCacheName).toEqual(perDeployment(expect.stringMatching(/^teststackserverless[0-9a-f]{8}$/)));
    expect(cache.engine).toBe(ServerlessCacheEngine.VALKEY_8);
  });

  test('encrypts at rest with a new rotating customer-managed key, kept for the final snapshot', () => {
    expect(resource.Properties.KmsKeyId).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(cache.encryptionKey.node.defaultChild as kms.CfnKey), 'Arn'],
    });
    const key = onlyResource(template, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  test('keeps daily snapshots 15 days and takes a final snapshot under a name unique per deployment', () => {
    expect(resource.Properties).toMatchObject({ SnapshotRetentionLimit: 15, DailySnapshotTime: '03:00' });
    expect(resource.Properties.FinalSnapshotName).toEqual(perDeployment(expect.stringMatching(/^teststack[a-z]*snapshot[0-9a-f]{8}$/)));
    // No DeletionPolicy Snapshot exists for serverless caches: the cache is deleted, the snapshot is the service's.
    expect(resource.DeletionPolicy).toBe('Delete');
    expect(cache.finalSnapshotName).toBeDefined();
  });

  test('authenticates with RBAC: a password user `app` (secret under the cache key) and a disabled default user', () => {
    const group = onlyResource(template, 'AWS::ElastiCache::UserGroup');
    expect(resource.Properties.UserGroupId).toEqual({ Ref: Object.keys(template.findResources('AWS::ElastiCache::UserGroup'))[0] });
    expect(group.Properties.UserIds).toHaveLength(2);
    template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', AccessString: 'off -@all' });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'app',
      AuthenticationMode: { Type: 'password', Passwords: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServerlessKey'), 'Arn'] },
    });
    expect(cache.appUser?.secret).toBeDefined();
  });

  test('has its own security group with no ingress; connections open the endpoint and reader ports', () => {
    const group = onlyResource(template, 'AWS::EC2::SecurityGroup');
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    expect(resource.Properties.SecurityGroupIds).toEqual([
      { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::EC2::SecurityGroup'))[0], 'GroupId'] },
    ]);
    expect(resource.Properties.SubnetIds).toHaveLength(2);
    expect(cache.connections.defaultPort?.toString()).toBe('6379-6380');
  });

  test('exposes the endpoints, name and ARN as attributes', () => {
    const id = stack.getLogicalId(cache.cfnServerlessCache);
    expect(stack.resolve(cache.endpoint.address)).toEqual({ 'Fn::GetAtt': [id, 'Endpoint.Address'] });
    expect(stack.resolve(cache.readerEndpoint.address)).toEqual({ 'Fn::GetAtt': [id, 'ReaderEndpoint.Address'] });
    expect(stack.resolve(cache.endpoint.port)).toEqual({ 'Fn::GetAtt': [id, 'Endpoint.Port'] });
    expect(stack.resolve(cache.serverlessCacheArn)).toEqual({ 'Fn::GetAtt': [id, 'ARN'] });
    expect(stack.resolve(cache.serverlessCacheRef.serverlessCacheName)).toEqual({ Ref: id });
  });

  test('metric() uses the one dimension serverless caches publish under: clusterId, the cache name', () => {
    const metric = cache.metric('ThrottledCmds', { statistic: 'Sum' });
    expect(metric.namespace).toBe('AWS/ElastiCache');
    // Not ServerlessCacheName, not CacheClusterId: either would graph nothing and leave alarms in INSUFFICIENT_DATA.
    expect(stack.resolve(metric.dimensions)).toEqual({ clusterId: { Ref: stack.getLogicalId(cache.cfnServerlessCache) } });
    expect(metric.statistic).toBe('Sum');
    expect(metric.period.toMinutes()).toBe(5);
  });

  test.each([
    ['metricCacheHitRate', 'CacheHitRate', 'Average'],
    ['metricElastiCacheProcessingUnits', 'ElastiCacheProcessingUnits', 'Sum'],
    ['metricBytesUsedForCache', 'BytesUsedForCache', 'Average'],
    ['metricSuccessfulReadRequestLatency', 'SuccessfulReadRequestLatency', 'Average'],
    ['metricSuccessfulWriteRequestLatency', 'SuccessfulWriteRequestLatency', 'Average'],
  ] as const)('%s: %s, %s over 5 minutes, dimension clusterId', (helper, metricName, statistic) => {
    const metric = cache[helper]();
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toMinutes()]).toEqual([
      'AWS/ElastiCache',
      metricName,
      statistic,
      5,
    ]);
    expect(stack.resolve(metric.dimensions)).toEqual({ clusterId: { Ref: stack.getLogicalId(cache.cfnServerlessCache) } });
  });

  test('an alarm on a helper watches clusterId in the template', () => {
    const alarmStack = newStack();
    const serverless = new ServerlessCache(alarmStack, 'Sessions', { vpc: isolatedVpc(alarmStack) });
    serverless.metricSuccessfulReadRequestLatency({ statistic: 'p99' }).createAlarm(alarmStack, 'ReadLatency', {
      threshold: 2000,
      evaluationPeriods: 3,
    });
    Template.fromStack(alarmStack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ElastiCache',
      MetricName: 'SuccessfulReadRequestLatency',
      ExtendedStatistic: 'p99',
      Dimensions: [{ Name: 'clusterId', Value: { Ref: alarmStack.getLogicalId(serverless.cfnServerlessCache) } }],
    });
  });

  test('raises no warning', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('template snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});

test('the defaults that would upgrade a live cache are frozen within a major version', () => {
  expect(SERVERLESS_DEFAULTS.engine).toBe(ServerlessCacheEngine.VALKEY_8);
  expect(SERVERLESS_DEFAULTS.removalPolicy).toBe(RemovalPolicy.SNAPSHOT);
  expect(SERVERLESS_DEFAULTS.backupRetention.toDays()).toBe(15);
});

describe('ServerlessCache options', () => {
  test('usage limits, backups, description, restore, and an IAM user group with grantConnect', () => {
    const stack = newStack();
    const iamUser = new CacheUser(stack, 'IamUser', { userName: 'app-iam', authentication: UserAuthentication.iam() });
    const users = new CacheUserGroup(stack, 'Users', { users: [iamUser] });
    const cache = new ServerlessCache(stack, 'Serverless', {
      vpc: isolatedVpc(stack),
      serverlessCacheName: 'orders',
      description: 'orders cache',
      cacheUsageLimits: {
        dataStorageMinimumSize: Size.gibibytes(1),
        dataStorageMaximumSize: Size.gibibytes(10),
        requestRateLimitMinimum: 1000,
        requestRateLimitMaximum: 100000,
      },
      backup: { retention: Duration.days(7), dailySnapshotTime: '22:30' },
      snapshotArnsToRestore: ['arn:aws:elasticache:eu-west-1:111111111111:serverlesssnapshot:seed'],
      authentication: CacheAuthentication.iam(users),
    });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantConnect(role, iamUser);
    const template = Template.fromStack(stack);
    expect(onlyResource(template, SERVERLESS).Properties).toMatchObject({
      ServerlessCacheName: 'orders',
      Description: 'orders cache',
      CacheUsageLimits: { DataStorage: { Unit: 'GB', Minimum: 1, Maximum: 10 }, ECPUPerSecond: { Minimum: 1000, Maximum: 100000 } },
      SnapshotRetentionLimit: 7,
      DailySnapshotTime: '22:30',
      SnapshotArnsToRestore: ['arn:aws:elasticache:eu-west-1:111111111111:serverlesssnapshot:seed'],
      UserGroupId: { Ref: stack.getLogicalId(users.node.defaultChild as CfnUserGroup) },
    });
    expect(cache.appUser).toBeUndefined();
    template.resourceCountIs('AWS::ElastiCache::UserGroup', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'elasticache:Connect',
            Resource: [{ 'Fn::GetAtt': [stack.getLogicalId(cache.cfnServerlessCache), 'ARN'] }, Match.anyValue()],
          }),
        ],
      },
    });
  });

  test('retained: keeps the cache, its security group and user group, and takes no final snapshot', () => {
    const { stack, cache } = serverlessStack({ removalPolicy: RemovalPolicy.RETAIN });
    const template = Template.fromStack(stack);
    const resource = onlyResource(template, SERVERLESS);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.Properties.FinalSnapshotName).toBeUndefined();
    expect(cache.finalSnapshotName).toBeUndefined();
    expect(onlyResource(template, 'AWS::EC2::SecurityGroup').DeletionPolicy).toBe('Retain');
    expect(onlyResource(template, 'AWS::ElastiCache::UserGroup').DeletionPolicy).toBe('Retain');
  });

  test('DESTROY deletes everything without a final snapshot; no backups means no snapshot time', () => {
    const { stack } = serverlessStack({ removalPolicy: RemovalPolicy.DESTROY, backup: { retention: Duration.days(0) } });
    const template = Template.fromStack(stack);
    const resource = onlyResource(template, SERVERLESS);
    expect(resource.Properties.FinalSnapshotName).toBeUndefined();
    expect(resource.Properties).toMatchObject({ SnapshotRetentionLimit: 0 });
    expect(resource.Properties.DailySnapshotTime).toBeUndefined();
    expect(onlyResource(template, 'AWS::KMS::Key').DeletionPolicy).toBe('Delete');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('Memcached has no users; Redis OSS users get the redis engine; a given key is used', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const key = new kms.Key(stack, 'MyKey');
    const memcached = new ServerlessCache(stack, 'Memcached', { vpc, engine: ServerlessCacheEngine.MEMCACHED_1_6, encryptionKey: key });
    new ServerlessCache(stack, 'Redis', { vpc, engine: ServerlessCacheEngine.REDIS_7 });
    const template = Template.fromStack(stack);
    const [memcachedCache] = Object.values(template.findResources(SERVERLESS, { Properties: { Engine: 'memcached' } }));
    expect(memcachedCache.Properties.UserGroupId).toBeUndefined();
    expect(memcachedCache.Properties.MajorEngineVersion).toBe('1.6');
    expect(memcachedCache.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] });
    expect(memcached.appUser).toBeUndefined();
    expect(memcached.connections.defaultPort?.toString()).toBe('11211-11212');
    template.resourceCountIs('AWS::ElastiCache::UserGroup', 1);
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', { Engine: 'redis' });
  });
});

const limits = (l: ServerlessCacheProps['cacheUsageLimits']): Partial<ServerlessCacheProps> => ({ cacheUsageLimits: l });

/** [rule id, test name, props, expected message]: every error rule has at least one failing input. */
const FAILING_INPUTS: [string, string, Partial<ServerlessCacheProps>, RegExp][] = [
  [
    'serverless-cache-name',
    'fails when the name starts with a digit',
    { serverlessCacheName: '1cache' },
    /serverlessCacheName '1cache' is invalid/,
  ],
  [
    'serverless-description',
    'fails when the description has angle brackets',
    { description: 'a <b>' },
    /without '<' or '>', got 5 characters with < or >/,
  ],
  [
    'serverless-description',
    'fails when the description is longer than 255 characters',
    { description: 'x'.repeat(256) },
    /at most 255 characters/,
  ],
  [
    'serverless-data-storage-range',
    'fails when the storage maximum is above 5000 GB',
    limits({ dataStorageMaximumSize: Size.tebibytes(5) }),
    /data storage must be whole GB from 1 to 5000, got dataStorageMaximumSize 5120 GB/,
  ],
  [
    'serverless-data-storage-range',
    'fails when the storage minimum is not whole GB',
    limits({ dataStorageMinimumSize: Size.mebibytes(512) }),
    /got dataStorageMinimumSize 0.5 GB/,
  ],
  [
    'serverless-data-storage-order',
    'fails when the storage minimum is above the maximum',
    limits({ dataStorageMinimumSize: Size.gibibytes(20), dataStorageMaximumSize: Size.gibibytes(10) }),
    /dataStorageMinimumSize \(20 GB\) is above dataStorageMaximumSize \(10 GB\)/,
  ],
  [
    'serverless-ecpu-range',
    'fails when the ECPU maximum is below 1000',
    limits({ requestRateLimitMaximum: 500 }),
    /got requestRateLimitMaximum 500/,
  ],
  [
    'serverless-ecpu-order',
    'fails when the ECPU minimum is above the maximum',
    limits({ requestRateLimitMinimum: 5000, requestRateLimitMaximum: 2000 }),
    /requestRateLimitMinimum \(5000\) is above requestRateLimitMaximum \(2000\)/,
  ],
  [
    'serverless-backup-retention-range',
    'fails when snapshots are kept 36 days',
    { backup: { retention: Duration.days(36) } },
    /whole days from 0 to 35, got 36/,
  ],
  [
    'serverless-snapshot-time-format',
    'fails on a snapshot window instead of a time',
    { backup: { dailySnapshotTime: '03:00-05:00' } },
    /'03:00-05:00' is invalid: expected 'hh24:mi'/,
  ],
  [
    'serverless-authentication',
    'fails with an AUTH token',
    { authentication: CacheAuthentication.authToken() },
    /has no AUTH token: use CacheAuthentication.rbac\(group\) or .iam\(group\)/,
  ],
  // Connection type and network type: more cases in connectivity.test.ts.
  ['serverless-vpc-required', 'fails without a VPC for a VPC endpoint', { vpc: undefined }, /vpc is required with connectionType 'vpc'/],
  [
    'serverless-public-network',
    'fails with a VPC for a public endpoint',
    { connectionType: ServerlessCacheConnectionType.PUBLIC, engine: ServerlessCacheEngine.VALKEY_9 },
    /connectionType 'public' has a public endpoint and no VPC endpoint: remove vpc \(allowed only with connectionType 'vpc'\)/,
  ],
  [
    'serverless-public-redis',
    'fails with a public endpoint on Redis OSS',
    { vpc: undefined, connectionType: ServerlessCacheConnectionType.PUBLIC, engine: ServerlessCacheEngine.REDIS_7 },
    /connectionType 'public' needs ElastiCache Serverless for valkey 9.0 or later, but engine is redis 7 \(Redis OSS has none\)/,
  ],
  [
    'serverless-public-memcached',
    'fails with a public endpoint on Memcached',
    { vpc: undefined, connectionType: ServerlessCacheConnectionType.PUBLIC, engine: ServerlessCacheEngine.MEMCACHED_1_6 },
    /but engine is memcached 1.6 \(Memcached has no IAM authentication\)/,
  ],
  [
    'serverless-public-valkey-version',
    'fails with a public endpoint on Valkey 8',
    { vpc: undefined, connectionType: ServerlessCacheConnectionType.PUBLIC, engine: ServerlessCacheEngine.VALKEY_8 },
    /needs ElastiCache Serverless for valkey 9.0 or later, but engine is valkey 8: use engine ServerlessCacheEngine.VALKEY_9/,
  ],
  [
    'serverless-public-iam-users',
    'fails with a public endpoint and RBAC (password) authentication',
    {
      vpc: undefined,
      connectionType: ServerlessCacheConnectionType.PUBLIC,
      engine: ServerlessCacheEngine.VALKEY_9,
      authentication: CacheAuthentication.rbac(CacheUserGroup.fromCacheUserGroupAttributes(newStack(), 'G', { userGroupId: 'orders' })),
    },
    /connectionType 'public' needs IAM authentication, but authentication mode is 'rbac'/,
  ],
  [
    'serverless-network-type-subnets',
    'fails with dual stack in IPv4-only subnets',
    { networkType: NetworkType.DUAL_STACK },
    /networkType 'dual_stack' does not fit the subnets .*: with these subnets use 'ipv4'/,
  ],
];

describe('ServerlessCache validation', () => {
  test.each(FAILING_INPUTS)('[%s] %s', (rule, _name, props, message) => {
    const error = captureError(() => serverlessStack(props));
    expect(error).toBeInstanceOf(CacheValidationError);
    expect(error.ruleIds).toContain(rule);
    expect(error.message).toMatch(message);
  });

  test('[serverless-authentication] fails with users on Memcached', () => {
    const stack = newStack();
    const users = new CacheUserGroup(stack, 'Users', { users: [new CacheUser(stack, 'U', { userName: 'app' })] });
    const error = captureError(
      () =>
        new ServerlessCache(stack, 'C', {
          vpc: isolatedVpc(stack),
          engine: ServerlessCacheEngine.MEMCACHED_1_6,
          authentication: CacheAuthentication.rbac(users),
        }),
    );
    expect(error.message).toMatch(/authentication is not possible for memcached 1.6: Memcached has no users/);
  });

  test('the replication group RBAC rules apply: a Redis OSS cache takes only a redis user group', () => {
    const stack = newStack();
    const users = new CacheUserGroup(stack, 'Users', { users: [new CacheUser(stack, 'U', { userName: 'app' })] });
    const error = captureError(
      () =>
        new ServerlessCache(stack, 'C', {
          vpc: isolatedVpc(stack),
          engine: ServerlessCacheEngine.REDIS_7,
          authentication: CacheAuthentication.rbac(users),
        }),
    );
    expect(error.ruleIds).toEqual(['user-group-cache-engine']);
  });

  test('a Valkey cache takes a Redis OSS user group (the RBAC page allows either engine)', () => {
    const stack = newStack();
    const users = new CacheUserGroup(stack, 'Users', {
      users: [new CacheUser(stack, 'U', { userName: 'app', engine: UserEngine.REDIS })],
      engine: UserEngine.REDIS,
    });
    expect(
      () => new ServerlessCache(stack, 'C', { vpc: isolatedVpc(stack), authentication: CacheAuthentication.rbac(users) }),
    ).not.toThrow();
  });

  test('every error rule has a failing-input test', () => {
    const tested = new Set(FAILING_INPUTS.map(([rule]) => rule));
    expect(SERVERLESS_RULES.filter((r) => r.severity === 'error' && !tested.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  test('accepts the edge values and skips tokens', () => {
    expect(() =>
      serverlessStack(
        limits({
          dataStorageMinimumSize: Size.gibibytes(1),
          dataStorageMaximumSize: Size.gibibytes(5000),
          requestRateLimitMinimum: 1000,
          requestRateLimitMaximum: 15_000_000,
        }),
      ),
    ).not.toThrow();
    expect(() =>
      serverlessStack({
        ...limits({ requestRateLimitMaximum: Token.asNumber({ Ref: 'Ecpu' }) }),
        serverlessCacheName: Token.asString({ Ref: 'Name' }),
      }),
    ).not.toThrow();
  });

  test('engines: unknown major versions are rejected, newer ones warn', () => {
    expect(() => ServerlessCacheEngine.of(ServerlessCacheEngineName.VALKEY, '6')).toThrow(
      '[serverless-engine-version-offered] ElastiCache Serverless does not offer valkey 6: use one of 7, 8, 9',
    );
    expect(() => ServerlessCacheEngine.of(ServerlessCacheEngineName.MEMCACHED, '1')).toThrow(
      "[serverless-engine-version-format] major engine version '1' is not valid for memcached: expected 'major.minor' such as '1.6'",
    );
    const { stack } = serverlessStack({ engine: ServerlessCacheEngine.of(ServerlessCacheEngineName.VALKEY, '10') });
    Annotations.fromStack(stack).hasWarning('/TestStack/Serverless', Match.stringLikeRegexp('valkey 10 is newer than every major version'));
  });
});

describe('ServerlessCache.fromServerlessCacheAttributes', () => {
  test('exposes the supplied attributes, the ARN, the ports from the engine and connections', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'CacheSg', { vpc });
    const client = new ec2.SecurityGroup(stack, 'ClientSg', { vpc });
    const cache = ServerlessCache.fromServerlessCacheAttributes(stack, 'Imported', {
      serverlessCacheName: 'orders',
      engine: ServerlessCacheEngine.VALKEY_8,
      securityGroups: [sg],
      endpointAddress: 'orders-abc.serverless.use1.cache.amazonaws.com',
      readerEndpointAddress: 'orders-abc.serverless.use1.cache.amazonaws.com',
    });
    cache.connections.allowDefaultPortFrom(client);
    expect(cache.endpoint.socketAddress).toBe('orders-abc.serverless.use1.cache.amazonaws.com:6379');
    expect(cache.readerEndpoint.port).toBe(6380);
    expect(stack.resolve(cache.serverlessCacheArn)).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':elasticache:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':serverlesscache:orders',
        ],
      ],
    });
    expect(stack.resolve(cache.metricCacheHitRate().dimensions)).toEqual({ clusterId: 'orders' });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6379, ToPort: 6380 });
  });

  test('throws a clear error for attributes that were not supplied', () => {
    const cache = ServerlessCache.fromServerlessCacheAttributes(newStack(), 'Imported', { serverlessCacheName: 'orders' });
    expect(() => cache.endpoint).toThrow(
      "imported serverless cache 'orders': missing attribute:\n  - [imported-endpoint-address] it has no endpointAddress: pass it to ServerlessCache.fromServerlessCacheAttributes()",
    );
    const withAddress = ServerlessCache.fromServerlessCacheAttributes(newStack(), 'I2', {
      serverlessCacheName: 'x',
      endpointAddress: 'x.example',
    });
    expect(() => withAddress.endpoint).toThrow(/has no port \(or engine\)/);
  });
});
