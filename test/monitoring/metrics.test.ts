import { Duration, Stack, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { CacheValidationError, ClusterMode, NodeAggregation, ReplicationGroup } from '../../lib';
import { cacheStack, newStack } from '../helpers/stacks';

/** A metric's or expression's CloudWatch rendering, resolved. */
function rendered(stack: Stack, metric: cloudwatch.IMetric) {
  return stack.resolve(metric.toMetricConfig());
}

const ref = { Ref: 'Cache18F6EE16' };

describe('member cluster ids', () => {
  test('cluster mode disabled, generated id: Fn::Join on the Ref, <id>-001 to <id>-00N', () => {
    const { stack, cache } = cacheStack({ replicasPerShard: 2 });
    expect(stack.resolve(cache.memberClusterIds)).toEqual(['001', '002', '003'].map((n) => ({ 'Fn::Join': ['', [ref, `-${n}`]] })));
  });

  test('cluster mode enabled, chosen id: <id>-<4-digit shard>-<3-digit node>', () => {
    const { cache } = cacheStack({ replicationGroupId: 'orders', numShards: 2, replicasPerShard: 1 });
    expect(cache.memberClusterIds).toEqual(['orders-0001-001', 'orders-0001-002', 'orders-0002-001', 'orders-0002-002']);
  });

  test('cluster mode enabled with one shard and no replica', () => {
    const { cache } = cacheStack({ replicationGroupId: 'solo', clusterMode: ClusterMode.ENABLED, replicasPerShard: 0, multiAz: false });
    expect(cache.memberClusterIds).toEqual(['solo-0001-001']);
  });

  test('an import derives them from its topology, lowercased as ElastiCache stores ids', () => {
    const stack = newStack();
    const off = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Off', { replicationGroupId: 'Orders', replicasPerShard: 1 });
    const on = ReplicationGroup.fromReplicationGroupAttributes(stack, 'On', {
      replicationGroupId: 'sessions',
      numShards: 2,
      replicasPerShard: 0,
    });
    const given = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Given', {
      replicationGroupId: 'resharded',
      memberClusterIds: ['resharded-0001-001', 'resharded-0004-001'],
    });
    expect(off.memberClusterIds).toEqual(['orders-001', 'orders-002']);
    expect(on.memberClusterIds).toEqual(['sessions-0001-001', 'sessions-0002-001']);
    expect(given.memberClusterIds).toEqual(['resharded-0001-001', 'resharded-0004-001']);
  });

  test('an import without topology throws a clear error when a per-node metric is asked for', () => {
    const cache = ReplicationGroup.fromReplicationGroupAttributes(newStack(), 'I', { replicationGroupId: 'orders' });
    expect(() => cache.metricEngineCPUUtilization()).toThrow(
      "imported replication group 'orders': missing attribute:\n  - [imported-replicas-per-shard] it has no replicasPerShard (with numShards and clusterMode) or memberClusterIds: pass it to ReplicationGroup.fromReplicationGroupAttributes()",
    );
  });

  test('an impossible imported topology is rejected', () => {
    const cache = ReplicationGroup.fromReplicationGroupAttributes(newStack(), 'I', {
      replicationGroupId: 'orders',
      numShards: 3,
      clusterMode: ClusterMode.DISABLED,
      replicasPerShard: 6,
    });
    let error: unknown;
    try {
      void cache.memberClusterIds;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CacheValidationError);
    expect((error as Error).message).toContain('[imported-topology] replicasPerShard must be an integer from 0 to 5, got 6');
    expect((error as Error).message).toContain('[imported-topology] numShards 3 needs clusterMode ClusterMode.ENABLED');
  });

  test('a topology given as tokens cannot name the nodes', () => {
    const { cache } = cacheStack({ replicasPerShard: Token.asNumber({ Ref: 'Replicas' }) });
    expect(() => cache.memberClusterIds).toThrow(/\[topology-unresolved\] numShards and replicasPerShard must be numbers known at synth/);
  });
});

