/**
 * Rotation of an RBAC user's password (`UserAuthentication.password({ rotation })`): the cache that binds the user's
 * group runs the shipped rotation Lambda in its subnets, with the AUTH token rotation's deploy rules (ENI policy
 * dependency, API path, no reserved concurrency) and a policy limited to the one user and its secret.
 */
import { Duration, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AwsApiPath,
  CacheAuthentication,
  CacheUser,
  CacheUserGroup,
  ClusterMode,
  ReplicationGroup,
  ServerlessCache,
  UserAuthentication,
  UserPasswordRotation,
} from '../../lib';
import { isolatedVpc, newStack, onlyResource } from '../helpers/stacks';

const ROTATION_FUNCTION = Match.stringLikeRegexp('PasswordRotationFunction');

/** A password user that rotates, in a group, attached to a replication group in an isolated VPC. */
function rotatedUserStack(options: { encryptionKey?: boolean; clusterMode?: ClusterMode } = {}) {
  const stack = newStack();
  const vpc = isolatedVpc(stack);
  const key = options.encryptionKey ? new kms.Key(stack, 'SecretKey') : undefined;
  const user = new CacheUser(stack, 'App', {
    userName: 'app',
    authentication: UserAuthentication.password({ encryptionKey: key, rotation: { automaticallyAfter: Duration.days(7) } }),
  });
  const users = new CacheUserGroup(stack, 'Users', { users: [user] });
  const cache = new ReplicationGroup(stack, 'Cache', {
    vpc,
    clusterMode: options.clusterMode,
    authentication: CacheAuthentication.rbac(users),
  });
  return { stack, vpc, user, cache, key };
}

describe('a password user with rotation, in a replication group', () => {
  const { stack, user, cache } = rotatedUserStack();
  const template = Template.fromStack(stack);
  const secretId = stack.getLogicalId(user.secret!.node.defaultChild as never);
  const rotation = UserPasswordRotation.of(user)!;

  test('the cache runs one rotation, found from the user too', () => {
    expect(cache.passwordRotations).toEqual([rotation]);
    expect(rotation.node.path).toBe('TestStack/Cache/AppPasswordRotation');
  });

  test("rotates the user's secret on the schedule with the shipped Lambda, which tests against the cache's endpoint", () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretId },
      RotationRules: { ScheduleExpression: 'rate(7 days)' },
      RotationLambdaARN: { 'Fn::GetAtt': [ROTATION_FUNCTION, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Environment: {
        Variables: {
          USER_ID: stack.resolve(user.userId),
          CACHE_HOST: { 'Fn::GetAtt': [stack.getLogicalId(cache.cfnReplicationGroup), 'PrimaryEndPoint.Address'] },
          CACHE_PORT: '6380',
          TEST_CONNECT: 'true',
        },
      },
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
    });
  });

  test('the Lambda may modify and describe only this user, and touch only its secret (AWS managed key: no KMS statement)', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    const statements = policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
    const byService = (prefix: string) => statements.filter((s) => [s.Action].flat().some((a) => a.startsWith(prefix)));
    expect(byService('elasticache:')).toEqual([
      expect.objectContaining({
        Action: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'],
        Resource: stack.resolve(user.userArn),
      }),
    ]);
    expect(byService('secretsmanager:')).toEqual([
      expect.objectContaining({
        Action: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        Resource: { Ref: secretId },
      }),
      expect.objectContaining({ Action: 'secretsmanager:GetRandomPassword', Resource: '*' }),
    ]);
    expect(byService('kms:')).toEqual([]);
  });

  test('the Lambda waits for the policy with its ENI permissions (aws-cdk#7998) and reserves no concurrency', () => {
    const fn = onlyResource(template, 'AWS::Lambda::Function');
    const [policyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(fn.DependsOn).toEqual(expect.arrayContaining([policyId]));
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('in isolated subnets: HTTPS inside the VPC, the cache port from the Lambda, and a warning without endpoints', () => {
    expect(rotation.apiPath).toBe(AwsApiPath.VPC_ENDPOINTS);
    const sgs = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('password rotation Lambda') },
    });
    const [[sgId, sg]] = Object.entries(sgs);
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': [expect.any(String), 'CidrBlock'] } }),
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380,
      ToPort: 6380,
      SourceSecurityGroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
    });
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('password rotation Lambda of user app runs in isolated subnets'),
    );
    expect(warnings).toHaveLength(1);
  });

  test('the password stays a dynamic reference in the user', () => {
    const [cfnUser] = Object.values(template.findResources('AWS::ElastiCache::User', { Properties: { UserName: 'app' } }));
    expect(JSON.stringify(cfnUser.Properties.AuthenticationMode)).toContain('{{resolve:secretsmanager:');
  });
});

