import { Stack, aws_ec2 as ec2, aws_lambda as lambda, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  AuthenticationMode,
  CacheUser,
  CacheUserGroup,
  CacheValidationError,
  ClusterMode,
  IMemcachedCluster,
  IReplicationGroup,
  IServerlessCache,
  MemcachedCluster,
  MemcachedClusterAttributes,
  ReplicationGroup,
  ReplicationGroupAttributes,
  ServerlessCache,
  ServerlessCacheAttributes,
  ServerlessCacheEngine,
  UserAuthentication,
  UserAuthenticationType,
} from '../../lib';
import { captureError } from '../helpers/errors';
import { isolatedVpc, newStack } from '../helpers/stacks';

/** A stack with an isolated VPC, the security group of an imported cache, and a function in the VPC. */
function setup() {
  const stack = newStack();
  const vpc = isolatedVpc(stack);
  const cacheSg = new ec2.SecurityGroup(stack, 'CacheSg', { vpc, allowAllOutbound: false });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  const variables = (): Record<string, unknown> =>
    Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)].Properties.Environment.Variables;
  return { stack, vpc, cacheSg, fn, variables };
}

/** The imported secret of a password or token, by name. */
const secretNamed = (stack: Stack, name: string) => secretsmanager.Secret.fromSecretNameV2(stack, name, name);

/** Every statement of every IAM policy in the stack. */
const statements = (stack: Stack): Record<string, unknown>[] =>
  Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties.PolicyDocument.Statement,
  );

describe('grantAccess on an imported replication group', () => {
  const base = (cacheSg: ec2.ISecurityGroup, vpc: ec2.IVpc): ReplicationGroupAttributes => ({
    replicationGroupId: 'orders',
    securityGroups: [cacheSg],
    vpc,
    port: 6380,
    clusterMode: ClusterMode.DISABLED,
    primaryEndpointAddress: 'master.orders.abc.use1.cache.amazonaws.com',
    readerEndpointAddress: 'replica.orders.abc.use1.cache.amazonaws.com',
  });

  test('AUTH token: the port opens, the token secret is read, the client gets the primary endpoint', () => {
    const { stack, vpc, cacheSg, fn, variables } = setup();
    const authTokenSecret = secretNamed(stack, 'orders-token');
    const cache: IReplicationGroup = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Orders', {
      ...base(cacheSg, vpc),
      authenticationMode: AuthenticationMode.AUTH_TOKEN,
      authTokenSecret,
    });
    const access = cache.grantAccess(fn);
    expect(variables()).toMatchObject({
      CACHE_ENDPOINT_KIND: 'single',
      CACHE_ADDRESS: 'master.orders.abc.use1.cache.amazonaws.com',
      CACHE_PORT: '6380',
      CACHE_TLS: 'true',
      CACHE_AUTH_MODE: 'auth-token',
      CACHE_SECRET_ARN: stack.resolve(authTokenSecret.secretArn),
    });
    expect(access.grant).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380,
      ToPort: 6380,
      GroupId: stack.resolve(cacheSg.securityGroupId),
    });
  });

  test('RBAC as an imported password user that carries its secret; read-only goes to the reader endpoint', () => {
    const { stack, vpc, cacheSg, fn, variables } = setup();
    const password = secretNamed(stack, 'orders-reader');
    const user = CacheUser.fromCacheUserAttributes(stack, 'Reader', { userId: 'orders-reader', secret: password });
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Orders', {
      ...base(cacheSg, vpc),
      authenticationMode: AuthenticationMode.RBAC,
      userGroup: CacheUserGroup.fromCacheUserGroupAttributes(stack, 'Users', { userGroupId: 'orders-users', users: [user] }),
    });
    cache.grantAccess(fn, { user, readOnly: true });
    expect(variables()).toMatchObject({
      CACHE_ADDRESS: 'replica.orders.abc.use1.cache.amazonaws.com',
      CACHE_READ_ONLY: 'true',
      CACHE_AUTH_MODE: 'rbac',
      CACHE_SECRET_ARN: stack.resolve(password.secretArn),
    });
    expect(statements(stack)).toContainEqual(
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] }),
    );
  });

  test('IAM in cluster mode: elasticache:Connect on the group and the user, the configuration endpoint, a token for the group', () => {
    const { stack, vpc, cacheSg, fn, variables } = setup();
    const user = CacheUser.fromCacheUserAttributes(stack, 'Iam', { userId: 'orders-app', authenticationType: UserAuthenticationType.IAM });
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Orders', {
      ...base(cacheSg, vpc),
      clusterMode: ClusterMode.ENABLED,
      configurationEndpointAddress: 'clustercfg.orders.abc.use1.cache.amazonaws.com',
      authenticationMode: AuthenticationMode.IAM,
    });
    cache.grantAccess(fn, { user });
    expect(variables()).toMatchObject({
      CACHE_ENDPOINT_KIND: 'cluster',
      CACHE_ADDRESS: 'clustercfg.orders.abc.use1.cache.amazonaws.com',
      CACHE_AUTH_MODE: 'iam',
      CACHE_USER_ID: 'orders-app',
      CACHE_CACHE_NAME: 'orders',
    });
    expect(statements(stack)).toContainEqual(
      expect.objectContaining({
        Action: 'elasticache:Connect',
        Resource: [stack.resolve(cache.replicationGroupArn), stack.resolve(user.userArn)],
      }),
    );
  });

  test('numShards > 1 implies cluster mode', () => {
    const { stack, vpc, cacheSg, fn, variables } = setup();
    const { clusterMode: _clusterMode, ...attrs } = base(cacheSg, vpc);
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Orders', {
      ...attrs,
      numShards: 3,
      configurationEndpointAddress: 'clustercfg.orders.abc.use1.cache.amazonaws.com',
      authenticationMode: AuthenticationMode.AUTH_TOKEN,
      authTokenSecret: secretNamed(stack, 'orders-token'),
    });
    cache.grantAccess(fn);
    expect(variables()).toMatchObject({ CACHE_ENDPOINT_KIND: 'cluster' });
  });
});

