import { Stack, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_lambda as lambda } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AccessString,
  CacheAuthentication,
  CacheGrantee,
  CacheUser,
  CacheUserGroup,
  ClusterMode,
  ReplicationGroup,
  ReplicationGroupProps,
  ServerlessCache,
  UserAuthentication,
} from '../../lib';
import { VARIABLES, parseEnvironment, variableName } from 'cdk-elasticache-runtime';
import { isolatedVpc, newStack } from '../helpers/stacks';

function vpcFunction(stack: Stack, vpc: ec2.IVpc, id = 'Fn', subnetType = ec2.SubnetType.PRIVATE_ISOLATED): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
    vpc,
    vpcSubnets: { subnetType },
    allowPublicSubnet: subnetType === ec2.SubnetType.PUBLIC,
  });
}

/** A cache and a function in one stack; `setup` builds the cache props from the stack. */
function wired(setup: (stack: Stack) => Partial<ReplicationGroupProps> & { user?: CacheUser }, readOnly = false) {
  const stack = newStack();
  const vpc = isolatedVpc(stack);
  const { user, ...props } = setup(stack);
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  const fn = vpcFunction(stack, vpc);
  const access = cache.grantAccess(fn, { user, readOnly });
  const template = Template.fromStack(stack);
  const variables = template.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)].Properties.Environment
    .Variables as Record<string, unknown>;
  return { stack, cache, fn, access, template, variables };
}

const ref = (stack: Stack, value: unknown) => stack.resolve(value);

describe('grantAccess', () => {
  test('AUTH token, cluster mode off: the port, the secret, the primary endpoint', () => {
    const { stack, cache, fn, access, template, variables } = wired(() => ({}));
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 6380,
      ToPort: 6380,
      SourceSecurityGroupId: ref(stack, fn.connections.securityGroups[0].securityGroupId),
      GroupId: ref(stack, cache.connections.securityGroups[0].securityGroupId),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: ref(stack, cache.authTokenSecret!.secretArn),
          }),
        ]),
      },
    });
    // The secret's KMS key lets the function decrypt through Secrets Manager.
    expect(JSON.stringify(template.toJSON())).toContain('"kms:ViaService"');
    expect(variables).toEqual({
      CACHE_ENDPOINT_KIND: 'single',
      CACHE_ADDRESS: ref(stack, cache.primaryEndpoint.address),
      CACHE_PORT: '6380',
      CACHE_TLS: 'true',
      CACHE_READ_ONLY: 'false',
      CACHE_AUTH_MODE: 'auth-token',
      CACHE_SECRET_ARN: ref(stack, cache.authTokenSecret!.secretArn),
      CACHE_REGION: { Ref: 'AWS::Region' },
    });
    expect(ref(stack, access.environment)).toEqual(variables);
  });

  test('read-only with cluster mode off uses the reader endpoint', () => {
    const { stack, cache, variables } = wired(() => ({}), true);
    expect(variables.CACHE_ADDRESS).toEqual(ref(stack, cache.readerEndpoint.address));
    expect(variables.CACHE_READ_ONLY).toBe('true');
  });

  test('cluster mode on uses the configuration endpoint', () => {
    const { stack, cache, variables } = wired(() => ({ clusterMode: ClusterMode.ENABLED, numShards: 3 }));
    expect(variables.CACHE_ENDPOINT_KIND).toBe('cluster');
    expect(variables.CACHE_ADDRESS).toEqual(ref(stack, cache.configurationEndpoint.address));
  });

  test("RBAC: the user's password secret, and the rbac mode", () => {
    let reader!: CacheUser;
    const { stack, template, variables } = wired((s) => {
      reader = new CacheUser(s, 'Reader', { userName: 'reporting', accessString: AccessString.readOnly() });
      return { authentication: CacheAuthentication.rbac(new CacheUserGroup(s, 'Users', { users: [reader] })), user: reader };
    }, true);
    expect(variables).toMatchObject({ CACHE_AUTH_MODE: 'rbac', CACHE_SECRET_ARN: ref(stack, reader.secret!.secretArn) });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: ref(stack, reader.secret!.secretArn) })]) },
    });
  });

  test('IAM, cluster mode on: elasticache:Connect on the group and the user, and what the token needs', () => {
    let user!: CacheUser;
    const { stack, cache, template, variables } = wired((s) => {
      user = new CacheUser(s, 'Iam', { userName: 'app-iam', authentication: UserAuthentication.iam() });
      return { numShards: 2, authentication: CacheAuthentication.iam(new CacheUserGroup(s, 'Users', { users: [user] })), user };
    });
    expect(variables).toMatchObject({
      CACHE_ENDPOINT_KIND: 'cluster',
      CACHE_AUTH_MODE: 'iam',
      CACHE_USER_ID: 'app-iam',
      CACHE_CACHE_NAME: ref(stack, cache.replicationGroupId),
    });
    expect(variables.CACHE_SECRET_ARN).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'elasticache:Connect', Resource: [ref(stack, cache.replicationGroupArn), ref(stack, user.userArn)] }),
        ]),
      },
    });
  });

  test('the environment of any compute parses back to the same settings in the runtime', () => {
    const { access } = wired(() => ({}));
    const env = Object.fromEntries(Object.entries(access.environment).map(([name, value]) => [name, `resolved-${value}`]));
    env.CACHE_PORT = '6380';
    env.CACHE_TLS = 'true';
    env.CACHE_READ_ONLY = 'false';
    env.CACHE_ENDPOINT_KIND = 'single';
    env.CACHE_AUTH_MODE = 'auth-token';
    expect(parseEnvironment(env).problems).toEqual([]);
  });

  test('the variable names are pinned: a rename must change this test and both sides', () => {
    expect(Object.keys(VARIABLES).map((role) => variableName(role as keyof typeof VARIABLES))).toEqual([
      'CACHE_ENDPOINT_KIND',
      'CACHE_ADDRESS',
      'CACHE_PORT',
      'CACHE_TLS',
      'CACHE_READ_ONLY',
      'CACHE_AUTH_MODE',
      'CACHE_SECRET_ARN',
      'CACHE_USER_ID',
      'CACHE_CACHE_NAME',
      'CACHE_SERVERLESS',
      'CACHE_REGION',
    ]);
  });

  test('a prefix names the variables for a second cache', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    const access = cache.grantAccess(vpcFunction(stack, vpc), { environmentPrefix: 'SESSIONS' });
    expect(Object.keys(access.environment)).toContain('SESSIONS_ADDRESS');
    expect(() => cache.grantAccess(vpcFunction(stack, vpc, 'Other'), { environmentPrefix: 'sessions' })).toThrow(/\[grant-access-prefix\]/);
  });
});

