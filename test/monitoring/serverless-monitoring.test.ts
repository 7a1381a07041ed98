import { Duration, Size, Stack, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CacheValidationError, ServerlessCache, ServerlessCacheEngine, ServerlessCacheRecommendedAlarms } from '../../lib';
import { alarmDimensions, dashboardBody } from '../helpers/cloudwatch';
import { isolatedVpc, newStack } from '../helpers/stacks';

type Properties = Record<string, unknown>;

/** The one dimension of every serverless metric: `clusterId`, the cache name (a Ref on a cache created here). */
const clusterIdOf = (stack: Stack, cache: ServerlessCache) => [
  { Name: 'clusterId', Value: { Ref: stack.getLogicalId(cache.cfnServerlessCache) } },
];

/** Alarm properties by the last part of their construct id (the metric name). */
function alarmsById(template: Template): Map<string, Properties> {
  return new Map(
    Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([logicalId, resource]) => [
      logicalId.replace(/^.*RecommendedAlarms/, '').replace(/[0-9A-F]{8}$/, ''),
      (resource as { Properties: Properties }).Properties,
    ]),
  );
}

function serverlessStack(props: Partial<ConstructorParameters<typeof ServerlessCache>[2]> = {}) {
  const stack = newStack();
  const cache = new ServerlessCache(stack, 'Cache', { vpc: isolatedVpc(stack), ...props });
  return { stack, cache };
}

describe('serverless metric helpers', () => {
  const { stack, cache } = serverlessStack();

  test.each([
    ['metricThrottledCmds', 'ThrottledCmds', 'Sum'],
    ['metricTotalCmdsCount', 'TotalCmdsCount', 'Sum'],
    ['metricCurrConnections', 'CurrConnections', 'Average'],
    ['metricNewConnections', 'NewConnections', 'Sum'],
    ['metricEvictions', 'Evictions', 'Sum'],
    ['metricNetworkBytesIn', 'NetworkBytesIn', 'Sum'],
    ['metricNetworkBytesOut', 'NetworkBytesOut', 'Sum'],
  ] as const)('%s: %s, %s over 5 minutes, exactly the dimension clusterId', (helper, metricName, statistic) => {
    const metric = cache[helper]();
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toMinutes()]).toEqual([
      'AWS/ElastiCache',
      metricName,
      statistic,
      5,
    ]);
    expect(stack.resolve(metric.dimensions)).toEqual({ clusterId: { Ref: stack.getLogicalId(cache.cfnServerlessCache) } });
  });

  test('ECPUs per second: the Sum of ElastiCacheProcessingUnits on clusterId, divided by the period in seconds', () => {
    const perSecond = cache.metricElastiCacheProcessingUnitsPerSecond({ period: Duration.minutes(1) }) as cloudwatch.MathExpression;
    const [[id, ecpu]] = Object.entries(perSecond.usingMetrics) as [string, cloudwatch.Metric][];
    expect(perSecond.expression).toBe(`${id} / 60`);
    expect([ecpu.metricName, ecpu.statistic, ecpu.period.toSeconds()]).toEqual(['ElastiCacheProcessingUnits', 'Sum', 60]);
    expect(stack.resolve(ecpu.dimensions)).toEqual({ clusterId: { Ref: stack.getLogicalId(cache.cfnServerlessCache) } });
  });

  test('two caches on one graph get different metric-math ids', () => {
    const other = new ServerlessCache(stack, 'Other', { vpc: cache.vpc! });
    const ids = [cache, other].map(
      (c) => Object.keys((c.metricElastiCacheProcessingUnitsPerSecond() as cloudwatch.MathExpression).usingMetrics)[0],
    );
    expect(new Set(ids).size).toBe(2);
    new cloudwatch.GraphWidget({
      left: [cache.metricElastiCacheProcessingUnitsPerSecond(), other.metricElastiCacheProcessingUnitsPerSecond()],
    });
  });
});

