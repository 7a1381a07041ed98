import { Duration, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CacheValidationError, MemcachedCluster, MemcachedClusterProps, MemcachedRecommendedAlarms } from '../../lib';
import { alarmDimensions, dashboardBody } from '../helpers/cloudwatch';
import { isolatedVpc, newStack } from '../helpers/stacks';

type Properties = Record<string, unknown>;

function memcachedStack(props: Partial<MemcachedClusterProps> = {}) {
  const stack = newStack();
  const cluster = new MemcachedCluster(stack, 'Memcached', { vpc: isolatedVpc(stack), ...props });
  const ref = { Ref: stack.getLogicalId(cluster.cfnCacheCluster) };
  /** The two dimensions of a node's metrics: the cluster (a Ref, generated name) and the node. */
  const nodeDimensions = (node: string) => [
    { Name: 'CacheClusterId', Value: ref },
    { Name: 'CacheNodeId', Value: node },
  ];
  return { stack, cluster, ref, nodeDimensions };
}

/** Alarm properties by metric group (the construct id under RecommendedAlarms), node by node. */
function alarmsByGroup(template: Template): Map<string, Properties[]> {
  const groups = new Map<string, Properties[]>();
  for (const [logicalId, resource] of Object.entries(template.findResources('AWS::CloudWatch::Alarm'))) {
    const group = logicalId.replace(/^MemcachedRecommendedAlarms/, '').replace(/\d{4}[0-9A-F]{8}$/, '');
    groups.set(group, [...(groups.get(group) ?? []), (resource as { Properties: Properties }).Properties]);
  }
  return groups;
}

describe('Memcached node ids and metric helpers', () => {
  const { stack, cluster, ref } = memcachedStack({ numNodes: 3 });

  test('cacheNodeIds are 0001 to numNodes', () => {
    expect(cluster.cacheNodeIds).toEqual(['0001', '0002', '0003']);
    expect(cluster.numNodes).toBe(3);
  });

  test('metricPerNode: one metric per node, with exactly CacheClusterId and CacheNodeId', () => {
    const metrics = cluster.metricPerNode('CPUUtilization');
    expect(metrics.map((m) => stack.resolve(m.dimensions))).toEqual(
      ['0001', '0002', '0003'].map((node) => ({ CacheClusterId: ref, CacheNodeId: node })),
    );
    expect(metrics.map((m) => [m.namespace, m.statistic, m.period.toSeconds(), m.label])).toEqual([
      ['AWS/ElastiCache', 'Average', 60, '0001'],
      ['AWS/ElastiCache', 'Average', 60, '0002'],
      ['AWS/ElastiCache', 'Average', 60, '0003'],
    ]);
  });

  test.each([
    ['metricCPUUtilization', 'CPUUtilization', 'Average', 'MAX'],
    ['metricFreeableMemory', 'FreeableMemory', 'Average', 'MIN'],
    ['metricSwapUsage', 'SwapUsage', 'Average', 'MAX'],
    ['metricCurrConnections', 'CurrConnections', 'Average', 'SUM'],
    ['metricNewConnections', 'NewConnections', 'Sum', 'SUM'],
    ['metricEvictions', 'Evictions', 'Sum', 'SUM'],
    ['metricCurrItems', 'CurrItems', 'Average', 'SUM'],
    ['metricNetworkBytesIn', 'NetworkBytesIn', 'Sum', 'SUM'],
    ['metricNetworkBytesOut', 'NetworkBytesOut', 'Sum', 'SUM'],
  ] as const)('%s: %s, %s per node, %s over the nodes, each node on exactly its two dimensions', (helper, name, statistic, aggregation) => {
    const expression = cluster[helper]() as cloudwatch.MathExpression;
    expect(expression.expression).toMatch(new RegExp(`^${aggregation}\\(\\[`));
    const metrics = Object.values(expression.usingMetrics) as cloudwatch.Metric[];
    expect(metrics.map((m) => [m.metricName, m.statistic])).toEqual(Array(3).fill([name, statistic]));
    expect(metrics.map((m) => stack.resolve(m.dimensions))).toEqual(
      ['0001', '0002', '0003'].map((node) => ({ CacheClusterId: ref, CacheNodeId: node })),
    );
  });

  test('hit rate: 100 × Σ GetHits / (Σ GetHits + Σ GetMisses), each node on its two dimensions', () => {
    const rate = cluster.metricCacheHitRate() as cloudwatch.MathExpression;
    const sums = Object.values(rate.usingMetrics) as cloudwatch.MathExpression[];
    const nodeMetrics = sums.flatMap((sum) => Object.values(sum.usingMetrics) as cloudwatch.Metric[]);
    expect(nodeMetrics.map((m) => m.metricName)).toEqual(['GetHits', 'GetHits', 'GetHits', 'GetMisses', 'GetMisses', 'GetMisses']);
    expect(nodeMetrics.every((m) => m.statistic === 'Sum')).toBe(true);
    expect(nodeMetrics.map((m) => stack.resolve(m.dimensions).CacheNodeId as string)).toEqual([
      '0001',
      '0002',
      '0003',
      '0001',
      '0002',
      '0003',
    ]);
    expect(nodeMetrics.every((m) => JSON.stringify(stack.resolve(m.dimensions).CacheClusterId) === JSON.stringify(ref))).toBe(true);
  });

  test('a node count of tokens fails when node metrics are asked for (memcached-nodes-unresolved)', () => {
    const { cluster: tokenCluster } = memcachedStack({ numNodes: Token.asNumber({ Ref: 'Nodes' }) });
    expect(() => tokenCluster.metricPerNode('CPUUtilization')).toThrow(/\[memcached-nodes-unresolved\]/);
  });

  test('an import needs numNodes (imported-num-nodes), 1 to 60; its name is the CacheClusterId', () => {
    const importStack = newStack();
    const without = MemcachedCluster.fromMemcachedClusterAttributes(importStack, 'Without', { clusterName: 'sessions' });
    expect(() => without.addRecommendedAlarms('RecommendedAlarms')).toThrow(
      /\[imported-num-nodes\] .*pass it to MemcachedCluster.fromMemcachedClusterAttributes/,
    );
    const tooMany = MemcachedCluster.fromMemcachedClusterAttributes(importStack, 'TooMany', { clusterName: 'big', numNodes: 61 });
    expect(() => tooMany.cacheNodeIds).toThrow(/\[imported-num-nodes\] numNodes must be an integer from 1 to 60, got 61/);
    const imported = MemcachedCluster.fromMemcachedClusterAttributes(importStack, 'Imported', { clusterName: 'Sessions', numNodes: 2 });
    expect(imported.metricPerNode('Evictions').map((m) => m.dimensions)).toEqual([
      { CacheClusterId: 'sessions', CacheNodeId: '0001' },
      { CacheClusterId: 'sessions', CacheNodeId: '0002' },
    ]);
  });
});