describe('grantAccess validation', () => {
  test.each([
    [
      'grant-access-lambda-vpc',
      'a Lambda without a VPC',
      (stack: Stack, cache: ReplicationGroup) =>
        cache.grantAccess(
          new lambda.Function(stack, 'NoVpc', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromInline('x') }),
        ),
    ],
    [
      'grant-access-user-mode',
      'a user for a token cache',
      (stack: Stack, cache: ReplicationGroup) =>
        cache.grantAccess(vpcFunction(stack, cache.vpc), { user: new CacheUser(stack, 'U', { userName: 'app' }) }),
    ],
  ])('[%s] fails for %s', (ruleId, _name, act) => {
    const stack = newStack();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack) });
    expect(() => act(stack, cache)).toThrow(`[${ruleId}]`);
  });

  test('[grant-access-other-vpc] fails for a function in another VPC of the same stack', () => {
    const stack = newStack();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack) });
    const other = new ec2.Vpc(stack, 'OtherVpc', {
      natGateways: 0,
      subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(() => cache.grantAccess(vpcFunction(stack, other))).toThrow('[grant-access-other-vpc]');
  });

  test('[grant-access-public-subnet] fails for a function in a public subnet', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    expect(() => cache.grantAccess(vpcFunction(stack, vpc, 'Fn', ec2.SubnetType.PUBLIC))).toThrow('[grant-access-public-subnet]');
  });

  test('[grant-access-user-required] IAM mode without a user, [grant-access-user-not-in-group] a user of another group', () => {
    const stack = newStack();
    const user = new CacheUser(stack, 'Iam', { userName: 'app-iam', authentication: UserAuthentication.iam() });
    const stranger = new CacheUser(stack, 'Stranger', { userName: 'stranger', authentication: UserAuthentication.iam() });
    const cache = new ReplicationGroup(stack, 'Cache', {
      vpc: isolatedVpc(stack),
      authentication: CacheAuthentication.iam(new CacheUserGroup(stack, 'Users', { users: [user] })),
    });
    const fn = vpcFunction(stack, cache.vpc);
    expect(() => cache.grantAccess(fn)).toThrow('[grant-access-user-required]');
    expect(() => cache.grantAccess(fn, { user: stranger })).toThrow('[grant-access-user-not-in-group]');
  });

  test('[grant-access-user-secret] an imported RBAC user has no secret here; [grant-access-user-auth] an IAM user on an RBAC cache', () => {
    const stack = newStack();
    const imported = CacheUser.fromCacheUserAttributes(stack, 'Imported', { userId: 'app' });
    const iamUser = new CacheUser(stack, 'Iam', { userName: 'app-iam', authentication: UserAuthentication.iam() });
    const cache = new ReplicationGroup(stack, 'Cache', {
      vpc: isolatedVpc(stack),
      authentication: CacheAuthentication.rbac(new CacheUserGroup(stack, 'Users', { users: [imported, iamUser] })),
    });
    const fn = vpcFunction(stack, cache.vpc);
    expect(() => cache.grantAccess(fn, { user: imported })).toThrow('[grant-access-user-secret]');
    expect(() => cache.grantAccess(fn, { user: iamUser })).toThrow('[grant-access-user-auth]');
  });

  test('CacheGrantee.fromParts pairs a security group with a role, as for an ECS service and its task role', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    const taskRole = new iam.Role(stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const group = new ec2.SecurityGroup(stack, 'Tasks', { vpc });
    const access = cache.grantAccess(CacheGrantee.fromParts(group, taskRole));
    expect(access.environment.CACHE_AUTH_MODE).toBe('auth-token');
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380,
      SourceSecurityGroupId: ref(stack, group.securityGroupId),
    });
  });
});