describe('grantAccess on an imported serverless cache', () => {
  const base = (cacheSg: ec2.ISecurityGroup, vpc: ec2.IVpc): ServerlessCacheAttributes => ({
    serverlessCacheName: 'sessions',
    engine: ServerlessCacheEngine.VALKEY_8,
    securityGroups: [cacheSg],
    vpc,
    endpointAddress: 'sessions-abc.serverless.use1.cache.amazonaws.com',
    readerEndpointAddress: 'sessions-abc.serverless.use1.cache.amazonaws.com',
  });

  test('RBAC: both ports open, the user secret is read, the cluster protocol on the engine port', () => {
    const { stack, vpc, cacheSg, fn, variables } = setup();
    const password = secretNamed(stack, 'sessions-app');
    const user = CacheUser.fromCacheUserAttributes(stack, 'App', { userId: 'sessions-app', userName: 'app', secret: password });
    const cache: IServerlessCache = ServerlessCache.fromServerlessCacheAttributes(stack, 'Sessions', {
      ...base(cacheSg, vpc),
      authenticationMode: AuthenticationMode.RBAC,
    });
    cache.grantAccess(fn, { user });
    expect(variables()).toMatchObject({
      CACHE_ENDPOINT_KIND: 'cluster',
      CACHE_PORT: '6379',
      CACHE_AUTH_MODE: 'rbac',
      CACHE_SECRET_ARN: stack.resolve(password.secretArn),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6379, ToPort: 6380 });
  });

  test('IAM: a token signed for the serverless cache, read-only on the next port', () => {
    const { stack, vpc, cacheSg, fn, variables } = setup();
    const user = CacheUser.fromCacheUserAttributes(stack, 'Iam', {
      userId: 'sessions-iam',
      authenticationType: UserAuthenticationType.IAM,
    });
    const cache = ServerlessCache.fromServerlessCacheAttributes(stack, 'Sessions', {
      ...base(cacheSg, vpc),
      authenticationMode: AuthenticationMode.IAM,
    });
    cache.grantAccess(fn, { user, readOnly: true });
    expect(variables()).toMatchObject({
      CACHE_PORT: '6380',
      CACHE_AUTH_MODE: 'iam',
      CACHE_USER_ID: 'sessions-iam',
      CACHE_CACHE_NAME: 'sessions',
      CACHE_SERVERLESS: 'true',
    });
    expect(statements(stack)).toContainEqual(expect.objectContaining({ Action: 'elasticache:Connect' }));
  });

  test('Memcached: no authentication mode needed, no credentials', () => {
    const { stack, vpc, cacheSg, fn, variables } = setup();
    const cache = ServerlessCache.fromServerlessCacheAttributes(stack, 'Sessions', {
      ...base(cacheSg, vpc),
      engine: ServerlessCacheEngine.MEMCACHED_1_6,
    });
    expect(cache.grantAccess(fn).grant).toBeUndefined();
    expect(variables()).toMatchObject({ CACHE_ENDPOINT_KIND: 'memcached', CACHE_PORT: '11211', CACHE_AUTH_MODE: 'none' });
  });
});