describe('metric helpers', () => {
  const { stack, cache } = cacheStack({ replicationGroupId: 'orders', replicasPerShard: 2 });
  const node = (n: string) => ({ CacheClusterId: `orders-${n}` });

  test('metricPerNode: one metric per node with its CacheClusterId, the usual statistic, one minute', () => {
    const metrics = cache.metricPerNode('Evictions');
    expect(metrics.map((m) => [m.dimensions, m.statistic, m.period.toSeconds(), m.label])).toEqual(
      ['001', '002', '003'].map((n) => [node(n), 'Sum', 60, `orders-${n}`]),
    );
    expect(cache.metricPerNode('EngineCPUUtilization')[0].statistic).toBe('Average');
  });

  test.each([
    ['metricEngineCPUUtilization', 'EngineCPUUtilization', 'Average', 'MAX'],
    ['metricCPUUtilization', 'CPUUtilization', 'Average', 'MAX'],
    ['metricDatabaseMemoryUsagePercentage', 'DatabaseMemoryUsagePercentage', 'Average', 'MAX'],
    ['metricFreeableMemory', 'FreeableMemory', 'Average', 'MIN'],
    ['metricSwapUsage', 'SwapUsage', 'Average', 'MAX'],
    ['metricCurrConnections', 'CurrConnections', 'Average', 'SUM'],
    ['metricNewConnections', 'NewConnections', 'Sum', 'SUM'],
    ['metricEvictions', 'Evictions', 'Sum', 'SUM'],
    ['metricReplicationLag', 'ReplicationLag', 'Average', 'MAX'],
    ['metricNetworkBytesIn', 'NetworkBytesIn', 'Sum', 'SUM'],
    ['metricNetworkBytesOut', 'NetworkBytesOut', 'Sum', 'SUM'],
    ['metricAuthenticationFailures', 'AuthenticationFailures', 'Sum', 'SUM'],
  ] as const)('%s: %s, %s per node, %s over the nodes', (method, metricName, statistic, aggregation) => {
    const config = rendered(stack, cache[method]());
    expect(config.mathExpression.expression).toBe(`${aggregation}([m0,m1,m2])`);
    expect(config.mathExpression.period).toBe(60);
    const metrics = Object.values(config.mathExpression.usingMetrics as Record<string, cloudwatch.Metric>);
    expect(metrics.map((m) => [m.namespace, m.metricName, m.dimensions, m.statistic])).toEqual(
      ['001', '002', '003'].map((n) => ['AWS/ElastiCache', metricName, node(n), statistic]),
    );
  });

  test('metric(): any metric, with a chosen aggregation, label and period', () => {
    const config = rendered(
      stack,
      cache.metric('CurrItems', { aggregation: NodeAggregation.AVERAGE, label: 'items', period: Duration.minutes(5) }),
    );
    expect(config.mathExpression).toMatchObject({ expression: 'AVG([m0,m1,m2])', period: 300 });
    expect(config.renderingProperties).toMatchObject({ label: 'items' });
    const metric = cache.metric('CurrItems') as cloudwatch.MathExpression;
    expect(metric.expression).toBe('MAX([m0,m1,m2])');
  });

  test('metricCacheHitRate: 100 × Σhits / (Σhits + Σmisses) over every node', () => {
    const expression = cache.metricCacheHitRate() as cloudwatch.MathExpression;
    expect(expression.expression).toBe('100 * SUM([h0,h1,h2]) / (SUM([h0,h1,h2]) + SUM([x0,x1,x2]))');
    const used = expression.usingMetrics as Record<string, cloudwatch.Metric>;
    expect([used.h2.metricName, used.h2.dimensions, used.h2.statistic]).toEqual(['CacheHits', node('003'), 'Sum']);
    expect([used.x0.metricName, used.x0.dimensions, used.x0.statistic]).toEqual(['CacheMisses', node('001'), 'Sum']);
  });

  test('an import with its topology has the same helpers', () => {
    const imported = ReplicationGroup.fromReplicationGroupAttributes(newStack(), 'I', {
      replicationGroupId: 'orders',
      numShards: 2,
      replicasPerShard: 1,
    });
    const metrics = (imported.metricDatabaseMemoryUsagePercentage() as cloudwatch.MathExpression).usingMetrics as Record<
      string,
      cloudwatch.Metric
    >;
    expect(Object.values(metrics).map((m) => m.dimensions)).toEqual(
      ['0001-001', '0001-002', '0002-001', '0002-002'].map((n) => ({ CacheClusterId: `orders-${n}` })),
    );
  });
});
