import { App, RemovalPolicy, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  ReplicationGroupEngine,
  CacheValidationError,
  ClusterMode,
  Durability,
  ReplicationGroupEngineName,
  GlobalDatastore,
  GlobalDatastoreProps,
  IGlobalDatastore,
  ReplicationGroup,
  ReplicationGroupProps,
} from '../../lib';
import { GLOBAL_DATASTORE_RULES } from '../../lib/global/validation-rules';
import { GLOBAL_SECONDARY_RULES } from '../../lib/replication-group/secondary';
import { addCompliancePacks } from '../../bin/sample-app-factory';
import { captureError } from '../helpers/errors';
import { onlyResource } from '../helpers/stacks';
import { synthValidationReport } from '../helpers/validation-report';

const RG = 'AWS::ElastiCache::ReplicationGroup';
const GLOBAL = 'AWS::ElastiCache::GlobalReplicationGroup';

/** An isolated VPC in `stack`. */
const vpcIn = (stack: Stack) =>
  new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'c', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });

/** A primary stack (us-east-1) with a replication group, and a secondary stack (us-west-2) that can reference it. */
function regions(primaryProps: Partial<ReplicationGroupProps> = {}) {
  const app = new App({ context: { 'aws:cdk:version-reporting': false } });
  const east = new Stack(app, 'East', { env: { region: 'us-east-1' } });
  const west = new Stack(app, 'West', { env: { region: 'us-west-2' }, crossRegionReferences: true });
  const primary = new ReplicationGroup(east, 'Cache', { vpc: vpcIn(east), ...primaryProps });
  return { app, east, west, primary };
}

/** A primary, its global datastore, and a secondary in us-west-2. */
function globalDatastore(secondaryProps: Partial<ReplicationGroupProps> = {}, globalProps: Partial<GlobalDatastoreProps> = {}) {
  const r = regions();
  const global = new GlobalDatastore(r.east, 'Global', { primary: r.primary, ...globalProps });
  const secondary = new ReplicationGroup(r.west, 'Cache', {
    vpc: vpcIn(r.west),
    globalDatastore: global,
    replicasPerShard: 1,
    ...secondaryProps,
  });
  return { ...r, global, secondary };
}