describe('grantAccess on an imported Memcached cluster', () => {
  test('the port opens and the client gets the configuration endpoint and TLS', () => {
    const { stack, vpc, cacheSg, fn, variables } = setup();
    const cache: IMemcachedCluster = MemcachedCluster.fromMemcachedClusterAttributes(stack, 'Pages', {
      clusterName: 'pages',
      securityGroups: [cacheSg],
      vpc,
      port: 11212,
      configurationEndpointAddress: 'pages.abc.cfg.use1.cache.amazonaws.com',
      transitEncryption: false,
    });
    expect(cache.grantAccess(fn).grant).toBeUndefined();
    expect(variables()).toMatchObject({
      CACHE_ENDPOINT_KIND: 'memcached',
      CACHE_ADDRESS: 'pages.abc.cfg.use1.cache.amazonaws.com',
      CACHE_PORT: '11212',
      CACHE_TLS: 'false',
      CACHE_AUTH_MODE: 'none',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 11212, ToPort: 11212 });
  });
});

/** A user with a password secret, for the modes that need one. */
const rbacUser = (stack: Stack) => CacheUser.fromCacheUserAttributes(stack, 'U', { userId: 'u', secret: secretNamed(stack, 'u') });

/** Attributes of each shape's import with which grantAccess works; each case below changes one. */
const COMPLETE = {
  'replication group': (stack: Stack, sg: ec2.ISecurityGroup): ReplicationGroupAttributes => ({
    replicationGroupId: 'orders',
    clusterMode: ClusterMode.DISABLED,
    authenticationMode: AuthenticationMode.AUTH_TOKEN,
    authTokenSecret: secretNamed(stack, 'orders-token'),
    port: 6380,
    securityGroups: [sg],
    primaryEndpointAddress: 'master.orders.abc.use1.cache.amazonaws.com',
  }),
  'serverless cache': (_stack: Stack, sg: ec2.ISecurityGroup): ServerlessCacheAttributes => ({
    serverlessCacheName: 'sessions',
    engine: ServerlessCacheEngine.VALKEY_8,
    authenticationMode: AuthenticationMode.RBAC,
    securityGroups: [sg],
    endpointAddress: 'sessions-abc.serverless.use1.cache.amazonaws.com',
  }),
  'Memcached cluster': (_stack: Stack, sg: ec2.ISecurityGroup): MemcachedClusterAttributes => ({
    clusterName: 'pages',
    transitEncryption: true,
    port: 11212,
    securityGroups: [sg],
    configurationEndpointAddress: 'pages.abc.cfg.use1.cache.amazonaws.com',
  }),
};
type Shape = keyof typeof COMPLETE;

/** grantAccess on an import of `shape` whose complete attributes get `change`. */
function grantOnImport(shape: Shape, change: object, readOnly = false) {
  const { stack, cacheSg, fn } = setup();
  const attrs = { ...COMPLETE[shape](stack, cacheSg), ...change };
  if (shape === 'replication group') {
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', attrs as ReplicationGroupAttributes);
    return cache.grantAccess(fn, { readOnly, user: (attrs as ReplicationGroupAttributes).authTokenSecret ? undefined : rbacUser(stack) });
  }
  if (shape === 'serverless cache') {
    return ServerlessCache.fromServerlessCacheAttributes(stack, 'Imported', attrs as ServerlessCacheAttributes).grantAccess(fn, {
      readOnly,
      user: rbacUser(stack),
    });
  }
  return MemcachedCluster.fromMemcachedClusterAttributes(stack, 'Imported', attrs as MemcachedClusterAttributes).grantAccess(fn);
}

