import { Duration, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsApiPath, CacheAuthentication, ReplicationGroup } from '../../lib';
import { cacheStack, newStack, onlyResource } from '../helpers/stacks';

describe('AUTH token rotation', () => {
  const {
    stack,
    cache,
    template: build,
  } = cacheStack({ authentication: CacheAuthentication.authToken({ rotation: { automaticallyAfter: Duration.days(30) } }) });
  const template = build();
  const secretId = stack.getLogicalId(cache.authTokenSecret!.node.defaultChild as never);
  const rgId = stack.getLogicalId(cache.cfnReplicationGroup);

  test('schedules rotation every 30 days with the shipped Lambda', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretId },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('CacheAuthTokenRotationFunction'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Environment: { Variables: { REPLICATION_GROUP_ID: { Ref: rgId }, TEST_CONNECT: 'true' } },
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
    });
  });

  test('the Lambda may modify and describe only this replication group and touch only this secret', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    const statements = policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
    const byService = (prefix: string) => statements.filter((s) => [s.Action].flat().some((a) => a.startsWith(prefix)));
    expect(byService('elasticache:')).toEqual([
      expect.objectContaining({
        Action: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
        Resource: stack.resolve(cache.replicationGroupArn),
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
      // GetRandomPassword has no resource type; it reads no secret.
      expect.objectContaining({ Action: 'secretsmanager:GetRandomPassword', Resource: '*' }),
    ]);
    expect(byService('kms:')).toEqual([
      expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: stack.resolve(cache.encryptionKey.keyArn) }),
    ]);
  });

  test('the Lambda role has no inline and no AWS managed policy, and its logs are encrypted for a year', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles.every((role) => role.Properties.ManagedPolicyArns === undefined)).toBe(true);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: stack.resolve(cache.encryptionKey.keyArn) });
  });

  test('the Lambda waits for the policy with its ENI permissions, not only for its role (aws-cdk#7998)', () => {
    const fn = onlyResource(template, 'AWS::Lambda::Function');
    const [policyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(fn.DependsOn).toEqual(
      expect.arrayContaining([policyId, stack.getLogicalId(cache.authTokenRotation!.function.role!.node.defaultChild as never)]),
    );
  });

  test('reserves no concurrency by default (a new account refuses a reservation), and the amount asked for otherwise', () => {
    expect(onlyResource(template, 'AWS::Lambda::Function').Properties.ReservedConcurrentExecutions).toBeUndefined();
    const reserved = cacheStack({
      authentication: CacheAuthentication.authToken({ rotation: { reservedConcurrentExecutions: 2 } }),
    }).template();
    reserved.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 2 });
  });

  test('warns when isolated subnets have no interface endpoint for Secrets Manager or ElastiCache, and not once they do', () => {
    const without = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('no interface endpoint for secretsmanager, elasticache'),
    );
    expect(without).toHaveLength(1);
    const withEndpoints = cacheStack({ authentication: CacheAuthentication.authToken({ rotation: {} }) });
    for (const service of [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, ec2.InterfaceVpcEndpointAwsService.ELASTICACHE]) {
      withEndpoints.vpc.addInterfaceEndpoint(service.shortName, { service });
    }
    withEndpoints.template();
    expect(Annotations.fromStack(withEndpoints.stack).findWarning('*', Match.stringLikeRegexp('interface endpoint'))).toEqual([]);
  });

  test('in subnets with a NAT, the Lambda may reach the public API endpoints on 443', () => {
    const stackWithNat = newStack();
    const vpc = new ec2.Vpc(stackWithNat, 'Vpc', { natGateways: 1, maxAzs: 2 });
    const natCache = new ReplicationGroup(stackWithNat, 'Cache', { vpc, authentication: CacheAuthentication.authToken({ rotation: {} }) });
    expect(natCache.authTokenRotation!.apiPath).toBe(AwsApiPath.NAT);
    const sg = Template.fromStack(stackWithNat).findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('rotation Lambda') },
    });
    expect(Object.values(sg)[0].Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }),
    ]);
    expect(Annotations.fromStack(stackWithNat).findWarning('*', Match.stringLikeRegexp('interface endpoint'))).toEqual([]);
  });

  test('in isolated subnets, the Lambda reaches the cache port and HTTPS inside the VPC only', () => {
    expect(cache.authTokenRotation!.apiPath).toBe(AwsApiPath.VPC_ENDPOINTS);
    const sgs = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('rotation Lambda') },
    });
    const [sg] = Object.values(sgs);
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': [expect.any(String), 'CidrBlock'] } }),
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380,
      ToPort: 6380,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Object.keys(sgs)[0], 'GroupId'] },
    });
  });

  test('the AUTH token stays a dynamic reference', () => {
    const rg = onlyResource(template, 'AWS::ElastiCache::ReplicationGroup');
    expect(JSON.stringify(rg.Properties.AuthToken)).toContain('{{resolve:secretsmanager:');
  });
});

describe('AUTH token rotation interval', () => {
  test('automaticallyAfter sets the interval', () => {
    cacheStack({ authentication: CacheAuthentication.authToken({ rotation: { automaticallyAfter: Duration.days(7) } }) })
      .template()
      .hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
  });
});
