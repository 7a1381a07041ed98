import { Match, Template } from 'aws-cdk-lib/assertions';
import { SAMPLE_STACK_ID, buildSampleApp } from '../bin/sample-app-factory';

/**
 * The sample app's template as a reviewable snapshot. Read a diff here as a deploy: a changed logical id or a
 * create-only property of the cache means replacement (`npm run review` says which).
 */
describe('ElastiCacheSample', () => {
  const app = buildSampleApp({ 'aws:cdk:version-reporting': false });
  const stack = app.node.findChild(SAMPLE_STACK_ID) as import('aws-cdk-lib').Stack;
  const template = Template.fromStack(stack);
  const json = template.toJSON();

  test('template snapshot', () => {
    expect(json).toMatchSnapshot(SAMPLE_STACK_ID);
  });

  test('the replication group meets the Foundation done-criteria', () => {
    const [rg] = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'));
    expect(rg.Properties).toMatchObject({
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
    });
    expect(rg.Properties.NumCacheClusters).toBeGreaterThanOrEqual(2);
    expect(rg.Properties.SnapshotRetentionLimit).toBeGreaterThanOrEqual(15);
    expect(rg.Properties.KmsKeyId).toBeDefined();
    expect(rg.Properties.CacheSubnetGroupName).toBeDefined();
    expect(rg.Properties.SecurityGroupIds).toHaveLength(1);
    expect(JSON.stringify(rg.Properties.AuthToken)).toMatch(
      /^\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:",\{"Ref":"\w+"\},":SecretString:::\}\}"\]\]\}$/,
    );
    expect(rg.DeletionPolicy).toBe('Snapshot');
    expect(rg.UpdateReplacePolicy).toBe('Snapshot');
  });

  test('no security group allows ingress from anywhere', () => {
    const inlineRules = Object.values(template.findResources('AWS::EC2::SecurityGroup')).flatMap(
      (sg) => sg.Properties.SecurityGroupIngress ?? [],
    );
    const standaloneRules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    const rules = [...inlineRules, ...standaloneRules];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.CidrIp).not.toBe('0.0.0.0/0');
      expect(rule.CidrIpv6).not.toBe('::/0');
      // Every ingress comes from a named security group, never from an address range.
      expect(rule.SourceSecurityGroupId).toBeDefined();
    }
  });

  test('the VPC has no NAT gateway and only isolated subnets', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
  });

  test('is observable out of the box: slow log delivery, recommended alarms on every node, a dashboard', () => {
    const [rg] = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'));
    expect(rg.Properties.LogDeliveryConfigurations).toEqual([
      {
        LogType: 'slow-log',
        LogFormat: 'json',
        DestinationType: 'cloudwatch-logs',
        DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: expect.stringMatching(/^CacheSlowLogGroup/) } } },
      },
    ]);
    // 3 nodes (cache.t4g.small, 2 replicas) x 5 recommended alarms, each on one node's CacheClusterId.
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(15);
    const nodes = new Set(alarms.map((alarm) => JSON.stringify(alarm.Properties.Dimensions)));
    expect([...nodes].sort()).toEqual(
      ['001', '002', '003'].map((n) =>
        JSON.stringify([{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['', [{ Ref: 'Cache18F6EE16' }, `-${n}`]] } }]),
      ),
    );
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    expect(Object.keys(json.Outputs)).toEqual(expect.arrayContaining(['AlarmTopicArn', 'DashboardName']));
  });

  test('tells someone when the cache fails over: its events go to a TLS-only topic ElastiCache can publish to', () => {
    // Node-based caches publish no event to EventBridge and none to an encrypted topic: before this, the sample's
    // failovers, node replacements and maintenance reached nobody.
    const [rg] = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'));
    expect(rg.Properties.NotificationTopicArn).toEqual({ Ref: expect.stringMatching(/^CacheEvents/) });
    const topicId = (rg.Properties.NotificationTopicArn as { Ref: string }).Ref;
    expect(json.Resources[topicId].Type).toBe('AWS::SNS::Topic');
    expect(json.Resources[topicId].Properties?.KmsMasterKeyId).toBeUndefined();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'AWS:SourceOwner': { Ref: 'AWS::AccountId' } } } }),
        ]),
      },
    });
    expect(json.Outputs.CacheEventsTopicArn.Value).toEqual({ Ref: topicId });
  });

  test('outputs the endpoint, port and secret ARN', () => {
    expect(Object.keys(json.Outputs)).toEqual(
      expect.arrayContaining(['CacheEndpoint', 'CachePort', 'CacheAuthTokenSecretArn', 'ReplicationGroupId']),
    );
    expect(json.Outputs.CachePort.Value).toBe('6380');
  });
});