describe('grantAccess: what the one line needs at run time', () => {
  const warningsOf = (stack: Stack) =>
    Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-elasticache:grant-access-secrets-manager-unreachable'));

  test('a function in isolated subnets of a VPC without a Secrets Manager endpoint gets a warning with the fix', () => {
    // The README's first example: an isolated VPC, no NAT, no endpoint. connectFromEnvironment() would time out.
    const { stack } = wired(() => ({}));
    const warnings = warningsOf(stack);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/TestStack/Fn');
    expect(warnings[0].entry.data).toMatch(
      /the Lambda function TestStack\/Fn runs in isolated subnets of VPC TestStack\/Vpc, which has no interface endpoint for Secrets Manager: connectFromEnvironment\(\) would time out .*InterfaceVpcEndpointAwsService\.SECRETS_MANAGER/,
    );
  });

  test('no warning once the VPC has the endpoint (added after grantAccess), with a NAT, or with nothing to read (IAM)', () => {
    const endpointStack = newStack();
    const endpointVpc = isolatedVpc(endpointStack);
    new ReplicationGroup(endpointStack, 'Cache', { vpc: endpointVpc }).grantAccess(vpcFunction(endpointStack, endpointVpc));
    endpointVpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });
    expect(warningsOf(endpointStack)).toEqual([]);

    const natStack = newStack();
    const natVpc = new ec2.Vpc(natStack, 'Vpc', { natGateways: 1, maxAzs: 2 });
    const natCache = new ReplicationGroup(natStack, 'Cache', { vpc: natVpc });
    natCache.grantAccess(vpcFunction(natStack, natVpc, 'Fn', ec2.SubnetType.PRIVATE_WITH_EGRESS));
    expect(warningsOf(natStack)).toEqual([]);

    const iamUser = (stack: Stack) => new CacheUser(stack, 'AppIam', { userName: 'app-iam', authentication: UserAuthentication.iam() });
    const { stack: iamStack } = wired((stack) => {
      const user = iamUser(stack);
      return { authentication: CacheAuthentication.iam(new CacheUserGroup(stack, 'Users', { users: [user] })), user };
    });
    expect(warningsOf(iamStack)).toEqual([]);
  });

  test('one warning for a function that connects to two caches', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const fn = vpcFunction(stack, vpc);
    new ReplicationGroup(stack, 'Orders', { vpc }).grantAccess(fn);
    new ReplicationGroup(stack, 'Sessions', { vpc }).grantAccess(fn, { environmentPrefix: 'SESSIONS' });
    expect(warningsOf(stack)).toHaveLength(1);
  });

  test('a secret under an imported customer key: kms:Decrypt on the key, only through Secrets Manager of its region', () => {
    // The serverless `app` password under an imported encryptionKey: Secret.grantRead cannot extend an imported key's
    // policy, so before this the function could not decrypt its password.
    const stack = new Stack(undefined, 'Keyed', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = isolatedVpc(stack);
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const sessions = new ServerlessCache(stack, 'Sessions', { vpc, encryptionKey: key });
    sessions.grantAccess(vpcFunction(stack, vpc));
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          },
        ]),
      },
    });
  });

  test("a key of this app keeps CDK's key-policy grant (no second statement); an AUTH token under an imported key is granted too", () => {
    const own = wired(() => ({}));
    const decrypts = (stack: Stack) =>
      JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy')).match(/"kms:Decrypt"/g)?.length ?? 0;
    const fnPolicy = JSON.stringify(
      Object.entries(own.template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('FnServiceRole')),
    );
    expect(fnPolicy).not.toContain('kms:Decrypt');
    own.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Action: 'kms:Decrypt', Principal: { AWS: Match.anyValue() } })]) },
    });

    const imported = wired((stack) => ({ encryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/abc') }));
    expect(decrypts(imported.stack)).toBeGreaterThan(0);
    imported.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111111111111:key/abc' })]),
      },
    });
  });
});
