// What the pinned CloudFormation resource spec (through @aws-cdk/cloudformation-diff) says about the properties and
// types the reviewer's verdicts depend on. If a spec upgrade changes one of these, the reviewer changes with it: this
// test says so before a user is surprised.
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { isStatefulType } from '../../lib/review/resource-spec';

function propertyImpact(type: string, property: string, oldValue: unknown, newValue: unknown): ResourceImpact | undefined {
  const template = (value: unknown) => ({ Resources: { R: { Type: type, Properties: { [property]: value } } } });
  return fullDiff(template(oldValue), template(newValue)).resources.get('R').propertyUpdates[property]?.changeImpact;
}

describe('resource spec facts for AWS::ElastiCache::ReplicationGroup', () => {
  const RG = 'AWS::ElastiCache::ReplicationGroup';

  test.each([
    ['KmsKeyId', 'arn:aws:kms:eu-west-1:111111111111:key/a', 'arn:aws:kms:eu-west-1:111111111111:key/b'],
    ['Port', 6379, 6380],
    ['CacheSubnetGroupName', 'a', 'b'],
    ['AtRestEncryptionEnabled', false, true],
    ['NetworkType', 'ipv4', 'dual_stack'],
    ['DataTieringEnabled', false, true],
    ['ReplicationGroupId', 'a', 'b'],
    ['Engine', 'redis', 'valkey'],
    ['PreferredCacheClusterAZs', ['a'], ['b']],
  ])('a %s change replaces the group (create-only)', (property, oldValue, newValue) => {
    expect(propertyImpact(RG, property, oldValue, newValue)).toBe(ResourceImpact.WILL_REPLACE);
  });

  test.each([
    ['NumNodeGroups', 2, 3],
    ['NodeGroupConfiguration', [{ NodeGroupId: '0001' }], [{ NodeGroupId: '0002' }]],
    ['AuthToken', 'a'.repeat(16), 'b'.repeat(16)],
  ])('a %s change may replace the group (conditional)', (property, oldValue, newValue) => {
    expect(propertyImpact(RG, property, oldValue, newValue)).toBe(ResourceImpact.MAY_REPLACE);
  });

  test.each([
    ['CacheNodeType', 'cache.r7g.large', 'cache.r7g.xlarge'],
    ['NumCacheClusters', 2, 3],
    ['EngineVersion', '7.2', '8.1'],
    ['TransitEncryptionEnabled', false, true],
    ['UserGroupIds', [], ['g']],
  ])('a %s change updates the group in place', (property, oldValue, newValue) => {
    expect(propertyImpact(RG, property, oldValue, newValue)).toBe(ResourceImpact.WILL_UPDATE);
  });
});

describe('stateful resource types', () => {
  test.each([
    'AWS::ElastiCache::ReplicationGroup',
    'AWS::ElastiCache::CacheCluster',
    'AWS::ElastiCache::ServerlessCache',
    'AWS::ElastiCache::GlobalReplicationGroup',
    'AWS::KMS::Key',
    'AWS::SecretsManager::Secret',
    'AWS::DynamoDB::Table',
    'AWS::S3::Bucket',
    'AWS::RDS::DBCluster',
    'AWS::RDS::DBInstance',
  ])('%s is stateful', (type) => {
    expect(isStatefulType(type)).toBe(true);
  });

  test.each([
    'AWS::ElastiCache::SubnetGroup',
    'AWS::ElastiCache::ParameterGroup',
    'AWS::EC2::SecurityGroup',
    'AWS::EC2::SecurityGroupIngress',
    'AWS::RDS::DBSubnetGroup',
    'Custom::Anything',
  ])('%s is not stateful', (type) => {
    expect(isStatefulType(type)).toBe(false);
  });
});