const rbac = { authenticationMode: AuthenticationMode.RBAC, authTokenSecret: undefined };

/** [rule id, shape, what is missing, the change that leaves it out, read-only access]. */
const MISSING: [string, Shape, string, object, boolean][] = [
  ['imported-cluster-mode', 'replication group', 'clusterMode', { clusterMode: undefined }, false],
  ['imported-authentication-mode', 'replication group', 'authenticationMode', { authenticationMode: undefined }, false],
  ['imported-port', 'replication group', 'port', { port: undefined }, false],
  ['imported-security-groups', 'replication group', 'securityGroups', { securityGroups: undefined }, false],
  ['imported-primary-endpoint-address', 'replication group', 'primaryEndpointAddress', { primaryEndpointAddress: undefined }, false],
  ['imported-auth-token-secret', 'replication group', 'authTokenSecret (AUTH token)', { authTokenSecret: undefined }, false],
  // Cluster mode gives the configuration endpoint, read-only access the reader endpoint: these attributes have neither.
  [
    'imported-configuration-endpoint-address',
    'replication group',
    'the cluster-mode endpoint',
    { ...rbac, clusterMode: ClusterMode.ENABLED },
    false,
  ],
  ['imported-reader-endpoint-address', 'replication group', 'the reader endpoint', rbac, true],
  ['imported-engine', 'serverless cache', 'engine', { engine: undefined }, false],
  ['imported-authentication-mode', 'serverless cache', 'authenticationMode', { authenticationMode: undefined }, false],
  ['imported-security-groups', 'serverless cache', 'securityGroups', { securityGroups: undefined }, false],
  ['imported-endpoint-address', 'serverless cache', 'endpointAddress', { endpointAddress: undefined }, false],
  ['imported-reader-endpoint-address', 'serverless cache', 'the reader endpoint', {}, true],
  ['imported-transit-encryption', 'Memcached cluster', 'transitEncryption', { transitEncryption: undefined }, false],
  [
    'imported-configuration-endpoint-address',
    'Memcached cluster',
    'configurationEndpointAddress',
    { configurationEndpointAddress: undefined },
    false,
  ],
  ['imported-port', 'Memcached cluster', 'port', { port: undefined }, false],
  ['imported-security-groups', 'Memcached cluster', 'securityGroups', { securityGroups: undefined }, false],
];

describe('grantAccess on an import without what its mode needs fails at synth, naming the attribute', () => {
  test.each(MISSING)('[%s] an imported %s without %s', (ruleId, shape, _missing, change, readOnly) => {
    const error = captureError(() => grantOnImport(shape, change, readOnly));
    expect(error).toBeInstanceOf(CacheValidationError);
    expect(error.ruleIds).toEqual([ruleId]);
    expect(error.message).toMatch(
      /missing attribute:\n {2}- \[imported-[a-z-]+\] it has no \w+, which grantAccess needs: pass it to \w+\.from\w+Attributes\(\)/,
    );
  });

  test('every missing attribute is reported at once', () => {
    const { stack, fn } = setup();
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', { replicationGroupId: 'orders' });
    expect(captureError(() => cache.grantAccess(fn)).ruleIds).toEqual([
      'imported-cluster-mode',
      'imported-authentication-mode',
      'imported-port',
      'imported-security-groups',
    ]);
  });

  test('an imported password user without its secret cannot be a grantAccess user', () => {
    const { stack, cacheSg, fn } = setup();
    const cache = ServerlessCache.fromServerlessCacheAttributes(stack, 'Sessions', COMPLETE['serverless cache'](stack, cacheSg));
    const user = CacheUser.fromCacheUserAttributes(stack, 'App', { userId: 'sessions-app' });
    expect(() => cache.grantAccess(fn, { user })).toThrow(
      /\[grant-access-user-secret\] user 'sessions-app' has no password secret: .* pass the secret of an imported user to CacheUser.fromCacheUserAttributes\(\)/,
    );
  });

  test('an empty list of security groups says the network is opened elsewhere', () => {
    const { stack, fn } = setup();
    const cache = MemcachedCluster.fromMemcachedClusterAttributes(stack, 'Pages', {
      clusterName: 'pages',
      transitEncryption: true,
      port: 11212,
      securityGroups: [],
      configurationEndpointAddress: 'pages.abc.cfg.use1.cache.amazonaws.com',
    });
    expect(() => cache.grantAccess(fn)).not.toThrow();
    Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });
});

