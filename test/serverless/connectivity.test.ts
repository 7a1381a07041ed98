/**
 * A serverless cache's connection type (VPC endpoint or public endpoint, Valkey 9.0+) and network type, and how
 * `grantAccess` reaches each. The failing input of every rule id is in serverless-cache.test.ts (FAILING_INPUTS); the
 * cases here show the rest of each rule and what a valid cache synthesizes.
 */
import { App, Stack, aws_ec2 as ec2, aws_iam as iam, aws_lambda as lambda } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AuthenticationMode,
  CacheAuthentication,
  CacheUser,
  CacheUserGroup,
  NetworkType,
  ServerlessCache,
  ServerlessCacheConnectionType,
  ServerlessCacheEngine,
  ServerlessCacheProps,
  UserAuthentication,
  UserAuthenticationType,
} from '../../lib';
import { REPLACEMENT_FACTS } from '../../lib/facts/replacement';
import { resolveResourceChanges } from '../../packages/cli/src/review/resolved-diff';
import { captureError } from '../helpers/errors';
import { isolatedVpc, newStack, onlyResource } from '../helpers/stacks';
import { synthValidationReport } from '../helpers/validation-report';

const SERVERLESS = 'AWS::ElastiCache::ServerlessCache';
const PUBLIC = ServerlessCacheConnectionType.PUBLIC;

/** A Valkey 9 cache with a public endpoint (no VPC); `props` override. */
function publicCache(stack: Stack = newStack(), props: Partial<ServerlessCacheProps> = {}) {
  const cache = new ServerlessCache(stack, 'Public', { connectionType: PUBLIC, engine: ServerlessCacheEngine.VALKEY_9, ...props });
  return { stack, cache };
}

/** A VPC whose isolated subnets have IPv4 and IPv6 addresses. */
const dualStackVpc = (stack: Stack) =>
  new ec2.Vpc(stack, 'DualStack', {
    natGateways: 0,
    maxAzs: 2,
    ipProtocol: ec2.IpProtocol.DUAL_STACK,
    subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });

/** A Lambda function outside any VPC. */
const functionOutsideVpc = (stack: Stack, id = 'Fn') =>
  new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });

describe('a serverless cache with a public endpoint', () => {
  const { stack, cache } = publicCache();
  const template = Template.fromStack(stack);
  const resource = onlyResource(template, SERVERLESS);

  test('asks for ConnectionType public, and has no subnets, security groups or VPC', () => {
    expect(resource.Properties).toMatchObject({ ConnectionType: 'public', Engine: 'valkey', MajorEngineVersion: '9' });
    expect(resource.Properties.SubnetIds).toBeUndefined();
    expect(resource.Properties.SecurityGroupIds).toBeUndefined();
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    expect(cache.vpc).toBeUndefined();
    expect(cache.connectionType).toBe(PUBLIC);
    expect(cache.connections.securityGroups).toEqual([]);
  });

  test("authenticates by default with ElastiCache's own IAM user group, and makes no user or password", () => {
    expect(resource.Properties.UserGroupId).toBe('default.iam-user-group');
    template.resourceCountIs('AWS::ElastiCache::User', 0);
    template.resourceCountIs('AWS::ElastiCache::UserGroup', 0);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(cache.appUser).toBeUndefined();
  });

  test('keeps its customer-managed key and snapshots', () => {
    expect(resource.Properties).toMatchObject({
      SnapshotRetentionLimit: 15,
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^PublicKey/), 'Arn'] },
    });
  });

  test('synthesizes with zero findings under strict CloudFormation validation', () => {
    const { error, findings } = synthValidationReport((outdir) => {
      const app = new App({ context: { '@aws-cdk/core:strictCfnValidateErrors': true }, outdir });
      const strict = new Stack(app, 'PublicCache');
      const { cache: strictCache } = publicCache(strict);
      strictCache.grantAccess(functionOutsideVpc(strict));
      return app;
    }, true);
    expect(findings).toEqual([]);
    expect(error).toBeUndefined();
  });
});

