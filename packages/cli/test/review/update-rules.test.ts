// The rule table on its own: what each rule decides. (spec-facts.test.ts checks the table against the specification,
// here nothing loads it.)
import type { Resource } from '@aws-cdk/cloudformation-diff';
import { globalDatastoreMemberVerdict, ruleFor, type UpdateBehaviour } from '../../src/review/update-rules';

const RG = 'AWS::ElastiCache::ReplicationGroup';

/** The behaviour a rule gives `property: oldValue → newValue`; `extra` is merged into both resources. */
function behaviourOf(property: string, oldValue: unknown, newValue: unknown, extra: Partial<Resource> = {}): UpdateBehaviour {
  const resource = (value: unknown): Resource => ({
    Type: RG,
    ...extra,
    Properties: { ...extra.Properties, [property]: value },
  });
  return ruleFor(RG, property)!.decide({ oldValue, newValue, oldResource: resource(oldValue), newResource: resource(newValue) }).behaviour;
}

describe('NumNodeGroups and NodeGroupConfiguration: the new template UpdatePolicy UseOnlineResharding', () => {
  const groups = [{ NodeGroupId: '0001' }, { NodeGroupId: '0002' }];

  test.each<[string, Partial<Resource>, UpdateBehaviour]>([
    ['true', { UpdatePolicy: { UseOnlineResharding: true } }, 'update'],
    ['"true" (a string)', { UpdatePolicy: { UseOnlineResharding: 'true' } }, 'update'],
    ['false', { UpdatePolicy: { UseOnlineResharding: false } }, 'replace'],
    ['absent, another policy present', { UpdatePolicy: { EnableVersionUpgrade: true } }, 'replace'],
    ['no UpdatePolicy', {}, 'replace'],
    ['an intrinsic function', { UpdatePolicy: { UseOnlineResharding: { Ref: 'Reshard' } } }, 'may-replace'],
    ['a policy an intrinsic function decides', { UpdatePolicy: { 'Fn::If': ['C', { UseOnlineResharding: true }, {}] } }, 'may-replace'],
  ])('NumNodeGroups 2 → 3 with UseOnlineResharding %s: %s', (_name, resource, expected) => {
    expect(behaviourOf('NumNodeGroups', 2, 3, resource)).toBe(expected);
  });

  test('a NodeGroupConfiguration change with the policy and a NodeGroupId in every entry updates in place', () => {
    expect(behaviourOf('NodeGroupConfiguration', groups.slice(0, 1), groups, { UpdatePolicy: { UseOnlineResharding: true } })).toBe(
      'update',
    );
  });

  test('a NodeGroupConfiguration entry without NodeGroupId: may replace, the online path needs every id', () => {
    expect(
      behaviourOf('NodeGroupConfiguration', groups, [...groups, { ReplicaCount: 1 }], { UpdatePolicy: { UseOnlineResharding: true } }),
    ).toBe('may-replace');
  });

  test('a NodeGroupConfiguration change without the policy replaces', () => {
    expect(behaviourOf('NodeGroupConfiguration', groups.slice(0, 1), groups)).toBe('replace');
  });
});

describe('AuthToken', () => {
  test.each<[string, unknown, unknown, UpdateBehaviour]>([
    ['adding one', undefined, 'b'.repeat(16), 'replace'],
    ['changing it', 'a'.repeat(16), 'b'.repeat(16), 'update'],
    ['removing it', 'a'.repeat(16), undefined, 'may-replace'],
  ])('%s: %s', (_name, oldValue, newValue, expected) => {
    expect(behaviourOf('AuthToken', oldValue, newValue)).toBe(expected);
  });
});

describe('AUTH → RBAC in one update (AuthToken removed, UserGroupIds added) replaces the group', () => {
  const change = (property: 'AuthToken' | 'UserGroupIds', oldProps: Record<string, unknown>, newProps: Record<string, unknown>) =>
    ruleFor(RG, property)!.decide({
      oldValue: oldProps[property],
      newValue: newProps[property],
      oldResource: { Type: RG, Properties: oldProps },
      newResource: { Type: RG, Properties: newProps },
    });
  const token = { AuthToken: 'a'.repeat(16) };
  const groups = { UserGroupIds: ['app-users'] };

  test('the AuthToken removal, seen with UserGroupIds added: replace', () => {
    const verdict = change('AuthToken', token, groups);
    expect(verdict.behaviour).toBe('replace');
    expect(verdict.reason).toMatch(/UserGroupIds/);
  });

  test('the UserGroupIds change, seen with the AuthToken removed: replace', () => {
    expect(change('UserGroupIds', token, groups).behaviour).toBe('replace');
  });

  test('UserGroupIds changed while the AuthToken stays, or with no AuthToken at all: in place', () => {
    expect(change('UserGroupIds', { ...token, UserGroupIds: ['a'] }, { ...token, UserGroupIds: ['b'] }).behaviour).toBe('update');
    expect(change('UserGroupIds', { UserGroupIds: ['a'] }, { UserGroupIds: ['b'] }).behaviour).toBe('update');
  });

  test('the rules cite the CloudFormation issue that reports it', () => {
    expect(ruleFor(RG, 'UserGroupIds')!.sources).toEqual([expect.stringMatching(/cloudformation-coverage-roadmap\/issues\/2356$/)]);
  });
});