describe('GlobalDatastore with a secondary in another region', () => {
  const { east, west, primary, global, secondary } = globalDatastore();
  const eastTemplate = Template.fromStack(east);
  const westTemplate = Template.fromStack(west);
  const globalResource = onlyResource(eastTemplate, GLOBAL);
  const secondaryResource = onlyResource(westTemplate, RG);

  test('the global datastore has the primary as its only member, in the primary region', () => {
    expect(globalResource.Properties).toEqual({
      GlobalReplicationGroupIdSuffix: 'eastglobal0fb0b757',
      GlobalReplicationGroupDescription: 'ElastiCache global datastore East/Global',
      Members: [
        {
          ReplicationGroupId: { Ref: east.getLogicalId(primary.cfnReplicationGroup) },
          ReplicationGroupRegion: 'us-east-1',
          Role: 'PRIMARY',
        },
      ],
    });
    // The link, not the data: it goes with the primary's snapshot policy's helpers (deleted, the primary keeps its data).
    expect(globalResource.DeletionPolicy).toBe('Delete');
  });

  test('the secondary joins by id, read across regions from an SSM parameter (CDK cross-region references)', () => {
    expect(secondaryResource.Properties.GlobalReplicationGroupId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^ExportsReader/), expect.stringMatching(/^\/cdk\/exports\/West\/.*GlobalReplicationGroupId/)],
    });
    eastTemplate.resourceCountIs('Custom::CrossRegionExportWriter', 1);
    westTemplate.resourceCountIs('Custom::CrossRegionExportReader', 1);
  });

  test('the secondary leaves out what it inherits from the primary, and has no parameter group of its own', () => {
    for (const inherited of [
      'Engine',
      'EngineVersion',
      'CacheNodeType',
      'CacheParameterGroupName',
      'NumNodeGroups',
      'ClusterMode',
      'AutomaticFailoverEnabled',
      'MultiAZEnabled',
      'TransitEncryptionEnabled',
      'TransitEncryptionMode',
      'AtRestEncryptionEnabled',
      'Durability',
    ]) {
      expect(secondaryResource.Properties[inherited]).toBeUndefined();
    }
    westTemplate.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
  });

  test('the secondary keeps its own network, key, credentials, replicas, backups and the primary port', () => {
    expect(secondaryResource.Properties).toMatchObject({ NumCacheClusters: 2, Port: 6380, SnapshotRetentionLimit: 15 });
    expect(secondaryResource.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CacheKey/), 'Arn'] });
    expect(secondaryResource.Properties.AuthToken).toBeDefined();
    expect(secondaryResource.Properties.CacheSubnetGroupName).toBeDefined();
    expect(secondaryResource.DeletionPolicy).toBe('Snapshot');
  });

  test('the secondary reports the primary engine, node type and topology', () => {
    expect(secondary.engine).toBe(ReplicationGroupEngine.VALKEY_9_0);
    expect(secondary.cacheNodeType).toBe('cache.r7g.large');
    expect(secondary.clusterMode).toBe(ClusterMode.DISABLED);
    expect(global.engine).toBe(ReplicationGroupEngine.VALKEY_9_0);
    expect(global.primaryRegion).toBe('us-east-1');
    expect(east.resolve(global.globalReplicationGroupRef.globalReplicationGroupId)).toEqual({
      'Fn::GetAtt': [east.getLogicalId(global.cfnGlobalReplicationGroup), 'GlobalReplicationGroupId'],
    });
  });

  test('template snapshots', () => {
    expect({ primary: eastTemplate.toJSON(), secondary: westTemplate.toJSON() }).toMatchSnapshot();
  });
});