describe('grantAccess to a public cache: an IAM principal, no network', () => {
  test('a Lambda function outside any VPC gets elasticache:Connect as default.iam-user and the variables; no port opens', () => {
    const { stack, cache } = publicCache();
    const fn = functionOutsideVpc(stack);
    const access = cache.grantAccess(fn);
    const template = Template.fromStack(stack);
    const cacheId = stack.getLogicalId(cache.cfnServerlessCache);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'elasticache:Connect',
            Resource: [
              { 'Fn::GetAtt': [cacheId, 'ARN'] },
              {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':elasticache:',
                    { Ref: 'AWS::Region' },
                    ':',
                    { Ref: 'AWS::AccountId' },
                    ':user:default.iam-user',
                  ],
                ],
              },
            ],
          },
        ],
      },
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(stack.resolve(access.environment)).toEqual({
      CACHE_ENDPOINT_KIND: 'cluster',
      CACHE_ADDRESS: { 'Fn::GetAtt': [cacheId, 'Endpoint.Address'] },
      CACHE_PORT: { 'Fn::GetAtt': [cacheId, 'Endpoint.Port'] },
      CACHE_TLS: 'true',
      CACHE_READ_ONLY: 'false',
      CACHE_AUTH_MODE: 'iam',
      CACHE_USER_ID: 'default.iam-user',
      CACHE_CACHE_NAME: { Ref: cacheId },
      CACHE_SERVERLESS: 'true',
      CACHE_REGION: { Ref: 'AWS::Region' },
    });
    expect(stack.resolve((fn.node.defaultChild as lambda.CfnFunction).environment)).toMatchObject({
      variables: { CACHE_AUTH_MODE: 'iam', CACHE_USER_ID: 'default.iam-user' },
    });
  });

  test('a role (an IAM principal alone) gets the grant and the variables to put in its compute', () => {
    const { stack, cache } = publicCache();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const access = cache.grantAccess(role, { environmentPrefix: 'SESSIONS' });
    expect(access.grant?.success).toBe(true);
    expect(Object.keys(access.environment)).toContain('SESSIONS_USER_ID');
  });

  test('a cache of your own IAM users: grantAccess connects as the one you name', () => {
    const stack = newStack();
    const appUser = CacheUser.fromCacheUserAttributes(stack, 'AppUser', {
      userId: 'orders-app',
      authenticationType: UserAuthenticationType.IAM,
    });
    const users = CacheUserGroup.fromCacheUserGroupAttributes(stack, 'Users', { userGroupId: 'orders-iam', users: [appUser] });
    const { cache } = publicCache(stack, { authentication: CacheAuthentication.iam(users) });
    const access = cache.grantAccess(functionOutsideVpc(stack), { user: appUser });
    expect(access.environment.CACHE_USER_ID).toBe('orders-app');
    expect(onlyResource(Template.fromStack(stack), SERVERLESS).Properties.UserGroupId).toBe('orders-iam');
  });

  test('[serverless-public-iam-users] an imported public cache said to use RBAC is refused', () => {
    const stack = newStack();
    const cache = ServerlessCache.fromServerlessCacheAttributes(stack, 'Imported', {
      serverlessCacheName: 'sessions',
      engine: ServerlessCacheEngine.VALKEY_9,
      connectionType: PUBLIC,
      authenticationMode: AuthenticationMode.RBAC,
      endpointAddress: 'sessions-abc.serverless.use1.cache.amazonaws.com',
    });
    const error = captureError(() => cache.grantAccess(functionOutsideVpc(stack)));
    expect(error.ruleIds).toEqual(['serverless-public-iam-users']);
    expect(error.message).toMatch(/connectionType 'public' authenticates with IAM only, but authenticationMode is 'rbac'/);
  });

  test('an imported public cache needs no security groups', () => {
    const stack = newStack();
    const cache = ServerlessCache.fromServerlessCacheAttributes(stack, 'Imported', {
      serverlessCacheName: 'sessions',
      engine: ServerlessCacheEngine.VALKEY_9,
      connectionType: PUBLIC,
      endpointAddress: 'sessions-abc.serverless.use1.cache.amazonaws.com',
    });
    const user = CacheUser.fromCacheUserAttributes(stack, 'IamUser', {
      userId: 'default.iam-user',
      authenticationType: UserAuthenticationType.IAM,
    });
    const access = cache.grantAccess(functionOutsideVpc(stack), { user });
    expect(access.environment).toMatchObject({ CACHE_AUTH_MODE: 'iam', CACHE_USER_ID: 'default.iam-user', CACHE_PORT: '6379' });
  });
});