describe('Memcached recommended alarms (3 nodes)', () => {
  const { stack, cluster, nodeDimensions } = memcachedStack({ numNodes: 3 });
  const alarms = cluster.addRecommendedAlarms('RecommendedAlarms');
  const byGroup = alarmsByGroup(Template.fromStack(stack));
  const nodes = ['0001', '0002', '0003'];

  test('one alarm per node for each of the 4 default metrics, and no other', () => {
    expect([...byGroup.keys()]).toEqual(['CPUUtilization', 'FreeableMemory', 'SwapUsage', 'CurrConnections']);
    expect(alarms.alarms).toHaveLength(12);
    expect(alarms).toBeInstanceOf(MemcachedRecommendedAlarms);
  });

  test.each(['CPUUtilization', 'FreeableMemory', 'CurrConnections'])(
    '%s: each alarm reads exactly its node: CacheClusterId and CacheNodeId',
    (group) => {
      expect(byGroup.get(group)!.map(alarmDimensions)).toEqual(nodes.map((node) => [nodeDimensions(node)]));
    },
  );

  test('SwapUsage: SwapUsage - FreeableMemory of the same node, both on exactly its two dimensions', () => {
    const swap = byGroup.get('SwapUsage')!;
    expect(swap.map(alarmDimensions)).toEqual(nodes.map((node) => [nodeDimensions(node), nodeDimensions(node)]));
    const [expression, ...inputs] = swap[0].Metrics as Properties[];
    expect(expression.Expression).toBe('swap - freeable');
    expect(inputs.map((q) => (q.MetricStat as { Metric: { MetricName: string } }).Metric.MetricName)).toEqual([
      'SwapUsage',
      'FreeableMemory',
    ]);
    expect(swap[0]).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 5 });
  });

  test('thresholds follow AWS: CPU 90 % (multithreaded, no ÷ vCPU), FreeableMemory below 100 MB; connections at 80 % of 65,000', () => {
    expect(byGroup.get('CPUUtilization')![0]).toMatchObject({
      Threshold: 90,
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(byGroup.get('FreeableMemory')![0]).toMatchObject({
      Threshold: 100 * 1024 * 1024,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 5,
    });
    expect(byGroup.get('CurrConnections')![0]).toMatchObject({ Threshold: 52000, EvaluationPeriods: 10, DatapointsToAlarm: 10 });
    expect(JSON.stringify(byGroup.get('FreeableMemory')![1].AlarmDescription)).toContain(
      'FreeableMemory of node 0002 of Memcached cluster ',
    );
    expect(JSON.stringify(byGroup.get('FreeableMemory')![1].AlarmDescription)).toContain(' below 104857600 bytes in 5 of the last 5');
  });

  test('every alarm notifies the topic on ALARM and OK and has no name', () => {
    for (const alarm of [...byGroup.values()].flat()) {
      expect(alarm.AlarmName).toBeUndefined();
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MemcachedRecommendedAlarmsTopic[0-9A-F]{8}$/) }]);
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
    }
  });
});

