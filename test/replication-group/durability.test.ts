import { Template } from 'aws-cdk-lib/assertions';
import { ClusterMode, Durability } from '../../lib';
import { ruleFor } from '../../packages/cli/src/review/update-rules';
import { cacheStack, onlyResource } from '../helpers/stacks';

const RG = 'AWS::ElastiCache::ReplicationGroup';

describe('ReplicationGroup durability', () => {
  const { stack, cache } = cacheStack({ durability: Durability.SYNC, numShards: 2, replicasPerShard: 1 });
  const resource = onlyResource(Template.fromStack(stack), RG);

  test('maps to Durability on a cluster-mode, Multi-AZ Valkey 9.0 group', () => {
    expect(resource.Properties).toMatchObject({
      Durability: 'sync',
      Engine: 'valkey',
      EngineVersion: '9.0',
      ClusterMode: 'enabled',
      MultiAZEnabled: true,
      ReplicasPerNodeGroup: 1,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
    });
    expect(cache.durability).toBe(Durability.SYNC);
    expect(cache.clusterMode).toBe(ClusterMode.ENABLED);
  });

  test('exposes EffectiveDurability, what ElastiCache applied after its default', () => {
    expect(stack.resolve(cache.effectiveDurability)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(cache.cfnReplicationGroup), 'EffectiveDurability'],
    });
  });

  test('is left out when not set, and DISABLED needs none of the durable requirements', () => {
    expect(onlyResource(cacheStack().template(), RG).Properties.Durability).toBeUndefined();
    expect(onlyResource(cacheStack({ durability: Durability.DISABLED }).template(), RG).Properties.Durability).toBe('disabled');
  });

  test('the props doc and the reviewer agree: switching durability on or off fails, SYNC <-> ASYNC updates', () => {
    const rule = ruleFor(RG, 'Durability')!;
    const change = (oldValue: string | undefined, newValue: string) =>
      rule.decide({ oldValue, newValue, oldResource: { Type: RG }, newResource: { Type: RG } }).behaviour;
    expect(change(undefined, Durability.SYNC)).toBe('rejected');
    expect(change(Durability.ASYNC, Durability.DISABLED)).toBe('rejected');
    expect(change(Durability.SYNC, Durability.ASYNC)).toBe('update');
  });
});