describe('ReplicasPerNodeGroup: in place since 2026-07-01 (cloudformation-coverage-roadmap #918)', () => {
  const groups = (replicas: number) => [{ NodeGroupId: '0001', ReplicaCount: replicas }];
  const change = (oldGroups: unknown, newGroups: unknown) =>
    ruleFor(RG, 'ReplicasPerNodeGroup')!.decide({
      oldValue: 1,
      newValue: 2,
      oldResource: { Type: RG, Properties: { ReplicasPerNodeGroup: 1, NodeGroupConfiguration: oldGroups } },
      newResource: { Type: RG, Properties: { ReplicasPerNodeGroup: 2, NodeGroupConfiguration: newGroups } },
    }).behaviour;

  test('by itself it updates in place, up or down', () => {
    expect(behaviourOf('ReplicasPerNodeGroup', 1, 2)).toBe('update');
    expect(behaviourOf('ReplicasPerNodeGroup', 2, 0)).toBe('update');
  });

  test('with NodeGroupConfiguration unchanged in the template: in place', () => {
    expect(change(groups(1), groups(1))).toBe('update');
  });

  test('with a NodeGroupConfiguration change in the same update: may replace ("can still cause a replacement")', () => {
    expect(change(groups(1), groups(2))).toBe('may-replace');
    expect(change(undefined, groups(2))).toBe('may-replace');
  });

  test('the rule cites AWS on the roadmap issue', () => {
    expect(ruleFor(RG, 'ReplicasPerNodeGroup')!.sources).toEqual([
      'https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/918',
    ]);
  });
});

describe('CacheCluster NumCacheNodes: replaces only when neither template names Availability Zones', () => {
  const CLUSTER = 'AWS::ElastiCache::CacheCluster';
  const change = (oldExtra: Record<string, unknown>, newExtra: Record<string, unknown>) =>
    ruleFor(CLUSTER, 'NumCacheNodes')!.decide({
      oldValue: 2,
      newValue: 3,
      oldResource: { Type: CLUSTER, Properties: { NumCacheNodes: 2, ...oldExtra } },
      newResource: { Type: CLUSTER, Properties: { NumCacheNodes: 3, ...newExtra } },
    }).behaviour;

  test.each<[string, Record<string, unknown>, Record<string, unknown>, UpdateBehaviour]>([
    ['no zones in either template', {}, {}, 'replace'],
    ['zones in both', { PreferredAvailabilityZones: ['a', 'b'] }, { PreferredAvailabilityZones: ['a', 'b', 'a'] }, 'update'],
    ['zones added with the change', {}, { PreferredAvailabilityZones: ['a', 'b', 'a'] }, 'update'],
    ['one preferred zone before', { PreferredAvailabilityZone: 'a' }, {}, 'update'],
  ])('%s: %s', (_name, oldExtra, newExtra, expected) => {
    expect(change(oldExtra, newExtra)).toBe(expected);
  });
});

describe('User and UserGroup Engine: in place (the CloudFormation reference), though the specification says create-only', () => {
  test.each(['AWS::ElastiCache::User', 'AWS::ElastiCache::UserGroup'])('%s', (type) => {
    const rule = ruleFor(type, 'Engine')!;
    const resource = (engine: string) => ({ Type: type, Properties: { Engine: engine } });
    expect(
      rule.decide({ oldValue: 'redis', newValue: 'valkey', oldResource: resource('redis'), newResource: resource('valkey') }).behaviour,
    ).toBe('update');
  });
});

