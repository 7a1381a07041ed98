// What the pinned CloudFormation resource spec (through @aws-cdk/cloudformation-diff) says about the properties and
// types the reviewer's verdicts depend on. If a spec upgrade changes one of these, the reviewer changes with it: this
// test says so before a user is surprised.
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { loadResourceModel } from '@aws-cdk/cloudformation-diff/lib/diff/util';
import { isStatefulType } from '../../src/review/resource-spec';
import { REPLACEMENT_FACTS } from '../../src/review/replacement-facts';
import { ruleFor, UPDATE_RULES } from '../../src/review/update-rules';

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
    // Out of date: the registry schema and the CloudFormation reference update Engine in place, and ReplicasPerNodeGroup
    // is in place since 2026-07-01. The replacement facts (lib/facts/replacement.ts) override both; if this starts
    // failing, the specification caught up (test/facts/replacement-sources.test.ts then reports the stale override).
    ['Engine', 'redis', 'valkey'],
    ['ReplicasPerNodeGroup', 1, 2],
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
    // Though ElastiCache rejects switching durability on or off: update-rules.ts makes that a failing update.
    ['Durability', 'disabled', 'sync'],
  ])('a %s change updates the group in place', (property, oldValue, newValue) => {
    expect(propertyImpact(RG, property, oldValue, newValue)).toBe(ResourceImpact.WILL_UPDATE);
  });
});

describe('the update rule table against the specification', () => {
  test('every rule cites AWS documentation, or AWS in a CloudFormation roadmap issue', () => {
    for (const rule of UPDATE_RULES) {
      expect(rule.sources.length).toBeGreaterThan(0);
      rule.sources.forEach((url) =>
        expect(url).toMatch(
          /^https:\/\/(docs\.aws\.amazon\.com\/\S+|github\.com\/aws-cloudformation\/cloudformation-coverage-roadmap\/issues\/\d+)$/,
        ),
      );
    }
  });

  test('the rules follow the replacement facts: each override of the specification has its rule', () => {
    for (const [type, property] of [
      ['AWS::ElastiCache::ReplicationGroup', 'Engine'],
      ['AWS::ElastiCache::ReplicationGroup', 'ReplicasPerNodeGroup'],
      ['AWS::ElastiCache::ReplicationGroup', 'UserGroupIds'],
      ['AWS::ElastiCache::User', 'Engine'],
      ['AWS::ElastiCache::UserGroup', 'Engine'],
    ]) {
      expect(ruleFor(type, property)).toBeDefined();
    }
  });

  test('every rule names properties the specification knows, each in one rule only (or a create-only fact it lacks)', () => {
    const named = UPDATE_RULES.flatMap((rule) => rule.properties.map((property) => `${rule.resourceType}.${property}`));
    expect(new Set(named).size).toBe(named.length);
    const createOnlyFact = (type: string, property: string) =>
      REPLACEMENT_FACTS.some((facts) => facts.resourceType === type && facts.replacing.includes(property));
    for (const rule of UPDATE_RULES) {
      const known = Object.keys(loadResourceModel(rule.resourceType)!.properties);
      rule.properties.forEach((property) => expect(known.includes(property) || createOnlyFact(rule.resourceType, property)).toBe(true));
    }
  });

  test('a create-only fact newer than the specification replaces: ServerlessCache ConnectionType', () => {
    const rule = ruleFor('AWS::ElastiCache::ServerlessCache', 'ConnectionType');
    expect(rule?.decide({ oldValue: undefined, newValue: 'public', oldResource: {}, newResource: {} } as never).behaviour).toBe('replace');
    // The specification lists NetworkType as create-only itself: no rule, its verdict applies.
    expect(ruleFor('AWS::ElastiCache::ServerlessCache', 'NetworkType')).toBeUndefined();
  });

  test('every conditional ("maybe") property of AWS::ElastiCache::ReplicationGroup has a rule', () => {
    const conditional = Object.entries(loadResourceModel('AWS::ElastiCache::ReplicationGroup')!.properties)
      .filter(([, spec]) => spec.causesReplacement === 'maybe')
      .map(([name]) => name);
    expect(conditional).toEqual(expect.arrayContaining(['NumNodeGroups', 'NodeGroupConfiguration', 'AuthToken']));
    expect(conditional.filter((name) => !ruleFor('AWS::ElastiCache::ReplicationGroup', name))).toEqual([]);
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