test('a created password user is a grantAccess user of an imported group too', () => {
  const { stack, vpc, cacheSg, fn } = setup();
  const user = new CacheUser(stack, 'User', { userName: 'orders-app', authentication: UserAuthentication.password() });
  const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Orders', {
    replicationGroupId: 'orders',
    securityGroups: [cacheSg],
    vpc,
    port: 6380,
    clusterMode: ClusterMode.DISABLED,
    primaryEndpointAddress: 'master.orders.abc.use1.cache.amazonaws.com',
    authenticationMode: AuthenticationMode.RBAC,
  });
  cache.grantAccess(fn, { user });
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: stack.resolve(user.secret!.secretArn) })]) },
  });
});

describe('an import whose id is given in upper case uses the lower-case id ElastiCache stores, everywhere', () => {
  test('replication group: the id, its ARN (grants), member ids (metric dimensions) and the IAM token cache name', () => {
    const { stack, cacheSg, fn, variables } = setup();
    const users = CacheUserGroup.fromCacheUserGroupAttributes(stack, 'Users', { userGroupId: 'orders-users' });
    const orders = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Orders', {
      replicationGroupId: 'Orders-Prod',
      clusterMode: ClusterMode.DISABLED,
      authenticationMode: AuthenticationMode.IAM,
      userGroup: users,
      primaryEndpointAddress: 'master.orders-prod.abc123.use1.cache.amazonaws.com',
      port: 6380,
      securityGroups: [cacheSg],
      replicasPerShard: 1,
    });
    expect(orders.replicationGroupId).toBe('orders-prod');
    expect(orders.memberClusterIds).toEqual(['orders-prod-001', 'orders-prod-002']);
    const user = CacheUser.fromCacheUserAttributes(stack, 'App', { userId: 'app', authenticationType: UserAuthenticationType.IAM });
    orders.grant(fn, 'elasticache:DescribeReplicationGroups');
    orders.grantAccess(fn, { user });
    const resources = JSON.stringify(statements(stack).map((s) => s.Resource));
    expect(resources).toContain(':replicationgroup:orders-prod');
    expect(resources).not.toContain('Orders-Prod');
    expect(variables()).toMatchObject({ CACHE_CACHE_NAME: 'orders-prod' });
    const dims = (orders.metricPerNode('EngineCPUUtilization') as { dimensions?: Record<string, unknown> }[]).map((m) => m.dimensions);
    expect(dims).toEqual([{ CacheClusterId: 'orders-prod-001' }, { CacheClusterId: 'orders-prod-002' }]);
  });

  test('explicit member ids, a Memcached cluster and a serverless cache too', () => {
    const { stack } = setup();
    const resharded = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Resharded', {
      replicationGroupId: 'Orders',
      memberClusterIds: ['Orders-0001-001', 'Orders-0004-001'],
    });
    expect(resharded.memberClusterIds).toEqual(['orders-0001-001', 'orders-0004-001']);
    const memcached = MemcachedCluster.fromMemcachedClusterAttributes(stack, 'Memcached', { clusterName: 'Sessions' });
    expect(memcached.clusterName).toBe('sessions');
    expect(stack.resolve(memcached.clusterArn)).toEqual(
      expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([':cluster:sessions'])] }),
    );
    const serverless = ServerlessCache.fromServerlessCacheAttributes(stack, 'Serverless', { serverlessCacheName: 'Carts' });
    expect(serverless.serverlessCacheName).toBe('carts');
    expect(JSON.stringify(stack.resolve(serverless.serverlessCacheArn))).toContain(':serverlesscache:carts');
  });
});
