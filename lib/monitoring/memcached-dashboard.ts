import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CacheDashboardOptions, GraphFactory } from './dashboard';
import { MEMCACHED_ALARMS } from './memcached-alarms';
import { IMemcachedClusterNodes, memcachedMembersOf } from './memcached-metrics';
import { MEMCACHED_LOOKUPS, NODE_METRIC_PERIOD, NodeAggregation } from './metrics';

/** Properties of {@link MemcachedDashboard}. */
export interface MemcachedDashboardProps extends CacheDashboardOptions {
  /** The Memcached cluster to show; an imported one needs `numNodes`. */
  readonly cache: IMemcachedClusterNodes;
}

/**
 * A CloudWatch dashboard for a Memcached cluster: host CPU, freeable memory, swap, connections, hit rate (from GetHits
 * and GetMisses), evictions, items and network, each graph with one line per node (labelled with its CacheNodeId, on
 * the dimensions CacheClusterId and CacheNodeId) and one for the whole cluster (the aggregate named in its legend).
 */
export class MemcachedDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MemcachedDashboardProps) {
    super(scope, id);
    const nodes = memcachedMembersOf(props.cache);
    const graph = new GraphFactory(nodes, props.period ?? NODE_METRIC_PERIOD);
    const cpuAlarmAt = MEMCACHED_ALARMS.find((spec) => spec.option === 'cpuUtilization')?.threshold;
    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      start: props.start ?? '-PT3H',
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `# ElastiCache Memcached ${props.cache.clusterName}\nOne line per node (CacheNodeId) and one for the whole cluster. Nodes: ${nodes.map((n) => n.cacheNodeId).join(', ')}`,
            width: 24,
            height: 2,
          }),
        ],
        [
          graph.percent('CPU (%)', 'CPUUtilization', cpuAlarmAt),
          graph.of('Freeable memory (bytes)', 'FreeableMemory', NodeAggregation.MINIMUM),
          graph.of('Swap (bytes)', 'SwapUsage', NodeAggregation.MAXIMUM),
        ],
        [
          graph.of('Connections', 'CurrConnections', NodeAggregation.SUM),
          graph.hitRate(MEMCACHED_LOOKUPS),
          graph.of('Evictions', 'Evictions', NodeAggregation.SUM),
        ],
        [
          graph.of('Items', 'CurrItems', NodeAggregation.SUM),
          graph.of('Network in (bytes)', 'NetworkBytesIn', NodeAggregation.SUM),
          graph.of('Network out (bytes)', 'NetworkBytesOut', NodeAggregation.SUM),
        ],
      ],
    });
  }
}
