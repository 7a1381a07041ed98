import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { ClusterMode } from '../../lib';
import { cacheStack, onlyResource } from '../helpers/stacks';

describe('ReplicationGroup with cluster mode enabled', () => {
  test('more than one shard turns cluster mode on with NumNodeGroups x ReplicasPerNodeGroup and online resharding', () => {
    const { template, cache } = cacheStack({ numShards: 3, replicasPerShard: 1 });
    const t = template();
    const rg = onlyResource(t, 'AWS::ElastiCache::ReplicationGroup');
    expect(rg.Properties).toMatchObject({
      NumNodeGroups: 3,
      ReplicasPerNodeGroup: 1,
      ClusterMode: 'enabled',
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
    });
    expect(rg.Properties.NumCacheClusters).toBeUndefined();
    expect(rg.UpdatePolicy).toEqual({ UseOnlineResharding: true });
    expect(cache.clusterMode).toBe(ClusterMode.ENABLED);
    t.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { 'cluster-enabled': 'yes' } });
  });

  test('the explicit switch enables cluster mode with one shard', () => {
    const { template } = cacheStack({ clusterMode: ClusterMode.ENABLED });
    const rg = onlyResource(template(), 'AWS::ElastiCache::ReplicationGroup');
    expect(rg.Properties).toMatchObject({ NumNodeGroups: 1, ReplicasPerNodeGroup: 2 });
    expect(rg.UpdatePolicy).toEqual({ UseOnlineResharding: true });
  });

  test('exposes the configuration endpoint and refuses primary and reader endpoints', () => {
    const { cache, stack } = cacheStack({ numShards: 2 });
    expect(stack.resolve(cache.configurationEndpoint.address)).toEqual({
      'Fn::GetAtt': [expect.any(String), 'ConfigurationEndPoint.Address'],
    });
    expect(() => cache.primaryEndpoint).toThrow(/primaryEndpoint exists only with cluster mode disabled.*use configurationEndpoint/);
    expect(() => cache.readerEndpoint).toThrow(/readerEndpoint exists only with cluster mode disabled/);
  });

  test('cluster mode without replicas warns that a node failure loses the shard', () => {
    const { stack } = cacheStack({ numShards: 2, replicasPerShard: 0, multiAz: false });
    Annotations.fromStack(stack).hasWarning('/TestStack/Cache', Match.stringLikeRegexp('replicasPerShard 0 has no failover target'));
  });

  test('cluster mode disabled has no update policy', () => {
    const { template } = cacheStack();
    expect(onlyResource(template(), 'AWS::ElastiCache::ReplicationGroup').UpdatePolicy).toBeUndefined();
  });
});