describe('Engine', () => {
  const withGroup = (name: unknown): Partial<Resource> => ({ Properties: { CacheParameterGroupName: name } });

  test.each<[string, string, string, Partial<Resource>, UpdateBehaviour]>([
    ['with the default parameter group', 'redis', 'valkey', {}, 'update'],
    ['with a default.* parameter group kept', 'redis', 'valkey', withGroup('default.redis7'), 'update'],
    ['keeping a custom parameter group', 'redis', 'valkey', withGroup('cache-redis7'), 'rejected'],
    ['keeping a custom parameter group by Ref', 'redis', 'valkey', withGroup({ Ref: 'ParameterGroup' }), 'rejected'],
    ['back', 'valkey', 'redis', {}, 'rejected'],
  ])('%s → %s %s: %s', (_name, from, to, resource, expected) => {
    expect(behaviourOf('Engine', from, to, resource)).toBe(expected);
  });

  test('redis → valkey with a new parameter group updates in place', () => {
    const change = {
      oldValue: 'redis',
      newValue: 'valkey',
      oldResource: { Type: RG, Properties: { Engine: 'redis', CacheParameterGroupName: { Ref: 'Redis7' } } },
      newResource: { Type: RG, Properties: { Engine: 'valkey', CacheParameterGroupName: { Ref: 'Valkey8' } } },
    };
    expect(ruleFor(RG, 'Engine')!.decide(change).behaviour).toBe('update');
  });
});

describe('Durability', () => {
  test.each<[unknown, unknown, UpdateBehaviour]>([
    ['sync', 'async', 'update'],
    ['async', 'sync', 'update'],
    [undefined, 'disabled', 'update'],
    ['default', 'disabled', 'update'],
    [undefined, 'sync', 'rejected'],
    ['disabled', 'async', 'rejected'],
    ['default', 'sync', 'rejected'],
    ['sync', 'disabled', 'rejected'],
    ['async', undefined, 'rejected'],
    ['sync', { Ref: 'Durability' }, 'rejected'],
  ])('%j → %j: %s', (oldValue, newValue, expected) => {
    expect(behaviourOf('Durability', oldValue, newValue)).toBe(expected);
  });
});

describe('a member of a global datastore: what the global datastore owns is rejected on the member', () => {
  const group = (properties: Record<string, unknown>): Resource => ({ Type: RG, Properties: properties });
  const global = (members: unknown): Resource => ({ Type: 'AWS::ElastiCache::GlobalReplicationGroup', Properties: { Members: members } });
  const verdictOf = (property: string, oldGroup: Resource, oldResources: Record<string, Resource>, newGroup = oldGroup) =>
    globalDatastoreMemberVerdict(RG, property, 'Cache', { oldResource: oldGroup, newResource: newGroup }, oldResources)?.verdict;

  test.each([
    ['by Ref', { Ref: 'Cache' }],
    ['by its literal ReplicationGroupId', 'orders'],
  ])('the PRIMARY member, named %s: rejected, naming the GlobalDatastore prop', (_how, id) => {
    const primary = group({ ReplicationGroupId: 'orders' });
    const verdict = verdictOf('CacheNodeType', primary, { Cache: primary, Global: global([{ ReplicationGroupId: id, Role: 'PRIMARY' }]) });
    expect(verdict?.behaviour).toBe('rejected');
    expect(verdict?.reason).toContain('the primary of global datastore Global');
    expect(verdict?.reason).toContain("(GlobalDatastore's cacheNodeType)");
  });

  test('a secondary (GlobalReplicationGroupId in both templates): rejected', () => {
    const secondary = group({ GlobalReplicationGroupId: 'ldgnf-orders' });
    expect(verdictOf('NumNodeGroups', secondary, { Cache: secondary })?.reason).toContain(
      "change GlobalNodeGroupCount on the AWS::ElastiCache::GlobalReplicationGroup instead (GlobalDatastore's numShards)",
    );
  });

  test('no decision for a property the global datastore does not own, a group in no global datastore, or a SECONDARY entry', () => {
    const primary = group({});
    const withGlobal = { Cache: primary, Global: global([{ ReplicationGroupId: { Ref: 'Cache' }, Role: 'PRIMARY' }]) };
    expect(verdictOf('SnapshotRetentionLimit', primary, withGlobal)).toBeUndefined();
    expect(verdictOf('CacheNodeType', primary, { Cache: primary })).toBeUndefined();
    expect(
      verdictOf('CacheNodeType', primary, {
        Cache: primary,
        Global: global([{ ReplicationGroupId: { Ref: 'Cache' }, Role: 'SECONDARY' }]),
      }),
    ).toBeUndefined();
  });
});