describe('serverless recommended alarms, with usage limits', () => {
  const { stack, cache } = serverlessStack({
    cacheUsageLimits: { dataStorageMaximumSize: Size.gibibytes(10), requestRateLimitMaximum: 10_000 },
  });
  const alarms = cache.addRecommendedAlarms('RecommendedAlarms');
  const template = Template.fromStack(stack);
  const byId = alarmsById(template);

  test('the four default alarms, and no other', () => {
    expect([...byId.keys()]).toEqual(['ElastiCacheProcessingUnits', 'BytesUsedForCache', 'ThrottledCmds', 'CurrConnections']);
    expect(alarms.alarms).toHaveLength(4);
    expect(alarms).toBeInstanceOf(ServerlessCacheRecommendedAlarms);
  });

  test.each(['ElastiCacheProcessingUnits', 'BytesUsedForCache', 'ThrottledCmds', 'CurrConnections'])(
    '%s reads exactly the dimension clusterId of the cache',
    (id) => {
      const alarm = byId.get(id)!;
      expect(alarmDimensions(alarm)).toEqual([clusterIdOf(stack, cache)]);
    },
  );

  test('ECPUs: 75 % of requestRateLimitMaximum, in ECPUs per second (Sum ÷ 60), 5 of 5 minutes', () => {
    const alarm = byId.get('ElastiCacheProcessingUnits')!;
    expect(alarm).toMatchObject({
      Threshold: 7500,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const [expression, ecpu] = alarm.Metrics as Properties[];
    expect(expression.Expression).toBe(`${ecpu.Id as string} / 60`);
    expect(ecpu.MetricStat).toMatchObject({
      Metric: { MetricName: 'ElastiCacheProcessingUnits', Namespace: 'AWS/ElastiCache' },
      Period: 60,
      Stat: 'Sum',
    });
  });

  test('storage: 75 % of dataStorageMaximumSize as 10^9-byte GB, Maximum, 1 of 1 five minutes', () => {
    expect(byId.get('BytesUsedForCache')).toMatchObject({
      Threshold: 7_500_000_000,
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
    });
  });

  test('throttling lasting 3 minutes, and connections at 80 % of 65,000', () => {
    expect(byId.get('ThrottledCmds')).toMatchObject({
      Threshold: 0,
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    expect(byId.get('CurrConnections')).toMatchObject({ Threshold: 52000, Statistic: 'Average', EvaluationPeriods: 10 });
  });

  test('every alarm notifies the created topic on ALARM and OK, has no name, and says what to do', () => {
    for (const alarm of byId.values()) {
      expect(alarm.AlarmName).toBeUndefined();
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^CacheRecommendedAlarmsTopic[0-9A-F]{8}$/) }]);
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
    }
    expect(JSON.stringify(byId.get('ElastiCacheProcessingUnits')!.AlarmDescription)).toContain(
      'above 7500 ECPUs per second in 5 of the last 5 periods of 1 minute',
    );
    template.resourceCountIs('AWS::SNS::Topic', 1);
  });
});

