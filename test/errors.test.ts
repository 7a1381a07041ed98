import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Token, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import {
  AccessString,
  CacheAuthentication,
  ReplicationGroupEngine,
  ReplicationGroupEngineName,
  CacheUser,
  CacheUserGroup,
  CacheValidationError,
  ClusterMode,
  UserEngine,
  ReplicationGroup,
  ReplicationGroupAttributes,
  ReplicationGroupProps,
  UserAuthentication,
} from '../lib';
import { REPLICATION_GROUP_RULES } from '../lib/replication-group/validation-rules';
import { isolatedVpc, newStack } from './helpers/stacks';

/**
 * Every rule outside the replication group's rule table (test/replication-group/validation.test.ts covers that one)
 * fails with the library's error class, carrying its rule id. [rule id, failing input]
 */
const FAILING: [string, () => unknown][] = [
  ['access-string-empty', () => AccessString.of(' ')],
  ['access-string-password', () => AccessString.of('on >secret ~* +@all')],
  ['access-string-key-pattern', () => AccessString.readOnly('a b')],
  ['engine-version-format', () => ReplicationGroupEngine.of(ReplicationGroupEngineName.VALKEY, 'latest')],
  ['engine-version-offered', () => ReplicationGroupEngine.of(ReplicationGroupEngineName.VALKEY, '8.9')],
  ['user-id-format', () => new CacheUser(newStack(), 'U', { userName: 'app', userId: '1app' })],
  ['user-name-format', () => new CacheUser(newStack(), 'U', { userName: 'a b' })],
  [
    'iam-user-id-equals-name',
    () => new CacheUser(newStack(), 'U', { userName: 'app', userId: 'other', authentication: UserAuthentication.iam() }),
  ],
  ['iam-user-name-lowercase', () => new CacheUser(newStack(), 'U', { userName: 'App', authentication: UserAuthentication.iam() })],
  ['user-id-default', () => new CacheUser(newStack(), 'U', { userName: 'x', userId: 'default' })],
  ['user-group-id-format', () => new CacheUserGroup(newStack(), 'G', { users: [], userGroupId: 'a--b' })],
  [
    'user-group-default-user',
    () => {
      const stack = newStack();
      return new CacheUserGroup(stack, 'G', { users: [new CacheUser(stack, 'U', { userName: 'app' })], addDisabledDefaultUser: false });
    },
  ],
  [
    'user-group-engine',
    () => {
      const stack = newStack();
      const user = new CacheUser(stack, 'U', { userName: 'app', engine: UserEngine.VALKEY });
      return new CacheUserGroup(stack, 'G', { users: [user], engine: UserEngine.REDIS });
    },
  ],
  [
    'user-group-valkey-no-password',
    () => {
      const stack = newStack();
      const user = new CacheUser(stack, 'U', { userName: 'app', authentication: UserAuthentication.noPassword() });
      return new CacheUserGroup(stack, 'G', { users: [user] });
    },
  ],
  [
    'user-group-unique-names',
    () => {
      const stack = newStack();
      const users = ['A', 'B'].map((id) => new CacheUser(stack, id, { userName: 'app', userId: `app-${id.toLowerCase()}` }));
      return new CacheUserGroup(stack, 'G', { users });
    },
  ],
  [
    'user-group-unique-ids',
    () => {
      const stack = newStack();
      const users = ['A', 'B'].map((id) => new CacheUser(stack, id, { userName: 'app', userId: 'app' }));
      return new CacheUserGroup(stack, 'G', { users });
    },
  ],
  ['user-group-cache-engine', () => cacheWithUsers(ReplicationGroupEngine.REDIS_7_1, UserAuthentication.password(), 'rbac')],
  [
    'rbac-engine',
    () =>
      cacheWithUsers(
        ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.6'),
        UserAuthentication.password(),
        'rbac',
        UserEngine.REDIS,
      ),
  ],
  ['iam-engine', () => cacheWithUsers(ReplicationGroupEngine.REDIS_6_2, UserAuthentication.iam(), 'iam', UserEngine.REDIS)],
  ['iam-user-required', () => cacheWithUsers(ReplicationGroupEngine.VALKEY_9_0, UserAuthentication.password(), 'iam')],
  [
    'vpc-subnets-empty',
    () => {
      const stack = newStack();
      return new ReplicationGroup(stack, 'C', { vpc: isolatedVpc(stack), vpcSubnets: { availabilityZones: ['nowhere-1a'] } });
    },
  ],
  [
    'vpc-private-subnets',
    () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
      return new ReplicationGroup(stack, 'C', { vpc });
    },
  ],
  [
    'endpoint-cluster-mode',
    () => {
      const stack = newStack();
      return new ReplicationGroup(stack, 'C', { vpc: isolatedVpc(stack), clusterMode: ClusterMode.ENABLED }).primaryEndpoint;
    },
  ],
  ['imported-port', () => ReplicationGroup.fromReplicationGroupAttributes(newStack(), 'I', { replicationGroupId: 'x' }).port],
  [
    'grant-connect-iam-user',
    () => {
      const stack = newStack();
      const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'I', { replicationGroupId: 'x' });
      const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
      return cache.grantConnect(role, new CacheUser(stack, 'U', { userName: 'app' }));
    },
  ],
  // Observability (test/monitoring has a test per message).
  ['imported-topology', () => importedCache({ replicasPerShard: 6 }).memberClusterIds],
  ['topology-unresolved', () => importedCache({ replicasPerShard: Token.asNumber({ Ref: 'Replicas' }) }).memberClusterIds],
  [
    'alarm-options',
    () => importedCache({ replicasPerShard: 1 }).addRecommendedAlarms('RecommendedAlarms', { engineCpuUtilization: { threshold: 101 } }),
  ],
  ['recommended-alarms-limit', () => importedCache({ numShards: 100, replicasPerShard: 1 }).addRecommendedAlarms('RecommendedAlarms')],
  ['dashboard-node-limit', () => importedCache({ numShards: 100, replicasPerShard: 1 }).addDashboard('Dashboard')],
  ['auto-scaling-min-max', () => scalableCache().autoScaleShards({ ...SHARD_SCALING, minCapacity: 5 })],
  ['auto-scaling-capacity', () => scalableCache().autoScaleShards({ ...SHARD_SCALING, maxCapacity: 501 })],
  ['auto-scaling-target', () => scalableCache().autoScaleShards({ minCapacity: 2, maxCapacity: 4 })],
  ['auto-scaling-cluster-mode', () => scalableCache({ numShards: 1, clusterMode: ClusterMode.DISABLED }).autoScaleShards(SHARD_SCALING)],
  ['auto-scaling-node-type', () => scalableCache({ cacheNodeType: 'cache.t4g.small' }).autoScaleShards(SHARD_SCALING)],
  [
    'auto-scaling-engine',
    () =>
      scalableCache({
        engine: ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.6'),
        cacheNodeType: 'cache.r6g.large', // r7g needs Redis OSS 6.2 (node-type-engine)
      }).autoScaleShards(SHARD_SCALING),
  ],
];

