import { App, Duration, Stack, Token, aws_ec2 as ec2, aws_logs as logs, aws_sns as sns } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import {
  ReplicationGroupEngine,
  CacheLogDestination,
  CacheValidationError,
  ClusterMode,
  Durability,
  ReplicationGroupEngineName,
  NetworkType,
  ReplicationGroup,
  ReplicationGroupProps,
  TransitEncryptionMode,
} from '../../lib';
import { REPLICATION_GROUP_RULES } from '../../lib/replication-group/validation-rules';
import { EU_WEST_1_ZONES, cacheStack, envStack, newStack } from '../helpers/stacks';

const build = (props: Partial<ReplicationGroupProps>) => () => cacheStack(props);

/** Durability's happy path (cluster mode, a replica per shard, Multi-AZ, Valkey 9.0, r7g): a failing input changes one. */
const DURABLE: Partial<ReplicationGroupProps> = { durability: Durability.SYNC, numShards: 2, replicasPerShard: 1 };

/** Imports that failing inputs reference; the errors are thrown before any synth. */
const SCRATCH = new Stack(new App(), 'Scratch');
const ENCRYPTED_TOPIC = sns.Topic.fromTopicAttributes(SCRATCH, 'Topic', {
  topicArn: 'arn:aws:sns:eu-west-1:111111111111:events',
  keyArn: 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-0000-0000-000000000000',
});

