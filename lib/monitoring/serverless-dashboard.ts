import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CacheDashboardOptions } from './dashboard';
import { NODE_METRIC_PERIOD } from './metrics';
import { ServerlessCacheMonitoringProps, USAGE_LIMIT_ALARM_RATIO, knownUsageMaxima } from './serverless-alarms';
import {
  ServerlessMetricSource,
  serverlessEcpuPerSecond,
  serverlessGetHitRate,
  serverlessMetric,
  serverlessMetricSource,
} from './serverless-metrics';

/** Properties of {@link ServerlessCacheDashboard}. */
export interface ServerlessCacheDashboardProps extends ServerlessCacheMonitoringProps, CacheDashboardOptions {
  /**
   * Whether the cache runs Memcached, which publishes no CacheHitRate: the hit-rate graph then computes
   * 100 × GetHits / (GetHits + GetMisses).
   * @default false (Valkey or Redis OSS: the graph shows CacheHitRate)
   */
  readonly memcached?: boolean;
}

/** A horizontal line on a graph: a usage maximum, or the recommended alarm's default threshold. */
function lines(maximum: number | undefined, what: string): cloudwatch.HorizontalAnnotation[] {
  if (maximum === undefined) return [];
  return [
    { value: maximum, label: `${what} maximum` },
    { value: maximum * USAGE_LIMIT_ALARM_RATIO, label: `recommended alarm default: ${USAGE_LIMIT_ALARM_RATIO * 100} % of the maximum` },
  ];
}

/** Builds the graphs of one serverless cache: one line per metric, every one on its `clusterId` dimension. */
class ServerlessGraphs {
  constructor(
    private readonly source: ServerlessMetricSource,
    private readonly period: Duration,
  ) {}

  public metric(metricName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return serverlessMetric(this.source.serverlessCacheName, metricName, { period: this.period, ...options });
  }

  public graph(title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}): cloudwatch.GraphWidget {
    return new cloudwatch.GraphWidget({ title, width: 8, height: 6, left, ...extra });
  }

  public ecpuPerSecond(): cloudwatch.IMetric {
    return serverlessEcpuPerSecond(this.source, { period: this.period });
  }

  public getHitRate(): cloudwatch.IMetric {
    return serverlessGetHitRate(this.source, { period: this.period });
  }
}

/**
 * A CloudWatch dashboard for a serverless cache: ECPUs per second and data stored against the cache's usage maxima
 * (with the recommended alarms' 75 % drawn), throttled commands, hit rate, read and write latency (average and p99),
 * connections, commands, evictions and network, every graph on the cache's `clusterId` dimension.
 */
export class ServerlessCacheDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ServerlessCacheDashboardProps) {
    super(scope, id);
    const source = serverlessMetricSource(props.cache);
    const maxima = knownUsageMaxima(props);
    const g = new ServerlessGraphs(source, props.period ?? NODE_METRIC_PERIOD);
    const latency = (kind: 'Read' | 'Write', statistic: string) =>
      g.metric(`Successful${kind}RequestLatency`, { statistic, label: `${kind.toLowerCase()}s, ${statistic.toLowerCase()}` });
    const percent = { leftYAxis: { min: 0, max: 100, showUnits: false } };
    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      start: props.start ?? '-PT3H',
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `# ElastiCache serverless ${source.serverlessCacheName}\nMetrics of the cache (dimension clusterId); it scales by itself up to its usage maxima.`,
            width: 24,
            height: 2,
          }),
        ],
        [
          g.graph('ECPUs per second', [g.ecpuPerSecond()], { leftAnnotations: lines(maxima.ecpuPerSecond, 'requestRateLimit') }),
          g.graph('Data stored (bytes)', [g.metric('BytesUsedForCache', { statistic: cloudwatch.Stats.MAXIMUM })], {
            leftAnnotations: lines(maxima.storageBytes, 'dataStorage'),
          }),
          g.graph('Throttled commands', [g.metric('ThrottledCmds')]),
        ],
        [
          g.graph('Cache hit rate (%)', [props.memcached ? g.getHitRate() : g.metric('CacheHitRate')], percent),
          g.graph('Latency (microseconds)', [
            latency('Read', 'Average'),
            latency('Read', 'p99'),
            latency('Write', 'Average'),
            latency('Write', 'p99'),
          ]),
          g.graph('Connections', [g.metric('CurrConnections')], { right: [g.metric('NewConnections')] }),
        ],
        [
          g.graph('Commands', [g.metric('TotalCmdsCount')]),
          g.graph('Evictions', [g.metric('Evictions')]),
          g.graph('Network (bytes)', [g.metric('NetworkBytesIn', { label: 'in' }), g.metric('NetworkBytesOut', { label: 'out' })]),
        ],
      ],
    });
  }
}