describe('grantAccess to a cache reached through its VPC keeps the VPC checks', () => {
  test('[grant-access-network] a grantee without security groups is refused', () => {
    const stack = newStack();
    const cache = new ServerlessCache(stack, 'Private', { vpc: isolatedVpc(stack) });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const error = captureError(() => cache.grantAccess(role));
    expect(error.ruleIds).toEqual(['grant-access-network']);
    expect(error.message).toMatch(
      /TestStack\/Role has no security groups \(ec2.IConnectable\), but this ServerlessCache is reached through its VPC/,
    );
  });

  test('a Lambda function outside the VPC is refused as before (grant-access-lambda-vpc)', () => {
    const stack = newStack();
    const cache = new ServerlessCache(stack, 'Private', { vpc: isolatedVpc(stack) });
    expect(captureError(() => cache.grantAccess(functionOutsideVpc(stack))).ruleIds).toEqual(['grant-access-lambda-vpc']);
  });
});

describe('the rules of a public endpoint', () => {
  test('[serverless-public-iam-users] every user of the group must be an IAM user: the default user of a CacheUserGroup is not', () => {
    const stack = newStack();
    const iamUser = new CacheUser(stack, 'IamUser', { userName: 'orders-iam', authentication: UserAuthentication.iam() });
    const users = new CacheUserGroup(stack, 'Users', { users: [iamUser] });
    const error = captureError(() => publicCache(stack, { authentication: CacheAuthentication.iam(users) }));
    expect(error.ruleIds).toEqual(['serverless-public-iam-users']);
    expect(error.message).toMatch(
      /connectionType 'public' needs a user group whose users all authenticate with IAM \(UserAuthentication.iam\(\)\), but these do not: default \(/,
    );
  });

  test('[serverless-public-iam-users] an imported group with a password user is refused; with IAM users only it passes', () => {
    const stack = newStack();
    const password = CacheUser.fromCacheUserAttributes(stack, 'Reporting', { userId: 'reporting' });
    const mixed = CacheUserGroup.fromCacheUserGroupAttributes(stack, 'Mixed', {
      userGroupId: 'mixed',
      users: [password, CacheUser.fromCacheUserAttributes(stack, 'Iam', { userId: 'app', authenticationType: UserAuthenticationType.IAM })],
    });
    expect(captureError(() => publicCache(stack, { authentication: CacheAuthentication.iam(mixed) })).message).toMatch(
      /but these do not: reporting \(password\)/,
    );
  });

  test('each engine rule names the prop, the bad value and what is allowed, all at once', () => {
    const error = captureError(
      () => new ServerlessCache(newStack(), 'C', { vpc: undefined, connectionType: PUBLIC, engine: ServerlessCacheEngine.VALKEY_7 }),
    );
    expect(error.message).toContain(
      "[serverless-public-valkey-version] connectionType 'public' needs ElastiCache Serverless for valkey 9.0 or later, but engine is valkey 7: use engine ServerlessCacheEngine.VALKEY_9 (or later), or connectionType 'vpc'",
    );
    const both = captureError(() => {
      const stack = newStack();
      return new ServerlessCache(stack, 'C', {
        vpc: isolatedVpc(stack),
        securityGroups: [],
        connectionType: PUBLIC,
        engine: ServerlessCacheEngine.REDIS_7,
      });
    });
    expect(both.ruleIds).toEqual(['serverless-public-network', 'serverless-public-redis']);
    expect(both.message).toMatch(/remove vpc, securityGroups/);
  });

  test('a newer Valkey major than the library knows may have a public endpoint', () => {
    expect(() => publicCache(newStack(), { engine: ServerlessCacheEngine.of(ServerlessCacheEngine.VALKEY_9.name, '10') })).not.toThrow();
  });

  test('an IAM mode given explicitly is accepted (the mode rule passes)', () => {
    const stack = newStack();
    const users = CacheUserGroup.fromCacheUserGroupAttributes(stack, 'Users', { userGroupId: 'iam-only' });
    const { cache } = publicCache(stack, { authentication: CacheAuthentication.iam(users) });
    expect(cache._accessFacts().authenticationMode).toBe(AuthenticationMode.IAM);
  });
});

describe('network type', () => {
  test('dual stack in dual stack subnets is asked for; IPv4 (ElastiCache default) and no choice leave it out', () => {
    const stack = newStack();
    const vpc = dualStackVpc(stack);
    new ServerlessCache(stack, 'Dual', { vpc, networkType: NetworkType.DUAL_STACK });
    new ServerlessCache(stack, 'Ipv4', { vpc, networkType: NetworkType.IPV4 });
    new ServerlessCache(stack, 'Unset', { vpc });
    const caches = Template.fromStack(stack).findResources(SERVERLESS);
    const networkTypeOf = (prefix: string) => Object.entries(caches).find(([id]) => id.startsWith(prefix))![1].Properties.NetworkType;
    expect([networkTypeOf('Dual'), networkTypeOf('Ipv4'), networkTypeOf('Unset')]).toEqual(['dual_stack', undefined, undefined]);
  });

  test('[serverless-network-type-subnets] IPv6 needs IPv6-only subnets: dual stack ones are refused, naming what fits', () => {
    const stack = newStack();
    const error = captureError(() => new ServerlessCache(stack, 'C', { vpc: dualStackVpc(stack), networkType: NetworkType.IPV6 }));
    expect(error.message).toMatch(
      /\[serverless-network-type-subnets\] networkType 'ipv6' does not fit the subnets TestStack\/DualStack\/cacheSubnet1, TestStack\/DualStack\/cacheSubnet2 \(Subnets must be IPv6-only. Dual stack subnets are not supported.\): with these subnets use 'ipv4' or 'dual_stack', or choose other vpcSubnets/,
    );
  });

  test('imported subnets are not checked (their IP versions are not known here)', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-1',
      availabilityZones: ['a', 'b'],
      isolatedSubnetIds: ['subnet-1', 'subnet-2'],
    });
    expect(() => new ServerlessCache(stack, 'C', { vpc, networkType: NetworkType.IPV6 })).not.toThrow();
  });

  test('a public cache takes a network type too', () => {
    const { stack } = publicCache(newStack(), { networkType: NetworkType.DUAL_STACK });
    expect(onlyResource(Template.fromStack(stack), SERVERLESS).Properties.NetworkType).toBe('dual_stack');
  });
});