describe('serverless recommended alarm options', () => {
  test('without usage limits: no ECPU or storage alarm unless a threshold is given', () => {
    const { stack, cache } = serverlessStack();
    cache.addRecommendedAlarms('RecommendedAlarms', { bytesUsedForCache: { threshold: 5e9 }, evictions: { enabled: true } });
    const byId = alarmsById(Template.fromStack(stack));
    expect([...byId.keys()]).toEqual(['BytesUsedForCache', 'ThrottledCmds', 'CurrConnections', 'Evictions']);
    expect(byId.get('BytesUsedForCache')).toMatchObject({ Threshold: 5e9 });
    expect(byId.get('Evictions')).toMatchObject({ Threshold: 0, Statistic: 'Sum', Period: 300 });
    expect(alarmDimensions(byId.get('Evictions')!)).toEqual([clusterIdOf(stack, cache)]);
  });

  test('enabling the ECPU alarm without a maximum or a threshold fails, saying what to give', () => {
    const { cache } = serverlessStack();
    expect(() => cache.addRecommendedAlarms('RecommendedAlarms', { elastiCacheProcessingUnits: { enabled: true } })).toThrow(
      /\[alarm-options\] elastiCacheProcessingUnits.threshold is required to enable it: the cache has no requestRateLimitMaximum/,
    );
  });

  test('options override and turn off; bad values fail with alarm-options', () => {
    const { stack, cache } = serverlessStack({ cacheUsageLimits: { requestRateLimitMaximum: 5000 } });
    cache.addRecommendedAlarms('RecommendedAlarms', {
      elastiCacheProcessingUnits: { threshold: 4500, evaluationPeriods: 3 },
      currConnections: { enabled: false },
    });
    const byId = alarmsById(Template.fromStack(stack));
    expect([...byId.keys()]).toEqual(['ElastiCacheProcessingUnits', 'ThrottledCmds']);
    expect(byId.get('ElastiCacheProcessingUnits')).toMatchObject({ Threshold: 4500, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    expect(() => cache.addRecommendedAlarms('More', { throttledCmds: { period: Duration.seconds(30) } })).toThrow(CacheValidationError);
  });

  test('a usage limit of tokens gives no default threshold', () => {
    const { stack, cache } = serverlessStack({ cacheUsageLimits: { requestRateLimitMaximum: Token.asNumber({ Ref: 'Max' }) } });
    cache.addRecommendedAlarms('RecommendedAlarms');
    expect([...alarmsById(Template.fromStack(stack)).keys()]).toEqual(['ThrottledCmds', 'CurrConnections']);
  });

  test('an imported cache: clusterId is the name given; usage alarms need thresholds', () => {
    const stack = newStack();
    const cache = ServerlessCache.fromServerlessCacheAttributes(stack, 'Orders', { serverlessCacheName: 'orders' });
    cache.addRecommendedAlarms('RecommendedAlarms', { elastiCacheProcessingUnits: { threshold: 1000 } });
    const byId = alarmsById(Template.fromStack(stack));
    expect([...byId.keys()]).toEqual(['ElastiCacheProcessingUnits', 'ThrottledCmds', 'CurrConnections']);
    for (const alarm of byId.values()) expect(alarmDimensions(alarm)).toEqual([[{ Name: 'clusterId', Value: 'orders' }]]);
  });
});

describe('serverless dashboard', () => {
  const { stack, cache } = serverlessStack({
    cacheUsageLimits: { dataStorageMaximumSize: Size.gibibytes(10), requestRateLimitMaximum: 10_000 },
  });
  const dashboard = cache.addDashboard('Dashboard');
  const graphs = dashboardBody(stack)
    .widgets.filter((w) => w.type === 'metric')
    .map((w) => w.properties as { title: string; metrics: unknown[][]; annotations?: { horizontal: { value: number }[] } });
  const ref = `{'Ref':'${stack.getLogicalId(cache.cfnServerlessCache)}'}`;

  test('the graphs, with the usage maxima and the alarm defaults drawn', () => {
    expect(graphs.map((g) => g.title)).toEqual([
      'ECPUs per second',
      'Data stored (bytes)',
      'Throttled commands',
      'Cache hit rate (%)',
      'Latency (microseconds)',
      'Connections',
      'Commands',
      'Evictions',
      'Network (bytes)',
    ]);
    expect(graphs[0].annotations!.horizontal.map((a) => a.value)).toEqual([10000, 7500]);
    expect(graphs[1].annotations!.horizontal.map((a) => a.value)).toEqual([1e10, 7.5e9]);
    expect(dashboard.dashboard).toBeDefined();
  });

  test('every metric of every graph has exactly the dimension clusterId of the cache', () => {
    const metrics = graphs.flatMap((g) => g.metrics).filter((m) => typeof m[0] === 'string');
    expect(metrics.length).toBeGreaterThanOrEqual(12);
    for (const metric of metrics) {
      expect(metric[0]).toBe('AWS/ElastiCache');
      expect(metric.slice(2, 4)).toEqual(['clusterId', ref]);
      expect(metric).toHaveLength(5); // namespace, name, one dimension, the options
    }
  });

  test('a Memcached cache graphs its hit rate from GetHits and GetMisses', () => {
    const memcachedStack = newStack();
    const memcached = new ServerlessCache(memcachedStack, 'Cache', {
      vpc: isolatedVpc(memcachedStack),
      engine: ServerlessCacheEngine.MEMCACHED_1_6,
    });
    memcached.addDashboard('Dashboard');
    const hitRate = dashboardBody(memcachedStack).widgets.find((w) => w.properties.title === 'Cache hit rate (%)')!;
    const text = JSON.stringify(hitRate.properties.metrics);
    expect(text).toMatch(/100 \* h[0-9a-f]{8} \/ \(h[0-9a-f]{8} \+ x[0-9a-f]{8}\)/);
    expect(text).toContain('"GetHits","clusterId"');
    expect(text).toContain('"GetMisses","clusterId"');
    expect(text).not.toContain('CacheHitRate');
  });
});
