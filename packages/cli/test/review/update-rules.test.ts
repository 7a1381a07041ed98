// The rule table on its own: what each rule decides. (spec-facts.test.ts checks the table against the specification,
// here nothing loads it.)
import type { Resource } from '@aws-cdk/cloudformation-diff';
import { ruleFor, type UpdateBehaviour } from '../../src/review/update-rules';

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