/** The error `fn` throws. */
function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** [rule id, test name, props, expected message]: every error rule has at least one failing input. */
const FAILING_INPUTS: [string, string, Partial<ReplicationGroupProps>, RegExp][] = [
  [
    'node-type-engine',
    'fails when r7g nodes run Redis OSS 6.0 (they need 6.2)',
    {
      engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '6.0'),
      cacheNodeType: 'cache.r7g.large',
      transitEncryptionMode: undefined,
    },
    /cacheNodeType 'cache.r7g.large' needs Redis OSS 6.2\+, but engine is redis 6.0: upgrade the engine or choose an older node family/,
  ],
  [
    'node-type-engine',
    'fails when 8th-generation Graviton nodes run Redis OSS (ElastiCache offers them for Valkey and Memcached)',
    { engine: ReplicationGroupEngine.REDIS_7_1, cacheNodeType: 'cache.m8g.large' },
    /cacheNodeType 'cache.m8g.large' is not offered for Redis OSS: the m8g family runs Valkey 7.2\+, Memcached 1.6.6\+/,
  ],
  [
    'node-type-engine',
    'fails when Graviton nodes run Redis OSS 5.0.5 (they need 5.0.6)',
    {
      engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.5'),
      cacheNodeType: 'cache.t4g.medium',
      multiAz: false,
      replicasPerShard: 0,
    },
    /cacheNodeType 'cache.t4g.medium' needs Redis OSS 5.0.6\+/,
  ],
  [
    'replication-group-id',
    'fails when the id has uppercase letters',
    { replicationGroupId: 'Orders' },
    /replicationGroupId 'Orders' is invalid: use 1-40 lowercase/,
  ],
  [
    'replication-group-id',
    'fails when the id starts with a digit',
    { replicationGroupId: '1orders' },
    /replicationGroupId '1orders' is invalid/,
  ],
  ['replication-group-id', 'fails when the id ends with a hyphen', { replicationGroupId: 'orders-' }, /no trailing or consecutive hyphens/],
  [
    'replication-group-id',
    'fails when the id has two consecutive hyphens',
    { replicationGroupId: 'orders--cache' },
    /replicationGroupId 'orders--cache' is invalid/,
  ],
  [
    'replication-group-id',
    'fails when the id is longer than 40 characters',
    { replicationGroupId: 'a'.repeat(41) },
    /is invalid: use 1-40/,
  ],
  [
    'node-type-format',
    'fails when the node type is not cache.<class>.<size>',
    { cacheNodeType: 'r7g.large' },
    /cacheNodeType 'r7g.large' is invalid: expected 'cache.<class><generation>\[attributes\].<size>'/,
  ],
  ['num-shards-range', 'fails when numShards is above 500', { numShards: 501 }, /numShards must be an integer from 1 to 500, got 501/],
  ['num-shards-range', 'fails when numShards is 0', { numShards: 0 }, /numShards must be an integer from 1 to 500, got 0/],
  [
    'shards-need-cluster-mode',
    'fails when several shards are asked for with cluster mode disabled',
    { numShards: 2, clusterMode: ClusterMode.DISABLED },
    /numShards 2 needs clusterMode ClusterMode.ENABLED/,
  ],
  [
    'replicas-range',
    'fails when replicasPerShard is above 5',
    { replicasPerShard: 6 },
    /replicasPerShard must be an integer from 0 to 5, got 6/,
  ],
  [
    'replicas-range',
    'fails when replicasPerShard is not an integer',
    { replicasPerShard: 1.5 },
    /replicasPerShard must be an integer from 0 to 5, got 1.5/,
  ],
  [
    'multi-az-needs-replica',
    'fails when automatic failover (Multi-AZ) has fewer than 2 nodes',
    { replicasPerShard: 0, multiAz: true },
    /multiAz needs automatic failover, which needs replicasPerShard >= 1/,
  ],
  [
    't1-no-failover',
    'fails when a t1 node type gets automatic failover',
    { cacheNodeType: 'cache.t1.micro' },
    /cacheNodeType 'cache.t1.micro' does not support automatic failover or Multi-AZ/,
  ],
  [
    'burstable-backups',
    'fails when a t2 node type keeps backups with cluster mode disabled',
    { cacheNodeType: 'cache.t2.small' },
    /does not support backups with cluster mode disabled/,
  ],
  [
    'preferred-azs',
    'fails when preferredAvailabilityZones has a different count than nodes',
    { preferredAvailabilityZones: ['a', 'b'] },
    /preferredAvailabilityZones must have exactly 3 entries \(replicasPerShard \+ 1, primary first\), got 2/,
  ],
  [
    'preferred-azs',
    'fails when preferredAvailabilityZones is used in cluster mode',
    { numShards: 2, preferredAvailabilityZones: ['a', 'b', 'c'] },
    /preferredAvailabilityZones applies only to cluster mode disabled/,
  ],
  ['port-range', 'fails when the port is below 1024', { port: 80 }, /port must be an integer from 1024 to 65535, got 80/],
  ['port-range', 'fails when the port is above 65535', { port: 70000 }, /port must be an integer from 1024 to 65535, got 70000/],
  [
    'transit-encryption-mode-engine',
    'fails when transitEncryptionMode is set on Redis OSS 6',
    { engine: ReplicationGroupEngine.REDIS_6_2, transitEncryptionMode: TransitEncryptionMode.PREFERRED },
    /transitEncryptionMode needs Valkey or Redis OSS 7.0\+, but engine is redis 6.2/,
  ],
  [
    'backup-retention-range',
    'fails when backups are kept more than 35 days',
    { backup: { retention: Duration.days(36) } },
    /backup.retention must be whole days from 0 to 35, got 36 days/,
  ],
  [
    'backup-retention-range',
    'fails when backup retention is not whole days',
    { backup: { retention: Duration.hours(36) } },
    /backup.retention must be whole days from 0 to 35, got 1.5 days/,
  ],
  [
    'snapshot-window-format',
    'fails when the snapshot window is malformed',
    { backup: { preferredWindow: '3:00-5:00' } },
    /backup.preferredWindow '3:00-5:00' is invalid: expected 'hh24:mi-hh24:mi'/,
  ],
  [
    'snapshot-window-format',
    'fails when the snapshot window is shorter than 60 minutes',
    { backup: { preferredWindow: '03:00-03:30' } },
    /backup.preferredWindow '03:00-03:30' is invalid/,
  ],
  [
    'maintenance-window-format',
    'fails when the maintenance window is malformed',
    { maintenanceWindow: 'sunday:06:00-sunday:07:00' },
    /maintenanceWindow 'sunday:06:00-sunday:07:00' is invalid: expected 'ddd:hh24:mi-ddd:hh24:mi'/,
  ],
  [
    'maintenance-window-format',
    'fails when the maintenance window is longer than 24 hours',
    { maintenanceWindow: 'sun:06:00-mon:07:00' },
    /maintenanceWindow 'sun:06:00-mon:07:00' is invalid/,
  ],
  [
    'windows-overlap',
    'fails when the maintenance window overlaps the snapshot window',
    { maintenanceWindow: 'wed:04:00-wed:05:00' },
    /maintenanceWindow 'wed:04:00-wed:05:00' overlaps backup.preferredWindow '03:00-05:00'/,
  ],
  [
    'windows-overlap',
    'fails when the windows overlap across midnight',
    { backup: { preferredWindow: '23:30-00:45' }, maintenanceWindow: 'sat:23:00-sun:00:15' },
    /overlaps backup.preferredWindow '23:30-00:45'/,
  ],
  [
    'data-tiering-node-type',
    'fails when an r6gd node type has data tiering off',
    { cacheNodeType: 'cache.r6gd.xlarge', dataTiering: false },
    /cacheNodeType 'cache.r6gd.xlarge' \(r6gd\) requires dataTiering true/,
  ],
  [
    'data-tiering-node-type',
    'fails when data tiering is asked for on a non-r6gd node type',
    { dataTiering: true },
    /dataTiering needs an r6gd node type/,
  ],
  [
    'data-tiering-engine',
    'fails when data tiering runs on Redis OSS 6.0',
    { cacheNodeType: 'cache.r6gd.xlarge', engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '6.0') },
    /dataTiering needs Valkey or Redis OSS 6.2\+, but engine is redis 6.0/,
  ],
  [
    'network-type',
    'fails when IPv6 runs on a non-Nitro node type',
    { networkType: NetworkType.IPV6, cacheNodeType: 'cache.r4.large' },
    /networkType 'ipv6' needs a Nitro node type/,
  ],
  [
    'network-type',
    'fails when dual stack runs on Redis OSS 6.0',
    { networkType: NetworkType.DUAL_STACK, engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '6.0') },
    /networkType 'dual_stack' needs Valkey or Redis OSS 6.2\+/,
  ],
  [
    'cluster-enabled-parameter',
    'fails when the cluster-enabled parameter contradicts the cluster mode',
    { parameters: { 'cluster-enabled': 'yes' } },
    /parameters\['cluster-enabled'\] is 'yes' but clusterMode is disabled/,
  ],
  [
    'log-delivery-engine',
    'fails when the engine log is delivered from Redis OSS 6.0',
    {
      engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '6.0'),
      logging: { engineLog: CacheLogDestination.newLogGroup() },
    },
    /logging.engineLog needs Valkey or Redis OSS 6.2\+, but engine is redis 6.0/,
  ],
  [
    'log-delivery-engine',
    'fails when the slow log is delivered from Redis OSS 5.0',
    { engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.6'), logging: {} },
    /logging.slowLog needs Valkey or Redis OSS 6.0\+, but engine is redis 5.0.6/,
  ],
  [
    'log-destination-shared',
    'fails when the slow log and the engine log share a log group',
    {
      logging: {
        slowLog: CacheLogDestination.logGroup(logs.LogGroup.fromLogGroupName(SCRATCH, 'Logs', 'cache-logs')),
        engineLog: CacheLogDestination.logGroup(logs.LogGroup.fromLogGroupName(SCRATCH, 'SameLogs', 'cache-logs')),
      },
    },
    /logging.slowLog and logging.engineLog both deliver to the same log group cache-logs/,
  ],
  [
    'notification-topic-encrypted',
    'fails when the notification topic is encrypted',
    { notificationTopic: ENCRYPTED_TOPIC },
    /notificationTopic .* is encrypted .* ElastiCache cannot publish event notifications to an encrypted topic/,
  ],
  [
    'durability-engine',
    'fails when durability runs on Valkey 8.2',
    { ...DURABLE, engine: ReplicationGroupEngine.VALKEY_8_2 },
    /durability sync needs Valkey 9.0\+, but engine is valkey 8.2/,
  ],
  [
    'durability-node-type',
    'fails when durability runs on a burstable node type',
    { ...DURABLE, cacheNodeType: 'cache.t4g.medium' },
    /durability sync needs an r8g, r7g, r6g, m8g, m7g, m6g, c8gn, c7gn node type, got 'cache.t4g.medium'/,
  ],
  [
    'durability-cluster-mode',
    'fails when durability runs with cluster mode disabled',
    { durability: Durability.ASYNC },
    /durability async needs clusterMode ClusterMode.ENABLED/,
  ],
  [
    'durability-multi-az',
    'fails when durability runs without Multi-AZ',
    { ...DURABLE, multiAz: false },
    /durability sync needs multiAz true and at least one replica per shard, got multiAz false/,
  ],
  [
    'durability-data-tiering',
    'fails when durability runs on a data tiering node type',
    { ...DURABLE, cacheNodeType: 'cache.r6gd.xlarge' },
    /durability sync is not supported with data tiering/,
  ],
];