describe('what replaces a serverless cache', () => {
  test('the replacement facts list ConnectionType and NetworkType as create-only', () => {
    const facts = REPLACEMENT_FACTS.find((f) => f.resourceType === SERVERLESS)!;
    expect(facts.replacing).toEqual(expect.arrayContaining(['ConnectionType', 'NetworkType']));
  });

  test('the reviewer reports a connection type or network type change as a replacement, and the defaults as no change', () => {
    const templateOf = (props: Partial<ServerlessCacheProps>) => {
      const stack = newStack();
      new ServerlessCache(stack, 'Cache', { vpc: dualStackVpc(stack), ...props });
      return Template.fromStack(stack).toJSON();
    };
    const before = templateOf({});
    const cacheChange = (after: Record<string, unknown>) =>
      resolveResourceChanges(before, after).find((c) => c.diff.resourceType === SERVERLESS);
    expect(cacheChange(templateOf({ networkType: NetworkType.DUAL_STACK }))?.behaviour).toBe('replace');
    expect(cacheChange(templateOf({ networkType: NetworkType.IPV4, connectionType: ServerlessCacheConnectionType.VPC }))).toBeUndefined();
    const toPublic = structuredClone(before) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    Object.values(toPublic.Resources).find((r) => r.Type === SERVERLESS)!.Properties.ConnectionType = 'public';
    const change = cacheChange(toPublic);
    expect(change?.behaviour).toBe('replace');
    expect(change?.properties[0].rule?.reason).toBe('ConnectionType is set at creation only: a change replaces the resource');
  });
});
