/**
 * The README's Observability examples, as written, synthesize: each ```ts block is taken from README.md, transpiled,
 * and run with the values the rosetta default fixture declares (`this` a stack, `vpc`, `key`, ...). A README example
 * that compiles but cannot synthesize (two metric-math expressions sharing an id, an `onEvent` the shape no longer has)
 * fails here.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { runInThisContext } from 'vm';
import * as ts from 'typescript';
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lib from '../../lib';
import { isolatedVpc, newStack } from '../helpers/stacks';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The ```ts blocks (default fixture) under the `###` heading that starts with `heading`. */
function snippets(heading: string): string[] {
  const start = README.indexOf(`\n### ${heading}`);
  if (start < 0) throw new Error(`no README section '### ${heading}'`);
  const end = README.indexOf('\n## ', start + 1);
  const next = README.indexOf('\n### ', start + 1);
  const section = README.slice(start, Math.min(...[end, next].filter((i) => i > 0)));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Runs a snippet as the body of a stack's constructor, with the default fixture's names in scope; returns the stack. */
function synthesize(code: string): cdk.Stack {
  const stack = newStack();
  const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
  const scope: Record<string, unknown> = {
    ...lib,
    cloudwatch: cdk.aws_cloudwatch,
    sns: cdk.aws_sns,
    subscriptions: cdk.aws_sns_subscriptions,
    targets: cdk.aws_events_targets,
    kms: cdk.aws_kms,
    vpc: isolatedVpc(stack),
    key: new cdk.aws_kms.Key(stack, 'FixtureKey'),
  };
  const run = runInThisContext(`(function (${Object.keys(scope).join(', ')}) {\n${js}\n})`) as (...args: unknown[]) => void;
  run.call(stack, ...Object.values(scope));
  Template.fromStack(stack);
  return stack;
}

test.each(snippets('Metrics').map((code, i): [number, string] => [i, code]))('the Metrics example %i synthesizes', (_i, code) => {
  expect(() => synthesize(code)).not.toThrow();
});

test('the Events examples synthesize: a node-based cache notifies its SNS topic, a serverless one routes EventBridge events', () => {
  const [nodeBased, serverless] = snippets('Events');
  const notified = Template.fromStack(synthesize(nodeBased));
  notified.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
    NotificationTopicArn: { Ref: Match.stringLikeRegexp('^CacheEvents') },
  });
  notified.resourceCountIs('AWS::SNS::Subscription', 1);
  const routed = Template.fromStack(synthesize(serverless));
  routed.resourceCountIs('AWS::Events::Rule', 2);
});

test("ReplicationLag: the README's alarm table says what the code does, an alarm on every node with no data not breaching", () => {
  // The README used to say "replicas only" while every node had an alarm: roles move on failover, node ids do not.
  const row = README.split('\n').find((line) => line.startsWith('| ReplicationLag'));
  expect(row).toMatch(/every node/);
  expect(row).not.toMatch(/replicas only/);
  const stack = newStack();
  const cache = new lib.ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), replicationGroupId: 'orders', replicasPerShard: 2 });
  cache.addRecommendedAlarms('RecommendedAlarms');
  const lag = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
    .map((a) => (a as { Properties: { MetricName: string; Dimensions: { Value: string }[]; TreatMissingData: string } }).Properties)
    .filter((p) => p.MetricName === 'ReplicationLag');
  expect(lag.map((p) => p.Dimensions[0].Value)).toEqual(['orders-001', 'orders-002', 'orders-003']);
  expect(new Set(lag.map((p) => p.TreatMissingData))).toEqual(new Set(['notBreaching']));
});