describe('ReplicationGroup validation', () => {
  test.each(FAILING_INPUTS)('[%s] %s', (rule, _name, props, message) => {
    expect(build(props)).toThrow(message);
    // The error is the library's own class, and carries the id of the rule that failed.
    const error = captureError(build(props));
    expect(error).toBeInstanceOf(CacheValidationError);
    expect((error as CacheValidationError).ruleIds).toContain(rule);
    expect(error.message).toContain(`- [${rule}] `);
  });

  test('every error rule has a failing-input test', () => {
    // durability-global-datastore is tested with the global datastore (test/global).
    const tested = new Set([...FAILING_INPUTS.map(([rule]) => rule), 'multi-az-needs-two-azs', 'durability-global-datastore']);
    const untested = REPLICATION_GROUP_RULES.filter((r) => r.severity === 'error' && !tested.has(r.id)).map((r) => r.id);
    expect(untested).toEqual([]);
  });

  test('reports every broken prop in one error, prefixed with the construct path', () => {
    expect(build({ port: 1, replicasPerShard: 9 })).toThrow(
      /ReplicationGroup TestStack\/Cache: invalid props:\n {2}- \[replicas-range\] replicasPerShard must be .*\n {2}- \[port-range\] port must be/,
    );
  });

  test('engine versions are validated when the engine is made', () => {
    expect(() => ReplicationGroupEngine.of(ReplicationGroupEngineName.VALKEY, 'latest')).toThrow(
      /engine version 'latest' is not valid: expected 'major.minor'/,
    );
    expect(() => ReplicationGroupEngine.of(ReplicationGroupEngineName.VALKEY, '7.0')).toThrow(
      /'7.0' is not offered by ElastiCache for valkey: use one of 7.2/,
    );
  });

  test('skips unresolved tokens instead of rejecting them', () => {
    expect(
      build({
        port: Token.asNumber({ Ref: 'PortParam' }),
        replicasPerShard: Token.asNumber({ Ref: 'ReplicasParam' }),
        cacheNodeType: Token.asString({ Ref: 'NodeTypeParam' }),
        replicationGroupId: Token.asString({ Ref: 'IdParam' }),
        backup: { preferredWindow: Token.asString({ Ref: 'WindowParam' }) },
        preferredAvailabilityZones: Token.asList({ Ref: 'AzParam' }),
      }),
    ).not.toThrow();
  });

  test('accepts valid edge values', () => {
    expect(
      build({ replicationGroupId: 'a', port: 1024, replicasPerShard: 5, numShards: 500, backup: { retention: Duration.days(35) } }),
    ).not.toThrow();
    expect(
      build({ replicasPerShard: 0, multiAz: false, backup: { retention: Duration.days(0) }, maintenanceWindow: 'wed:04:00-wed:05:00' }),
    ).not.toThrow();
    expect(build({ cacheNodeType: 'cache.r6gd.xlarge' })).not.toThrow();
    expect(build({ networkType: NetworkType.DUAL_STACK, cacheNodeType: 'cache.t4g.small' })).not.toThrow();
  });

  test('backup sets the retention and the window', () => {
    const template = cacheStack({ backup: { retention: Duration.days(20), preferredWindow: '01:00-02:00' } }).template();
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: 20, SnapshotWindow: '01:00-02:00' });
  });

  test('warns when backups are kept fewer than 15 days', () => {
    const { stack } = cacheStack({ backup: { retention: Duration.days(7) } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Cache', Match.stringLikeRegexp('below the 15 days HIPAA and NIST'));
  });

  test('warns for a Redis OSS major newer than ElastiCache offers', () => {
    const { stack } = cacheStack({ engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '8.0') });
    Annotations.fromStack(stack).hasWarning('/TestStack/Cache', Match.stringLikeRegexp('last Redis OSS version is 7.1'));
  });

  test('the default props raise no warning', () => {
    const { stack } = cacheStack();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('[multi-az-needs-two-azs] fails when Multi-AZ subnets span one AZ', () => {
    // A stack with an environment knows its AZ names once the CLI has looked them up (here: in the context).
    const stack = envStack(EU_WEST_1_ZONES);
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      natGateways: 0,
      subnetConfiguration: [{ name: 'c', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const oneAz = vpc.isolatedSubnets[0].availabilityZone;
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, vpcSubnets: { subnets: [vpc.isolatedSubnets[0]] } })).toThrow(
      `multiAz needs subnets in at least 2 Availability Zones, but vpcSubnets selects only ${oneAz}`,
    );
  });

  test('fails when vpcSubnets selects no subnet', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      natGateways: 0,
      subnetConfiguration: [{ name: 'c', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, vpcSubnets: { availabilityZones: ['nowhere-1a'] } })).toThrow(
      /vpcSubnets selects no subnet/,
    );
  });

  test('Multi-AZ with explicit subnets in two AZs passes', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      natGateways: 0,
      subnetConfiguration: [{ name: 'c', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(
      () => new ReplicationGroup(stack, 'Cache', { vpc, vpcSubnets: { availabilityZones: vpc.availabilityZones.slice(0, 2) } }),
    ).not.toThrow();
  });
});
