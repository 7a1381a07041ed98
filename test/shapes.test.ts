import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Durability, GlobalDatastore, MemcachedCluster, ReplicationGroup, ServerlessCache } from '../lib';

/**
 * Every shape side by side: one stack with a durable cluster-mode replication group, a Memcached cluster, a serverless
 * cache and a global datastore's primary, plus the global datastore's secondary in a second region. One synth (the
 * built-in CloudFormation validation is off in unit tests; `npm run integ:check` runs each shape's integ app under it
 * in strict mode).
 */
describe('one of each shape', () => {
  const app = new App({ context: { 'aws:cdk:version-reporting': false } });
  const stack = new Stack(app, 'Shapes', { env: { region: 'eu-west-1' } });
  const isolated = (scope: Stack) =>
    new ec2.Vpc(scope, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
  const vpc = isolated(stack);
  new ReplicationGroup(stack, 'Durable', { vpc, numShards: 2, replicasPerShard: 1, durability: Durability.SYNC });
  new MemcachedCluster(stack, 'Memcached', { vpc });
  new ServerlessCache(stack, 'Serverless', { vpc });
  const primary = new ReplicationGroup(stack, 'Primary', { vpc, replicasPerShard: 1 });
  const global = new GlobalDatastore(stack, 'Global', { primary });
  const secondaryStack = new Stack(app, 'ShapesSecondary', { env: { region: 'eu-central-1' }, crossRegionReferences: true });
  new ReplicationGroup(secondaryStack, 'Secondary', { vpc: isolated(secondaryStack), globalDatastore: global, replicasPerShard: 1 });
  const types = app
    .synth()
    .stacks.flatMap((artifact) => Object.values(artifact.template.Resources as Record<string, { Type: string }>).map((r) => r.Type));

  test('synthesizes every ElastiCache resource type the shapes make', () => {
    expect(new Set(types.filter((type) => type.startsWith('AWS::ElastiCache::')))).toEqual(
      new Set([
        'AWS::ElastiCache::ReplicationGroup',
        'AWS::ElastiCache::CacheCluster',
        'AWS::ElastiCache::ServerlessCache',
        'AWS::ElastiCache::GlobalReplicationGroup',
        'AWS::ElastiCache::SubnetGroup',
        'AWS::ElastiCache::ParameterGroup',
        'AWS::ElastiCache::User',
        'AWS::ElastiCache::UserGroup',
      ]),
    );
  });

  test('the shapes share the VPC without clashing: one replication group per shape, two in the primary stack', () => {
    expect(types.filter((type) => type === 'AWS::ElastiCache::ReplicationGroup')).toHaveLength(3);
    expect(types.filter((type) => type === 'AWS::EC2::SecurityGroup').length).toBeGreaterThanOrEqual(5);
  });
});
