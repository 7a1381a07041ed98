import { Duration, Stack, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { CacheValidationError, ClusterMode, NodeAggregation, ReplicationGroup } from '../../lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cacheStack, isolatedVpc, newStack } from '../helpers/stacks';

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
    expect(config.mathExpression.expression).toMatch(new RegExp(`^${aggregation}\\(\\[(m[0-9a-f]{8})_0,\\1_1,\\1_2\\]\\)$`));
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
    expect(config.mathExpression).toMatchObject({ expression: expect.stringMatching(/^AVG\(\[m[0-9a-f]{8}_0,/), period: 300 });
    expect(config.renderingProperties).toMatchObject({ label: 'items' });
    const metric = cache.metric('CurrItems') as cloudwatch.MathExpression;
    // CurrItems is a count per node: summed over the nodes unless told otherwise.
    expect(metric.expression).toMatch(/^SUM\(\[m[0-9a-f]{8}_0,m[0-9a-f]{8}_1,m[0-9a-f]{8}_2\]\)$/);
  });

  test('metricCacheHitRate: 100 × Σhits / (Σhits + Σmisses) over every node, each sum an expression of its own', () => {
    const expression = cache.metricCacheHitRate() as cloudwatch.MathExpression;
    const [hits, misses] = Object.keys(expression.usingMetrics);
    expect(expression.expression).toBe(`100 * ${hits} / (${hits} + ${misses})`);
    const sums = expression.usingMetrics as Record<string, cloudwatch.MathExpression>;
    expect(sums[hits].expression).toBe(`SUM([${hits}_0,${hits}_1,${hits}_2])`);
    const used = { ...sums[hits].usingMetrics, ...sums[misses].usingMetrics } as Record<string, cloudwatch.Metric>;
    expect([used[`${hits}_2`].metricName, used[`${hits}_2`].dimensions, used[`${hits}_2`].statistic]).toEqual([
      'CacheHits',
      node('003'),
      'Sum',
    ]);
    expect([used[`${misses}_0`].metricName, used[`${misses}_0`].dimensions, used[`${misses}_0`].statistic]).toEqual([
      'CacheMisses',
      node('001'),
      'Sum',
    ]);
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

describe('aggregates combine with any other in one widget or alarm (metric-math ids)', () => {
  /** Renders a dashboard with `widgets` and returns its body, as CloudWatch receives it. */
  function dashboardBody(stack: Stack, widgets: cloudwatch.IWidget[]): string {
    new cloudwatch.Dashboard(stack, `Dashboard${stack.node.children.length}`, { widgets: [widgets] });
    const dashboards = Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
    return JSON.stringify(Object.values(dashboards).map((d) => (d as { Properties: unknown }).Properties));
  }

  test("the README's Metrics example synthesizes: engine CPU and metric('CurrItems') in one GraphWidget", () => {
    // Before metric-math ids named what they measure, both expressions used m0, m1, ... and CDK refused the widget:
    // "Cannot have two different metrics share the same id ('m0')".
    const { stack, cache: shardedCache } = cacheStack({ numShards: 3, replicasPerShard: 2 });
    const engineCpu = shardedCache.metricEngineCPUUtilization();
    const items = shardedCache.metric('CurrItems', { aggregation: NodeAggregation.SUM });
    const body = dashboardBody(stack, [new cloudwatch.GraphWidget({ left: [engineCpu, items] })]);
    expect(body).toContain('EngineCPUUtilization');
    expect(body).toContain('CurrItems');
  });

  test('every helper of one group, of two groups, and the same helper twice, in one graph', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const orders = new ReplicationGroup(stack, 'Orders', { vpc, replicasPerShard: 1 });
    const sessions = new ReplicationGroup(stack, 'Sessions', { vpc, replicationGroupId: 'sessions', numShards: 2, replicasPerShard: 1 });
    const helpers = (g: ReplicationGroup) => [
      g.metricEngineCPUUtilization(),
      g.metricCPUUtilization(),
      g.metricDatabaseMemoryUsagePercentage(),
      g.metricFreeableMemory(),
      g.metricCurrConnections(),
      g.metricEvictions(),
      g.metricCacheHitRate(),
      g.metricReplicationLag(),
      g.metricNetworkBytesIn(),
      g.metricEngineCPUUtilization({ aggregation: NodeAggregation.AVERAGE }),
      g.metric('CurrItems', { statistic: 'Maximum' }),
      g.metric('CurrItems', { statistic: 'Minimum' }),
    ];
    const body = dashboardBody(stack, [
      new cloudwatch.GraphWidget({ left: [...helpers(orders), ...helpers(sessions)], right: [orders.metricEngineCPUUtilization()] }),
    ]);
    expect(body).toContain('sessions-0002-002');
  });

  test('an alarm on an expression of two aggregates of one group, and of two groups', () => {
    const { stack, cache: small } = cacheStack({ replicationGroupId: 'small', replicasPerShard: 1 });
    const other = new ReplicationGroup(stack, 'Other', { vpc: small.vpc, replicationGroupId: 'other', replicasPerShard: 1 });
    new cloudwatch.MathExpression({
      expression: 'host - engine',
      usingMetrics: { host: small.metricCPUUtilization(), engine: small.metricEngineCPUUtilization() },
    }).createAlarm(stack, 'HostOverhead', { threshold: 50, evaluationPeriods: 3 });
    new cloudwatch.MathExpression({
      expression: 'MAX([a, b])',
      usingMetrics: { a: small.metricEngineCPUUtilization(), b: other.metricEngineCPUUtilization() },
    }).createAlarm(stack, 'EitherBusy', { threshold: 90, evaluationPeriods: 3 });
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { Metrics: { Id: string }[] };
    }[];
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      const ids = alarm.Properties.Metrics.map((m) => m.Id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
    }
  });

  test('ids do not move when tokens are added elsewhere in the app (a generated group id is named by its path)', () => {
    const idsOf = (extraTokensFirst: boolean) => {
      const stack = newStack();
      if (extraTokensFirst) for (let i = 0; i < 5; i++) new cloudwatch.Metric({ namespace: 'X', metricName: `${stack.account}-${i}` });
      const vpc = isolatedVpc(stack);
      const cache = new ReplicationGroup(stack, 'Cache', { vpc, replicasPerShard: 1 });
      return Object.keys((cache.metricEngineCPUUtilization() as cloudwatch.MathExpression).usingMetrics);
    };
    expect(idsOf(true)).toEqual(idsOf(false));
  });

  test('expressions stay within the 2048 characters CloudWatch allows, on the 100 nodes a dashboard draws', () => {
    const { stack, cache: big } = cacheStack({ numShards: 20, replicasPerShard: 4 });
    const longest = [big.metricEngineCPUUtilization(), big.metricCacheHitRate()].flatMap((m) => {
      const all: string[] = [];
      const visit = (e: cloudwatch.IMetric) => {
        const config = stack.resolve(e.toMetricConfig()) as {
          mathExpression?: { expression: string; usingMetrics: Record<string, cloudwatch.IMetric> };
        };
        if (!config.mathExpression) return;
        all.push(config.mathExpression.expression);
        Object.values((e as cloudwatch.MathExpression).usingMetrics).forEach(visit);
      };
      visit(m);
      return all;
    });
    expect(Math.max(...longest.map((e) => e.length))).toBeLessThanOrEqual(2048);
  });
});
