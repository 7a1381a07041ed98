import { RemovalPolicy, aws_kinesisfirehose as firehose, aws_kms as kms, aws_logs as logs, aws_sns as sns } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CacheLogDestination, CacheLogFormat } from '../../lib';
import { reviewAndReport } from '../../packages/cli/src/cli/review-command';
import { CfnTemplate } from '../../packages/cli/src/review/template-loader';
import { Stack } from 'aws-cdk-lib';
import { ReplicationGroup, ReplicationGroupProps } from '../../lib';
import { isolatedVpc, newStack } from '../helpers/stacks';

/** A stack with one cache whose extra props may reference resources of the same stack. */
function build(props: (stack: Stack) => Partial<ReplicationGroupProps> = () => ({})) {
  const stack = newStack();
  new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), ...props(stack) });
  return { stack, template: Template.fromStack(stack) };
}

type Group = { Properties: { LogDeliveryConfigurations?: unknown[] } };
const groupOf = (template: Template): Group => Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0] as Group;

describe('log delivery', () => {
  test('logging: {} sends the slow log as JSON to a new log group: KMS-encrypted with the cache key, kept a month', () => {
    const { template } = build(() => ({ logging: {} }));
    expect(groupOf(template).Properties.LogDeliveryConfigurations).toEqual([
      {
        LogType: 'slow-log',
        LogFormat: 'json',
        DestinationType: 'cloudwatch-logs',
        DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: expect.stringMatching(/^CacheSlowLogGroup/) } } },
      },
    ]);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] } },
      // As the cache key under the default SNAPSHOT policy: kept.
      DeletionPolicy: 'Retain',
    });
    // The cache key lets CloudWatch Logs encrypt this account's log groups (the deploy rule checks the condition).
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsOfThisAccountAndRegion',
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('the engine log goes to its own log group; options set retention, key, removal and format', () => {
    const { template: t } = build(() => ({
      removalPolicy: RemovalPolicy.DESTROY,
      logging: {
        slowLog: CacheLogDestination.newLogGroup({ retention: logs.RetentionDays.ONE_YEAR }),
        engineLog: CacheLogDestination.newLogGroup(),
        format: CacheLogFormat.TEXT,
      },
    }));
    const configurations = groupOf(t).Properties.LogDeliveryConfigurations as {
      LogType: string;
      LogFormat: string;
      DestinationDetails: unknown;
    }[];
    expect(configurations.map((c) => [c.LogType, c.LogFormat])).toEqual([
      ['slow-log', 'text'],
      ['engine-log', 'text'],
    ]);
    expect(JSON.stringify(configurations[0].DestinationDetails)).toMatch(/CacheSlowLogGroup/);
    expect(JSON.stringify(configurations[1].DestinationDetails)).toMatch(/CacheEngineLogGroup/);
    t.hasResource('AWS::Logs::LogGroup', { Properties: Match.objectLike({ RetentionInDays: 365 }), DeletionPolicy: 'Delete' });
    t.hasResource('AWS::Logs::LogGroup', { Properties: Match.objectLike({ RetentionInDays: 30 }), DeletionPolicy: 'Delete' });
  });

  test('existing log groups, a Firehose stream, and none()', () => {
    const { template } = build((stack) => ({
      logging: {
        slowLog: CacheLogDestination.none(),
        engineLog: CacheLogDestination.logGroup(logs.LogGroup.fromLogGroupName(stack, 'Engine', 'orders-engine')),
      },
    }));
    expect(groupOf(template).Properties.LogDeliveryConfigurations).toEqual([
      {
        LogType: 'engine-log',
        LogFormat: 'json',
        DestinationType: 'cloudwatch-logs',
        DestinationDetails: { CloudWatchLogsDetails: { LogGroup: 'orders-engine' } },
      },
    ]);
    const { template: withFirehose } = build((stack) => ({
      logging: { slowLog: CacheLogDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'orders-logs')) },
    }));
    expect(groupOf(withFirehose).Properties.LogDeliveryConfigurations).toEqual([
      {
        LogType: 'slow-log',
        LogFormat: 'json',
        DestinationType: 'kinesis-firehose',
        DestinationDetails: { KinesisFirehoseDetails: { DeliveryStream: 'orders-logs' } },
      },
    ]);
    const { template: none } = build(() => ({ logging: { slowLog: CacheLogDestination.none() } }));
    expect(groupOf(none).Properties.LogDeliveryConfigurations).toBeUndefined();
  });

  test('an imported log key: a warning shows the statement CloudWatch Logs needs', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-0000-0000-000000000000';
    const { stack } = build((scope) => ({
      logging: { slowLog: CacheLogDestination.newLogGroup({ encryptionKey: kms.Key.fromKeyArn(scope, 'LogKey', keyArn) }) },
    }));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('ack: Annotation::cdk-elasticache:imported-key-log-group'));
  });
});

describe('turning observability on does not replace a live cache (cdk-elasticache review)', () => {
  /** Reviews old → new in-process, as `npx cdk-elasticache review old new` does; returns the exit code and report. */
  function review(before: CfnTemplate, after: CfnTemplate) {
    let stdout = '';
    const code = reviewAndReport(new Map([['TestStack', before]]), new Map([['TestStack', after]]), [], {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stdout += text),
    });
    return { code, stdout };
  }
  const before = build().template.toJSON() as CfnTemplate;
  const withLogs = build((stack) => ({
    logging: { engineLog: CacheLogDestination.newLogGroup() },
    notificationTopic: new sns.Topic(stack, 'Events'),
  })).template.toJSON() as CfnTemplate;

  test('adding slow and engine log delivery and a notification topic: exit 0, the group is updated in place', () => {
    const { code, stdout } = review(before, withLogs);
    expect(stdout).toMatch(/UPDATE +AWS::ElastiCache::ReplicationGroup +Cache18F6EE16/);
    expect(stdout).toMatch(/LogDeliveryConfigurations: \(unset\) → .*\[in-place update\]/);
    expect(stdout).toMatch(/NotificationTopicArn: \(unset\) → .*\[in-place update\]/);
    expect(stdout).toContain('(0 replacements)');
    expect(stdout).toContain('Result: safe: no stateful resource is replaced or deleted');
    expect(code).toBe(0);
  });

  test('turning them off again: exit 0', () => {
    expect(review(withLogs, before).code).toBe(0);
  });
});