describe('GlobalDatastore options', () => {
  test('a retained primary keeps the global datastore; a suffix and description can be given', () => {
    const { east, primary } = regions({ removalPolicy: RemovalPolicy.RETAIN });
    new GlobalDatastore(east, 'Global', { primary, globalReplicationGroupIdSuffix: 'orders', description: 'orders' });
    const resource = onlyResource(Template.fromStack(east), GLOBAL);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.Properties).toMatchObject({ GlobalReplicationGroupIdSuffix: 'orders', GlobalReplicationGroupDescription: 'orders' });
  });

  test('a cluster-mode primary passes its shards to the secondary', () => {
    const { east, west, primary } = regions({ numShards: 2, replicasPerShard: 1 });
    const global = new GlobalDatastore(east, 'Global', { primary });
    const secondary = new ReplicationGroup(west, 'Cache', { vpc: vpcIn(west), globalDatastore: global, replicasPerShard: 2 });
    const resource = onlyResource(Template.fromStack(west), RG);
    expect(secondary.numShards).toBe(2);
    expect(resource.Properties).toMatchObject({ ReplicasPerNodeGroup: 2 });
    expect(resource.Properties.NumNodeGroups).toBeUndefined();
    expect(resource.UpdatePolicy).toEqual({ UseOnlineResharding: true });
  });

  test('fromGlobalDatastoreAttributes: a global ARN, and secondaries that take the given engine', () => {
    const stack = new Stack(new App(), 'Secondary', { env: { region: 'eu-west-1' } });
    const global = GlobalDatastore.fromGlobalDatastoreAttributes(stack, 'Global', {
      globalReplicationGroupId: 'ldgnf-orders',
      engine: ReplicationGroupEngine.VALKEY_8_2,
      cacheNodeType: 'cache.r6g.large',
      multiAz: true,
    });
    expect(stack.resolve(global.globalReplicationGroupArn)).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':elasticache::', { Ref: 'AWS::AccountId' }, ':globalreplicationgroup:ldgnf-orders'],
      ],
    });
    const secondary = new ReplicationGroup(stack, 'Cache', { vpc: vpcIn(stack), globalDatastore: global });
    expect(secondary.engine).toBe(ReplicationGroupEngine.VALKEY_8_2);
    expect(onlyResource(Template.fromStack(stack), RG).Properties.GlobalReplicationGroupId).toBe('ldgnf-orders');
  });

  test('an imported primary is read through IReplicationGroup: what its attributes say reaches the rules and the secondaries', () => {
    const { app, east } = regions();
    const primary = ReplicationGroup.fromReplicationGroupAttributes(east, 'Imported', {
      replicationGroupId: 'orders',
      port: 6390,
      cacheNodeType: 'cache.r7g.xlarge',
      numShards: 2,
      multiAz: true,
      engine: ReplicationGroupEngine.VALKEY_8_2,
    });
    const global = new GlobalDatastore(east, 'Global', { primary });
    expect([global.cacheNodeType, global.clusterMode, global.numShards, global.multiAz, global.port]).toEqual([
      'cache.r7g.xlarge',
      ClusterMode.ENABLED,
      2,
      true,
      6390,
    ]);
    // Without a removal policy of its own, the link follows a primary that is not retained: DESTROY.
    expect(onlyResource(Template.fromStack(east), GLOBAL).DeletionPolicy).toBe('Delete');
    const west = new Stack(app, 'West2', { env: { region: 'us-west-2' }, crossRegionReferences: true });
    const secondary = new ReplicationGroup(west, 'Cache', { vpc: vpcIn(west), globalDatastore: global, replicasPerShard: 1 });
    expect([secondary.cacheNodeType, secondary.numShards, secondary.port]).toEqual(['cache.r7g.xlarge', 2, 6390]);
    const noPort = ReplicationGroup.fromReplicationGroupAttributes(east, 'NoPort', { replicationGroupId: 'other' });
    expect(new GlobalDatastore(east, 'Other', { primary: noPort }).port).toBeUndefined();
  });

  test('an imported primary on a node type a global datastore refuses fails at synth', () => {
    const { east } = regions();
    const primary = ReplicationGroup.fromReplicationGroupAttributes(east, 'Imported', {
      replicationGroupId: 'orders',
      cacheNodeType: 'cache.t4g.medium',
    });
    expect(() => new GlobalDatastore(east, 'Global', { primary })).toThrow('[global-datastore-node-type]');
  });
});

