import { App, Stack, aws_events_targets as targets, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MemcachedCluster, ReplicationGroup, ServerlessCache } from '../../lib';
import { addCompliancePacks } from '../../bin/sample-app-factory';
import { isolatedVpc, newStack } from '../helpers/stacks';
import { synthValidationReport } from '../helpers/validation-report';

describe('node-based caches: event notifications through SNS only', () => {
  const stack = newStack();
  const events = new sns.Topic(stack, 'Events', { enforceSSL: true });
  const cache = new ReplicationGroup(stack, 'Cache', {
    vpc: isolatedVpc(stack),
    replicationGroupId: 'orders',
    replicasPerShard: 1,
    notificationTopic: events,
  });
  const template = Template.fromStack(stack);

  test('NotificationTopicArn is the topic, which gets the aws:SourceOwner statement ElastiCache needs', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NotificationTopicArn: { Ref: Match.stringLikeRegexp('^Events') },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^Events') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowElastiCacheEventNotificationsOfThisAccount',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^Events') },
            Condition: { StringEquals: { 'AWS:SourceOwner': { Ref: 'AWS::AccountId' } } },
          },
        ]),
      },
    });
  });

  test('a replication group and a Memcached cluster have no onEvent: ElastiCache sends their events to no EventBridge bus', () => {
    // "Self-designed cluster events are not published to Amazon EventBridge" (lib/facts/events.ts): a rule on them
    // would never fire.
    expect('onEvent' in cache).toBe(false);
    const other = newStack();
    const memcached = new MemcachedCluster(other, 'Memcached', { vpc: isolatedVpc(other) });
    expect('onEvent' in memcached).toBe(false);
    expect(template.findResources('AWS::Events::Rule')).toEqual({});
  });

  test('an encrypted notification topic is rejected: ElastiCache cannot publish to it', () => {
    const other = newStack();
    const encrypted = new sns.Topic(other, 'Encrypted', { masterKey: new kms.Key(other, 'Key') });
    expect(() => new ReplicationGroup(other, 'Cache', { vpc: isolatedVpc(other), notificationTopic: encrypted })).toThrow(
      /\[notification-topic-encrypted\] notificationTopic TestStack\/Encrypted is encrypted with TestStack\/Key, and ElastiCache cannot publish event notifications to an encrypted topic/,
    );
  });

  test("the notification topic's missing KMS key is acknowledged in the cdk-nag packs, with AWS's requirement; another topic still fails (control)", () => {
    const { reports } = synthValidationReport((outdir) => {
      const app = new App({ outdir });
      addCompliancePacks(app);
      const nagged = new Stack(app, 'Nagged');
      const topic = new sns.Topic(nagged, 'CacheEvents', { enforceSSL: true });
      new ReplicationGroup(nagged, 'Cache', { vpc: isolatedVpc(nagged), notificationTopic: topic });
      new sns.Topic(nagged, 'Unrelated', { enforceSSL: true });
      return app;
    });
    type Violation = { ruleName: string; violatingConstructs: { constructPath: string }[] };
    const flagged = reports
      .flatMap((r) => r.violations as Violation[])
      .filter((v) => /SNS/.test(v.ruleName))
      .flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
    expect(flagged.filter((path) => path.startsWith('Nagged/CacheEvents/'))).toEqual([]);
    expect(flagged).toContain('Nagged/Unrelated/Resource');
  });
});

describe('serverless caches: onEvent on EventBridge', () => {
  test('a rule on source aws.elasticache whose detail.SourceIdentifier is the cache name', () => {
    const stack = newStack();
    const cache = new ServerlessCache(stack, 'Sessions', { vpc: isolatedVpc(stack) });
    const topic = new sns.Topic(stack, 'OnCall', { masterKey: new kms.Key(stack, 'Key') });
    const rule = cache.onEvent('Events', { target: new targets.SnsTopic(topic) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.elasticache'], detail: { SourceIdentifier: [{ Ref: Match.stringLikeRegexp('^Sessions') }] } },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^OnCall') } })],
    });
    expect(rule.node.path).toBe('TestStack/Sessions/Events');
    // EventBridge may publish to the encrypted topic: its topic policy and its key policy say so.
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' })]),
      },
    });
  });

  test('options narrow the rule, e.g. to Cache Limit Approaching', () => {
    const stack = newStack();
    const cache = new ServerlessCache(stack, 'Sessions', { vpc: isolatedVpc(stack) });
    cache.onEvent('Limits', { eventPattern: { detailType: ['Cache Limit Approaching'] } });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.elasticache'],
        'detail-type': ['Cache Limit Approaching'],
        detail: { SourceIdentifier: [{ Ref: Match.stringLikeRegexp('^Sessions') }] },
      },
    });
  });

  test('an import named in upper case matches the lower-case name ElastiCache stores (matching is case-sensitive)', () => {
    const stack = newStack();
    ServerlessCache.fromServerlessCacheAttributes(stack, 'Imported', { serverlessCacheName: 'Sessions-Prod' }).onEvent('Events');
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.elasticache'], detail: { SourceIdentifier: ['sessions-prod'] } },
    });
  });
});