describe('Memcached recommended alarm options', () => {
  test('evictions opt-in, overrides and turning off', () => {
    const { stack, cluster, nodeDimensions } = memcachedStack({ numNodes: 2 });
    cluster.addRecommendedAlarms('RecommendedAlarms', {
      evictions: { enabled: true, threshold: 10 },
      swapUsage: { enabled: false },
      cpuUtilization: { threshold: 80, period: Duration.minutes(5), evaluationPeriods: 3 },
    });
    const byGroup = alarmsByGroup(Template.fromStack(stack));
    expect([...byGroup.keys()]).toEqual(['CPUUtilization', 'FreeableMemory', 'CurrConnections', 'Evictions']);
    expect(byGroup.get('Evictions')![0]).toMatchObject({ Threshold: 10, Statistic: 'Sum', Period: 300 });
    expect(byGroup.get('Evictions')!.map(alarmDimensions)).toEqual([[nodeDimensions('0001')], [nodeDimensions('0002')]]);
    expect(byGroup.get('CPUUtilization')![0]).toMatchObject({ Threshold: 80, Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
  });

  test('bad options fail at once with alarm-options', () => {
    const { cluster } = memcachedStack();
    let error: unknown;
    try {
      cluster.addRecommendedAlarms('RecommendedAlarms', { cpuUtilization: { threshold: 101 }, freeableMemory: { evaluationPeriods: 0 } });
    } catch (e) {
      error = e;
    }
    expect((error as CacheValidationError).ruleIds).toEqual(['alarm-options', 'alarm-options']);
    expect((error as Error).message).toContain('cpuUtilization.threshold must be from 0 to 100 %, got 101');
  });

  test('refuses more alarms than a stack should hold (recommended-alarms-limit)', () => {
    const stack = newStack();
    const big = MemcachedCluster.fromMemcachedClusterAttributes(stack, 'Big', { clusterName: 'big', numNodes: 60 });
    expect(() => big.addRecommendedAlarms('RecommendedAlarms')).toThrow(
      /\[recommended-alarms-limit\] 240 alarms \(4 per node × 60 nodes\)/,
    );
    big.addRecommendedAlarms('Fewer', { swapUsage: { enabled: false } });
  });
});

describe('Memcached dashboard', () => {
  const { stack, cluster } = memcachedStack({ numNodes: 2 });
  cluster.addDashboard('Dashboard');
  const graphs = dashboardBody(stack)
    .widgets.filter((w) => w.type === 'metric')
    .map((w) => w.properties as { title: string; metrics: unknown[][]; annotations?: { horizontal: { value: number }[] } });
  const ref = `{'Ref':'${stack.getLogicalId(cluster.cfnCacheCluster)}'}`;

  test('graphs CPU (with the 90 % alarm), memory, swap, connections, hit rate, evictions, items and network', () => {
    expect(graphs.map((g) => g.title)).toEqual([
      'CPU (%)',
      'Freeable memory (bytes)',
      'Swap (bytes)',
      'Connections',
      'Cache hit rate (%)',
      'Evictions',
      'Items',
      'Network in (bytes)',
      'Network out (bytes)',
    ]);
    expect(graphs[0].annotations!.horizontal.map((a) => a.value)).toEqual([90]);
  });

  test('every node metric has exactly CacheClusterId and CacheNodeId, and per-node lines are labelled with the node id', () => {
    const metrics = graphs.flatMap((g) => g.metrics).filter((m) => typeof m[0] === 'string');
    expect(metrics.length).toBeGreaterThanOrEqual(20);
    for (const metric of metrics) {
      expect(metric).toHaveLength(7);
      expect([metric[0], metric[2], metric[3], metric[4]]).toEqual(['AWS/ElastiCache', 'CacheClusterId', ref, 'CacheNodeId']);
      expect(['0001', '0002']).toContain(metric[5]);
    }
    const cpuLines = graphs[0].metrics.filter((m) => typeof m[0] === 'string' && (m[6] as { label?: string }).label);
    expect(cpuLines.map((m) => (m[6] as { label: string }).label)).toEqual(['0001', '0002']);
  });

  test('the hit rate is computed from GetHits and GetMisses (Memcached publishes no CacheHitRate)', () => {
    const text = JSON.stringify(graphs[4].metrics);
    expect(text).toContain('"GetHits","CacheClusterId"');
    expect(text).toContain('"GetMisses","CacheClusterId"');
    expect(text).not.toContain('CacheHitRate');
  });
});
