import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** A widget of a dashboard body. */
export interface DashboardWidget {
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

/** The body of the stack's one dashboard with its Fn::Join flattened: tokens become `{'Ref':...}` text. */
export function dashboardBody(stack: Stack): { widgets: DashboardWidget[] } {
  const [dashboard] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard')) as {
    Properties: { DashboardBody: { 'Fn::Join': [string, unknown[]] } | string };
  }[];
  const body = dashboard.Properties.DashboardBody;
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replace(/"/g, "'"))).join('');
  return JSON.parse(text) as { widgets: DashboardWidget[] };
}

/** The dimensions of every metric an alarm reads: its own, or those of each metric of its math expression. */
export function alarmDimensions(alarm: Record<string, unknown>): unknown[] {
  if (alarm.Dimensions) return [alarm.Dimensions];
  return (alarm.Metrics as { MetricStat?: { Metric: { Dimensions: unknown } } }[])
    .filter((query) => query.MetricStat)
    .map((query) => query.MetricStat!.Metric.Dimensions);
}
