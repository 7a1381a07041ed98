import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ReplicationGroup } from '../../lib';
import { cacheStack, newStack } from '../helpers/stacks';

/** The dashboard body with its Fn::Join flattened: tokens become `{"Ref":...}` text. */
function dashboardBody(stack: Stack): { widgets: { type: string; properties: Record<string, unknown> }[] } {
  const [dashboard] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard')) as {
    Properties: { DashboardBody: unknown; DashboardName?: string };
  }[];
  expect(dashboard.Properties.DashboardName).toBeUndefined();
  const body = dashboard.Properties.DashboardBody as { 'Fn::Join'?: [string, unknown[]] } | string;
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join']![1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replace(/"/g, "'"))).join('');
  return JSON.parse(text) as { widgets: { type: string; properties: Record<string, unknown> }[] };
}

describe('dashboard', () => {
  const { stack, cache } = cacheStack({ replicationGroupId: 'orders', replicasPerShard: 2 });
  const dashboard = cache.addDashboard('Dashboard');
  const body = dashboardBody(stack);
  const graphs = body.widgets.filter((w) => w.type === 'metric').map((w) => w.properties as { title: string; metrics: unknown[][] });
  const titles = graphs.map((g) => g.title);

  test('has the graphs the issue asks for: memory, CPU, engine CPU, connections, hit rate, evictions, replication lag', () => {
    expect(titles).toEqual([
      'Engine CPU (%)',
      'Host CPU (%)',
      'Memory used (% of maxmemory)',
      'Connections',
      'Cache hit rate (%)',
      'Evictions',
      'Replication lag (seconds)',
      'Network in (bytes)',
      'Network out (bytes)',
    ]);
    expect(dashboard.dashboard).toBeDefined();
  });

  test('every graph shows the aggregate and one line per node, labelled with its CacheClusterId', () => {
    const engine = graphs[0].metrics;
    const expression = engine.find((m) => JSON.stringify(m).includes('"expression"'));
    expect(JSON.stringify(expression)).toMatch(/MAX\(\[(m[0-9a-f]{8})_0,\1_1,\1_2\]\)/);
    for (const node of ['orders-001', 'orders-002', 'orders-003']) {
      expect(engine).toContainEqual([
        'AWS/ElastiCache',
        'EngineCPUUtilization',
        'CacheClusterId',
        node,
        expect.objectContaining({ label: node }),
      ]);
    }
    expect(JSON.stringify(graphs[4].metrics)).toMatch(/100 \* (h[0-9a-f]{8}) \/ \(\1 \+ x[0-9a-f]{8}\)/);
    expect(JSON.stringify(graphs[4].metrics)).toMatch(/SUM\(\[(h[0-9a-f]{8})_0,\1_1,\1_2\]\)/);
    expect(JSON.stringify(graphs[3].metrics)).toMatch(/SUM\(\[(m[0-9a-f]{8})_0,\1_1,\1_2\]\)/);
  });

  test('graphs use one-minute periods, as ElastiCache publishes', () => {
    expect(JSON.stringify(graphs[0].metrics)).toContain('"period":60');
  });

  test('percent graphs draw the default alarm threshold', () => {
    const annotations = (graphs[0] as unknown as { annotations: { horizontal: { value: number }[] } }).annotations;
    expect(annotations.horizontal).toEqual([expect.objectContaining({ value: 90 })]);
  });

  test('a group without replicas has no replication lag graph; a name and period can be chosen', () => {
    const other = cacheStack({ replicasPerShard: 0, multiAz: false });
    other.cache.addDashboard('Dashboard', { dashboardName: 'orders-cache-prod', period: Duration.minutes(5) });
    const template = Template.fromStack(other.stack);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'orders-cache-prod' });
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain('Replication lag');
    // 5 minutes is CloudWatch's default period, so no metric names one; the default dashboard's say 60.
    expect(text).not.toContain('\\"period\\":60');
  });

  test('refuses a group bigger than a dashboard can draw (dashboard-node-limit)', () => {
    const big = ReplicationGroup.fromReplicationGroupAttributes(newStack(), 'Big', {
      replicationGroupId: 'big',
      numShards: 60,
      replicasPerShard: 1,
    });
    expect(() => big.addDashboard('Dashboard')).toThrow(
      /\[dashboard-node-limit\] the group has 120 nodes; the dashboard draws at most 100/,
    );
  });
});