function importedCache(topology: Partial<ReplicationGroupAttributes>) {
  return ReplicationGroup.fromReplicationGroupAttributes(newStack(), 'I', { replicationGroupId: 'orders', ...topology });
}

const SHARD_SCALING = { minCapacity: 2, maxCapacity: 4, targetEngineCpuUtilization: 60 };

/** A cluster-mode group ElastiCache can auto scale (r7g.large, 2 shards); `props` break one prerequisite. */
function scalableCache(props: Partial<ReplicationGroupProps> = {}) {
  const stack = newStack();
  const scalable = { cacheNodeType: 'cache.r7g.large', numShards: 2, replicasPerShard: 1 };
  return new ReplicationGroup(stack, 'C', { vpc: isolatedVpc(stack), ...scalable, ...props });
}

function cacheWithUsers(
  engine: ReplicationGroupEngine,
  authentication: UserAuthentication,
  mode: 'rbac' | 'iam',
  userEngine = UserEngine.VALKEY,
) {
  const stack = newStack();
  const user = new CacheUser(stack, 'U', { userName: 'app-user', engine: userEngine, authentication });
  const users = new CacheUserGroup(stack, 'G', { users: [user], engine: userEngine });
  const auth = mode === 'rbac' ? CacheAuthentication.rbac(users) : CacheAuthentication.iam(users);
  // r6g runs Redis OSS 5.0.6 and later (r7g needs 6.2: node-type-engine).
  return new ReplicationGroup(stack, 'C', { vpc: isolatedVpc(stack), engine, cacheNodeType: 'cache.r6g.large', authentication: auth });
}

describe('CacheValidationError', () => {
  test.each(FAILING)('[%s] is thrown with its rule id', (ruleId, fn) => {
    let caught: unknown;
    try {
      fn();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CacheValidationError);
    expect((caught as CacheValidationError).ruleIds).toContain(ruleId);
    expect((caught as Error).message).toContain(`[${ruleId}] `);
  });
});

test('every rule id the construct library throws is expected by a failing-input test', () => {
  const libDir = join(__dirname, '..', 'lib');
  const sources = (readdirSync(libDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !/^(runtime|cli|review|sample)\//.test(file) && file !== 'errors.ts')
    .map((file) => readFileSync(join(libDir, file), 'utf8'));
  const thrown = new Set(sources.flatMap((text) => [...text.matchAll(/problem\(\s*'([a-z0-9-]+)'/g)].map((m) => m[1])));
  // A rule is covered by a case above, by the replication group's table, or by a suite elsewhere that names it in its
  // expectations: `toThrow('[rule-id]')`, a `/\[rule-id\]/` pattern, or a `'rule-id'` entry of a failing-input table.
  const testDir = __dirname;
  const elsewhere = (readdirSync(testDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => readFileSync(join(testDir, file), 'utf8'))
    .join('\n');
  const expectedElsewhere = (id: string) => [`[${id}]`, `\\[${id}\\]`, `'${id}'`].some((form) => elsewhere.includes(form));
  const covered = new Set([
    ...FAILING.map(([id]) => id),
    ...REPLICATION_GROUP_RULES.map((rule) => rule.id),
    ...[...thrown].filter(expectedElsewhere),
  ]);
  expect([...thrown].filter((id) => !covered.has(id))).toEqual([]);
  expect(thrown.size).toBeGreaterThan(20);
});