/** [rule id, test name, build, expected message]. */
const FAILING: [string, string, () => unknown, RegExp][] = [
  [
    'global-datastore-suffix',
    'fails when the suffix has an underscore',
    () => globalDatastore({}, { globalReplicationGroupIdSuffix: 'orders_cache' }),
    /globalReplicationGroupIdSuffix 'orders_cache' is invalid/,
  ],
  [
    'global-datastore-engine',
    'fails when the primary runs Redis OSS 5.0.5',
    () => {
      const { east, primary } = regions({
        engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.5'),
        transitEncryptionMode: undefined,
        cacheNodeType: 'cache.m5.large', // Graviton needs Redis OSS 5.0.6 (node-type-engine)
      });
      return new GlobalDatastore(east, 'Global', { primary });
    },
    /engine redis 5.0.5 cannot be in a global datastore: use Valkey 7.2\+ or Redis OSS 5.0.6\+/,
  ],
  [
    'global-datastore-node-type',
    'fails when the primary is on a burstable node type',
    () => {
      const { east, primary } = regions({ cacheNodeType: 'cache.t4g.medium' });
      return new GlobalDatastore(east, 'Global', { primary });
    },
    /cacheNodeType 'cache.t4g.medium' cannot be in a global datastore: use m5, m6g, m7g, r5, r6g, r6gd, r7g, c7gn in size large or above/,
  ],
  [
    'global-datastore-node-type',
    'fails when the primary is smaller than large',
    () => {
      const { east, primary } = regions({ cacheNodeType: 'cache.m5.medium' });
      return new GlobalDatastore(east, 'Global', { primary });
    },
    /cacheNodeType 'cache.m5.medium' cannot be in a global datastore/,
  ],
  [
    'global-datastore-durability',
    'fails when the primary is durable',
    () => {
      const { east, primary } = regions({ numShards: 2, replicasPerShard: 1, durability: Durability.ASYNC });
      return new GlobalDatastore(east, 'Global', { primary });
    },
    /the primary has durability 'async', which global datastores do not support/,
  ],
  [
    'global-datastore-region',
    'fails when the global datastore is in another region than its primary',
    () => {
      const { west, primary } = regions();
      return new GlobalDatastore(west, 'Global', { primary });
    },
    /the global datastore must be in its primary's region \(us-east-1\), but its stack is in us-west-2/,
  ],
  [
    'global-datastore-node-type',
    'fails when the global datastore scales to a burstable node type',
    () => globalDatastore({}, { cacheNodeType: 'cache.t4g.medium' }),
    /cacheNodeType 'cache.t4g.medium' cannot be in a global datastore/,
  ],
  [
    'global-datastore-node-type',
    'fails when the global datastore scales to a malformed node type',
    () => globalDatastore({}, { cacheNodeType: 'r7g.xlarge' }),
    /cacheNodeType 'r7g.xlarge' is invalid: expected 'cache.<class><generation>\[attributes\].<size>'/,
  ],
  [
    'global-datastore-node-type',
    'fails when the global datastore scales a Redis OSS 6.2 datastore to an 8th-generation Graviton node type',
    () => {
      const { east, primary } = regions({ engine: ReplicationGroupEngine.REDIS_6_2, cacheNodeType: 'cache.r6g.large' });
      return new GlobalDatastore(east, 'Global', { primary, cacheNodeType: 'cache.r8g.xlarge' });
    },
    /cacheNodeType 'cache.r8g.xlarge' is not offered for Redis OSS: the r8g family runs Valkey 7.2\+, Memcached 1.6.6\+/,
  ],
  [
    'global-datastore-engine-upgrade',
    'fails when the global datastore would downgrade the engine',
    () => globalDatastore({}, { engine: ReplicationGroupEngine.VALKEY_8_2 }),
    /engine valkey 8.2 is older than the primary's valkey 9.0: engine versions can be upgraded, never downgraded; use 9.0 or later/,
  ],
  [
    'global-datastore-engine-upgrade',
    'fails when the global datastore would go from Valkey to Redis OSS',
    () => globalDatastore({}, { engine: ReplicationGroupEngine.REDIS_7_1 }),
    /a global datastore of Valkey cannot go back to Redis OSS/,
  ],
  [
    'global-datastore-num-shards',
    'fails when the global datastore reshards a primary with cluster mode disabled',
    () => globalDatastore({}, { numShards: 2 }),
    /numShards 2 needs a primary with cluster mode enabled .* so numShards must be 1/,
  ],
  [
    'global-datastore-num-shards',
    'fails when the global datastore has 0 shards',
    () => {
      const { east, primary } = regions({ numShards: 2, replicasPerShard: 1 });
      return new GlobalDatastore(east, 'Global', { primary, numShards: 0 });
    },
    /numShards must be an integer from 1 to 500, got 0/,
  ],
  [
    'auto-scaling-global-datastore',
    'fails when an auto-scaled group becomes the primary of a global datastore',
    () => {
      const { east, primary } = regions({ numShards: 2, replicasPerShard: 1 });
      primary.autoScaleReplicas({ minCapacity: 1, maxCapacity: 2, targetEngineCpuUtilization: 50 });
      return new GlobalDatastore(east, 'Global', { primary });
    },
    /the primary has autoScaleReplicas, but ElastiCache auto scaling is not supported for clusters in a global datastore/,
  ],
  [
    'auto-scaling-global-datastore',
    'fails when the primary of a global datastore auto scales its shards',
    () => {
      const { east, primary } = regions({ numShards: 2, replicasPerShard: 1 });
      new GlobalDatastore(east, 'Global', { primary });
      return primary.autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetEngineCpuUtilization: 50 });
    },
    /autoScaleShards is not possible on a primary of a global datastore: ElastiCache does not auto scale clusters in a global datastore/,
  ],
  [
    'auto-scaling-global-datastore',
    'fails when a secondary auto scales its replicas',
    () => {
      const { east, west, primary } = regions({ numShards: 2, replicasPerShard: 1 });
      const global = new GlobalDatastore(east, 'Global', { primary });
      const secondary = new ReplicationGroup(west, 'Cache', { vpc: vpcIn(west), globalDatastore: global, replicasPerShard: 1 });
      return secondary.autoScaleReplicas({ minCapacity: 1, maxCapacity: 2, targetEngineCpuUtilization: 50 });
    },
    /autoScaleReplicas is not possible on a secondary of a global datastore/,
  ],
  [
    'global-secondary-inherited',
    'fails when a secondary sets another engine and parameters',
    () => globalDatastore({ engine: ReplicationGroupEngine.VALKEY_8_2, parameters: { 'maxmemory-policy': 'allkeys-lru' } }),
    /sets engine valkey 8.2 \(the primary runs valkey 9.0\); parameters \(inherited from the primary: remove\)/,
  ],
  [
    'global-secondary-inherited',
    'fails when a secondary sets another node type',
    () => globalDatastore({ cacheNodeType: 'cache.r7g.xlarge' }),
    /cacheNodeType 'cache.r7g.xlarge' \(the primary's is 'cache.r7g.large'\)/,
  ],
  [
    'global-secondary-replicas',
    'fails when a secondary of a Multi-AZ primary has no replica',
    () => globalDatastore({ replicasPerShard: 0 }),
    /the primary is Multi-AZ with automatic failover, which a secondary inherits and which needs a replica/,
  ],
  [
    'durability-global-datastore',
    'fails when a secondary sets durability',
    () => globalDatastore({ durability: Durability.DISABLED }),
    /durability is not supported with a global datastore/,
  ],
  [
    'global-secondary-region',
    'fails when the secondary is in the primary region',
    () => {
      const { east, primary } = regions();
      const global = new GlobalDatastore(east, 'Global', { primary });
      return new ReplicationGroup(east, 'Secondary', { vpc: primary.vpc, globalDatastore: global });
    },
    /must be in a stack whose env has another region than the primary's \(us-east-1\), got us-east-1/,
  ],
  [
    'global-secondary-region',
    'fails when the stacks are env-agnostic',
    () => {
      const app = new App();
      const one = new Stack(app, 'One');
      const primary = new ReplicationGroup(one, 'Cache', { vpc: vpcIn(one) });
      const global = new GlobalDatastore(one, 'Global', { primary });
      const two = new Stack(app, 'Two');
      return new ReplicationGroup(two, 'Cache', { vpc: vpcIn(two), globalDatastore: global });
    },
    /another region than the primary's \(an env-agnostic stack\), got an env-agnostic stack: give both stacks an explicit env region/,
  ],
  [
    'global-secondary-count',
    'fails on a third secondary region',
    () => {
      const { app, east, primary } = regions();
      const global: IGlobalDatastore = new GlobalDatastore(east, 'Global', { primary });
      for (const region of ['us-west-1', 'us-west-2', 'eu-west-1']) {
        const stack = new Stack(app, `Secondary-${region}`, { env: { region }, crossRegionReferences: true });
        new ReplicationGroup(stack, 'Cache', { vpc: vpcIn(stack), globalDatastore: global });
      }
    },
    /can have at most 2 secondary regions, this would be secondary 3/,
  ],
];

