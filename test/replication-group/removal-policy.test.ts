import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccessString, CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup } from '../../lib';
import { isolatedVpc, newStack } from '../helpers/stacks';

/** DeletionPolicy of every resource of `type`, by logical id. */
function deletionPolicies(template: Template, type: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(template.findResources(type)).map(([id, resource]) => [id, (resource.DeletionPolicy as string) ?? 'Delete']),
  );
}

function policiesOf(removalPolicy: RemovalPolicy | undefined): Record<string, string[]> {
  const stack = newStack();
  new ReplicationGroup(stack, 'Cache', {
    vpc: isolatedVpc(stack),
    removalPolicy,
    authentication: CacheAuthentication.authToken({ rotation: {} }),
  });
  const template = Template.fromStack(stack);
  const types = {
    cache: 'AWS::ElastiCache::ReplicationGroup',
    subnetGroup: 'AWS::ElastiCache::SubnetGroup',
    parameterGroup: 'AWS::ElastiCache::ParameterGroup',
    securityGroups: 'AWS::EC2::SecurityGroup',
    secret: 'AWS::SecretsManager::Secret',
    key: 'AWS::KMS::Key',
    logGroup: 'AWS::Logs::LogGroup',
  };
  return Object.fromEntries(
    Object.entries(types).map(([name, type]) => [name, [...new Set(Object.values(deletionPolicies(template, type)))]]),
  );
}

describe('removal policies of the helpers follow the cache', () => {
  test('RETAIN keeps everything a kept cache needs: subnet, parameter and security groups, token secret, key, logs', () => {
    expect(policiesOf(RemovalPolicy.RETAIN)).toEqual({
      cache: ['Retain'],
      subnetGroup: ['Retain'],
      parameterGroup: ['Retain'],
      // The cache's and the rotation Lambda's: the latter's delete never blocks (the Lambda goes first), but it is
      // a helper of the kept cache's rotation too.
      securityGroups: ['Retain', 'Delete'],
      secret: ['Retain'],
      key: ['Retain'],
      logGroup: ['Retain'],
    });
  });

  test('SNAPSHOT (default) deletes the network helpers and the token, and keeps the key the snapshot needs', () => {
    const expected = {
      cache: ['Snapshot'],
      subnetGroup: ['Delete'],
      parameterGroup: ['Delete'],
      securityGroups: ['Delete'],
      secret: ['Delete'],
      key: ['Retain'],
      logGroup: ['Retain'],
    };
    expect(policiesOf(RemovalPolicy.SNAPSHOT)).toEqual(expected);
    expect(policiesOf(undefined)).toEqual(expected);
  });

  test('DESTROY deletes every helper', () => {
    expect(policiesOf(RemovalPolicy.DESTROY)).toEqual({
      cache: ['Delete'],
      subnetGroup: ['Delete'],
      parameterGroup: ['Delete'],
      securityGroups: ['Delete'],
      secret: ['Delete'],
      key: ['Delete'],
      logGroup: ['Delete'],
    });
  });

  test('RETAIN keeps the user group, its users and their password secrets; other policies leave them alone', () => {
    for (const [policy, expected] of [
      [RemovalPolicy.RETAIN, 'Retain'],
      [RemovalPolicy.SNAPSHOT, 'Delete'],
    ] as const) {
      const stack = newStack();
      const user = new CacheUser(stack, 'App', { userName: 'app', accessString: AccessString.readWrite() });
      const users = new CacheUserGroup(stack, 'Users', { users: [user] });
      new ReplicationGroup(stack, 'Cache', {
        vpc: isolatedVpc(stack),
        removalPolicy: policy,
        authentication: CacheAuthentication.rbac(users),
      });
      const template = Template.fromStack(stack);
      for (const type of ['AWS::ElastiCache::UserGroup', 'AWS::ElastiCache::User', 'AWS::SecretsManager::Secret']) {
        expect({ type, policies: [...new Set(Object.values(deletionPolicies(template, type)))] }).toEqual({ type, policies: [expected] });
      }
    }
  });

  test('resources passed in are left alone', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const first = new ReplicationGroup(stack, 'First', { vpc, removalPolicy: RemovalPolicy.DESTROY });
    new ReplicationGroup(stack, 'Second', { vpc, encryptionKey: first.encryptionKey, removalPolicy: RemovalPolicy.RETAIN });
    const keys = Object.values(deletionPolicies(Template.fromStack(stack), 'AWS::KMS::Key'));
    expect(keys).toEqual(['Delete']);
  });
});
