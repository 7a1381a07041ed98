import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { CacheAuthentication } from '../../lib';
import { cacheStack, onlyResource } from '../helpers/stacks';

describe('AUTH token rotation', () => {
  const { stack, cache, template: build } = cacheStack({ authentication: CacheAuthentication.authToken({ rotation: { schedule: Duration.days(30) } }) });
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
      Runtime: 'nodejs20.x',
      Environment: { Variables: { REPLICATION_GROUP_ID: { Ref: rgId }, TEST_CONNECT: 'true' } },
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
    });
  });

  test('the Lambda may modify and describe only this replication group and touch only this secret', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const elasticache = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('elasticache:')));
    expect(elasticache).toEqual([
      expect.objectContaining({
        Action: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
        Resource: stack.resolve(cache.replicationGroupArn),
      }),
    ]);
    const secretActions = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
    for (const statement of secretActions) {
      const actions = [statement.Action].flat();
      if (actions.every((a) => a === 'secretsmanager:GetRandomPassword')) {
        // GetRandomPassword has no resource type; it reads no secret.
        expect(statement.Resource).toBe('*');
      } else {
        expect(statement.Resource).toEqual({ Ref: secretId });
      }
    }
    expect(secretActions.flatMap((s) => [s.Action].flat())).toEqual(
      expect.arrayContaining(['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage', 'secretsmanager:GetSecretValue']),
    );
  });

  test('the Lambda reaches the cache port and HTTPS inside the VPC only', () => {
    const sgs = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('rotation Lambda') } });
    const [sg] = Object.values(sgs);
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': [expect.any(String), 'CidrBlock'] } }),
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6380, ToPort: 6380, SourceSecurityGroupId: { 'Fn::GetAtt': [Object.keys(sgs)[0], 'GroupId'] } });
  });

  test('the AUTH token stays a dynamic reference', () => {
    const rg = onlyResource(template, 'AWS::ElastiCache::ReplicationGroup');
    expect(JSON.stringify(rg.Properties.AuthToken)).toContain('{{resolve:secretsmanager:');
  });
});