describe('GlobalDatastore validation', () => {
  test.each(FAILING)('[%s] %s', (rule, _name, build, message) => {
    const error = captureError(build);
    expect(error).toBeInstanceOf(CacheValidationError);
    expect(error.ruleIds).toContain(rule);
    expect(error.message).toMatch(message);
  });

  test('every error rule of the global datastore and of its secondaries has a failing test', () => {
    const tested = new Set(FAILING.map(([rule]) => rule));
    const rules = [...GLOBAL_DATASTORE_RULES, ...GLOBAL_SECONDARY_RULES];
    expect(rules.filter((r) => r.severity === 'error' && !tested.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  test('a secondary may repeat the primary values (engine, node type) and pick its own port', () => {
    expect(() =>
      globalDatastore({ engine: ReplicationGroupEngine.VALKEY_9_0, cacheNodeType: 'cache.r7g.large', port: 6390 }),
    ).not.toThrow();
  });
});

describe('scaling and upgrading go through the global datastore, never through a member', () => {
  /** The primary's and the global datastore's resources, for a datastore made with `globalProps`. */
  function templates(globalProps: Partial<GlobalDatastoreProps>, primaryProps: Partial<ReplicationGroupProps> = {}) {
    const r = regions({ numShards: 2, replicasPerShard: 1, engine: ReplicationGroupEngine.VALKEY_8_2, ...primaryProps });
    const global = new GlobalDatastore(r.east, 'Global', { primary: r.primary, ...globalProps });
    const secondary = new ReplicationGroup(r.west, 'Cache', { vpc: vpcIn(r.west), globalDatastore: global, replicasPerShard: 1 });
    const east = Template.fromStack(r.east);
    return {
      east,
      global,
      secondary,
      primaryResource: onlyResource(east, RG),
      globalResource: onlyResource(east, GLOBAL),
      secondaryResource: onlyResource(Template.fromStack(r.west), RG),
    };
  }

  const created = templates({});
  const scaled = templates({ cacheNodeType: 'cache.r7g.xlarge', numShards: 3, engine: ReplicationGroupEngine.VALKEY_9_0 });

  test('a datastore nobody scales sets none of the shared properties (its template stays as it was)', () => {
    for (const property of ['CacheNodeType', 'Engine', 'EngineVersion', 'CacheParameterGroupName', 'GlobalNodeGroupCount']) {
      expect(created.globalResource.Properties[property]).toBeUndefined();
    }
  });

  test('node type, shard count and engine version go to the AWS::ElastiCache::GlobalReplicationGroup', () => {
    expect(scaled.globalResource.Properties).toMatchObject({
      CacheNodeType: 'cache.r7g.xlarge',
      GlobalNodeGroupCount: 3,
      EngineVersion: '9.0',
    });
    // Same engine: no Engine property (only a cross-engine upgrade sends one).
    expect(scaled.globalResource.Properties.Engine).toBeUndefined();
  });

  test("the primary's replication group does not change at all: no conflicting member update", () => {
    expect(scaled.primaryResource).toEqual(created.primaryResource);
    expect(scaled.secondaryResource).toEqual(created.secondaryResource);
  });

  test('a major upgrade brings a parameter group of the new family, with the primary cluster mode', () => {
    const [groupId, group] = Object.entries(scaled.east.findResources('AWS::ElastiCache::ParameterGroup')).find(
      ([, g]) => (g as { Properties: { CacheParameterGroupFamily: string } }).Properties.CacheParameterGroupFamily === 'valkey9',
    )!;
    expect((group as { Properties: unknown }).Properties).toMatchObject({ Properties: { 'cluster-enabled': 'yes' } });
    expect(scaled.globalResource.Properties.CacheParameterGroupName).toEqual({ Ref: groupId });
  });

  test('a minor upgrade brings none; Redis OSS → Valkey sends the Engine', () => {
    const minor = templates({ engine: ReplicationGroupEngine.VALKEY_9_1 }, { engine: ReplicationGroupEngine.VALKEY_9_0 });
    expect(minor.globalResource.Properties.CacheParameterGroupName).toBeUndefined();
    const crossEngine = templates(
      { engine: ReplicationGroupEngine.VALKEY_8_2 },
      { engine: ReplicationGroupEngine.REDIS_7_1, transitEncryptionMode: undefined },
    );
    expect(crossEngine.globalResource.Properties).toMatchObject({ Engine: 'valkey', EngineVersion: '8.2' });
    expect(crossEngine.globalResource.Properties.CacheParameterGroupName).toBeDefined();
  });

  test('the secondaries see what every member runs now', () => {
    expect([scaled.global.cacheNodeType, scaled.global.numShards, scaled.global.engine]).toEqual([
      'cache.r7g.xlarge',
      3,
      ReplicationGroupEngine.VALKEY_9_0,
    ]);
    expect([scaled.secondary.cacheNodeType, scaled.secondary.numShards]).toEqual(['cache.r7g.xlarge', 3]);
  });
});

describe('a retained global datastore does not block the next deployment', () => {
  const suffixOf = (removalPolicy: RemovalPolicy, globalProps: Partial<GlobalDatastoreProps> = {}) => {
    const { east, primary } = regions({ removalPolicy });
    new GlobalDatastore(east, 'Global', { primary, ...globalProps });
    return onlyResource(Template.fromStack(east), GLOBAL).Properties.GlobalReplicationGroupIdSuffix;
  };

  test('retained: the generated suffix ends in 8 characters of the stack id', () => {
    expect(suffixOf(RemovalPolicy.RETAIN)).toEqual({
      'Fn::Join': [
        '-',
        [
          'eastglobal0fb0b757',
          { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] },
        ],
      ],
    });
  });

  test('not retained: the suffix stays as it was (a new one would replace the global datastore)', () => {
    expect(suffixOf(RemovalPolicy.SNAPSHOT)).toBe('eastglobal0fb0b757');
    expect(suffixOf(RemovalPolicy.DESTROY)).toBe('eastglobal0fb0b757');
  });

  test('a given suffix is kept, retained or not', () => {
    expect(suffixOf(RemovalPolicy.RETAIN, { globalReplicationGroupIdSuffix: 'orders' })).toBe('orders');
  });

  test('a retention set after construction counts too', () => {
    const { east, primary } = regions();
    const global = new GlobalDatastore(east, 'Global', { primary });
    global.applyRemovalPolicy(RemovalPolicy.RETAIN);
    expect(onlyResource(Template.fromStack(east), GLOBAL).Properties.GlobalReplicationGroupIdSuffix).toHaveProperty('Fn::Join');
  });
});

describe('the secondary stack', () => {
  test('depends on the primary stack, so `cdk destroy --all` deletes the secondary first', () => {
    const { east, west } = globalDatastore();
    expect(west.dependencies).toContain(east);
    expect(east.dependencies).not.toContain(west);
  });

  test('passes cdk-nag AEC3 and AEC4, acknowledged as inherited from the primary; the primary passes them itself', () => {
    const { reports } = synthValidationReport((outdir) => {
      const app = new App({ outdir, context: { 'aws:cdk:version-reporting': false } });
      addCompliancePacks(app);
      const east = new Stack(app, 'East', { env: { region: 'us-east-1' } });
      const west = new Stack(app, 'West', { env: { region: 'us-west-2' }, crossRegionReferences: true });
      const primary = new ReplicationGroup(east, 'Cache', { vpc: vpcIn(east) });
      const global = new GlobalDatastore(east, 'Global', { primary });
      new ReplicationGroup(west, 'Cache', { vpc: vpcIn(west), globalDatastore: global, replicasPerShard: 1 });
      return app;
    });
    const findings = reports.flatMap((r) => r.violations.map((v) => v.ruleName));
    expect(findings.filter((rule) => /AwsSolutions-AEC[34]/.test(rule))).toEqual([]);
    // The packs are on: the secondary's own findings of other rules would show (none of AEC3/AEC4 is left).
    expect(reports.map((r) => r.pluginName)).toContain('AwsSolutions');
  });
});