describe('password rotation options and hosts', () => {
  test('a secret under a customer-managed key: the Lambda may use it through Secrets Manager only', () => {
    const { stack, key } = rotatedUserStack({ encryptionKey: true });
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: stack.resolve(key!.keyArn),
          Condition: {
            StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
          },
        }),
      ]),
    );
  });

  test('cluster mode: the Lambda tests against the configuration endpoint', () => {
    const { stack, cache } = rotatedUserStack({ clusterMode: ClusterMode.ENABLED });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CACHE_HOST: { 'Fn::GetAtt': [stack.getLogicalId(cache.cfnReplicationGroup), 'ConfigurationEndPoint.Address'] },
        }),
      },
    });
  });

  test('a serverless cache with a group of its own runs it too, against its endpoint', () => {
    const stack = newStack();
    const user = new CacheUser(stack, 'Reporting', {
      userName: 'reporting',
      authentication: UserAuthentication.password({ rotation: {} }),
    });
    const cache = new ServerlessCache(stack, 'Sessions', {
      vpc: isolatedVpc(stack),
      authentication: CacheAuthentication.rbac(new CacheUserGroup(stack, 'Users', { users: [user] })),
    });
    expect(cache.passwordRotations).toHaveLength(1);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CACHE_HOST: { 'Fn::GetAtt': [stack.getLogicalId(cache.cfnServerlessCache), 'Endpoint.Address'] },
          CACHE_PORT: { 'Fn::GetAtt': [stack.getLogicalId(cache.cfnServerlessCache), 'Endpoint.Port'] },
        }),
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(30 days)' } });
  });

  test('a user in the groups of two caches is rotated once, by the first', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const user = new CacheUser(stack, 'App', { userName: 'app', authentication: UserAuthentication.password({ rotation: {} }) });
    const users = new CacheUserGroup(stack, 'Users', { users: [user] });
    const first = new ReplicationGroup(stack, 'First', { vpc, authentication: CacheAuthentication.rbac(users) });
    const second = new ReplicationGroup(stack, 'Second', { vpc, authentication: CacheAuthentication.rbac(users) });
    expect([first.passwordRotations.length, second.passwordRotations.length]).toEqual([1, 0]);
    Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
  });

  test('a user without rotation, and a cache with an AUTH token, run none', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const users = new CacheUserGroup(stack, 'Users', { users: [new CacheUser(stack, 'App', { userName: 'app' })] });
    const rbac = new ReplicationGroup(stack, 'Rbac', { vpc, authentication: CacheAuthentication.rbac(users) });
    const token = new ReplicationGroup(stack, 'Token', { vpc });
    expect([rbac.passwordRotations, token.passwordRotations]).toEqual([[], []]);
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('in subnets with a NAT, the Lambda reaches the public API endpoints on 443', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1, maxAzs: 2 });
    const user = new CacheUser(stack, 'App', { userName: 'app', authentication: UserAuthentication.password({ rotation: {} }) });
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      authentication: CacheAuthentication.rbac(new CacheUserGroup(stack, 'Users', { users: [user] })),
    });
    expect(UserPasswordRotation.of(user)!.apiPath).toBe(AwsApiPath.NAT);
  });

  test('[password-rotation-cache] a user that rotates but is in no cache of the app fails at synth', () => {
    const stack = newStack();
    new CacheUser(stack, 'Orphan', { userName: 'orphan', authentication: UserAuthentication.password({ rotation: {} }) });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[password-rotation-cache\] rotation of the password of user 'orphan' needs a cache in this app: attach a CacheUserGroup with this user to a ReplicationGroup or a ServerlessCache/,
    );
  });

  test('reservedConcurrentExecutions and logEncryptionKey are passed through', () => {
    const stack = newStack();
    const logKey = new kms.Key(stack, 'LogKey');
    const user = new CacheUser(stack, 'App', {
      userName: 'app',
      authentication: UserAuthentication.password({ rotation: { reservedConcurrentExecutions: 2, logEncryptionKey: logKey } }),
    });
    new ReplicationGroup(stack, 'Cache', {
      vpc: isolatedVpc(stack),
      authentication: CacheAuthentication.rbac(new CacheUserGroup(stack, 'Users', { users: [user] })),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 2 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: stack.resolve(logKey.keyArn) });
  });
});
