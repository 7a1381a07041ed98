import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import {
  AccessString,
  CacheAuthentication,
  CacheEngine,
  CacheUser,
  CacheUserGroup,
  CacheValidationError,
  ClusterMode,
  EngineName,
  ReplicationGroup,
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
  ['engine-version-format', () => CacheEngine.of(EngineName.VALKEY, 'latest')],
  ['engine-version-offered', () => CacheEngine.of(EngineName.VALKEY, '8.9')],
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
      return new CacheUserGroup(stack, 'G', { users: [new CacheUser(stack, 'U', { userName: 'app', engine: EngineName.REDIS })] });
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
  ['user-group-cache-engine', () => cacheWithUsers(CacheEngine.REDIS_7_1, UserAuthentication.password(), 'rbac')],
  ['rbac-engine', () => cacheWithUsers(CacheEngine.of(EngineName.REDIS, '5.0.6'), UserAuthentication.password(), 'rbac', EngineName.REDIS)],
  ['iam-engine', () => cacheWithUsers(CacheEngine.REDIS_6_2, UserAuthentication.iam(), 'iam', EngineName.REDIS)],
  ['iam-user-required', () => cacheWithUsers(CacheEngine.VALKEY_9_0, UserAuthentication.password(), 'iam')],
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
  ['imported-attribute', () => ReplicationGroup.fromReplicationGroupAttributes(newStack(), 'I', { replicationGroupId: 'x' }).port],
  [
    'grant-connect-iam-user',
    () => {
      const stack = newStack();
      const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'I', { replicationGroupId: 'x' });
      const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
      return cache.grantConnect(role, new CacheUser(stack, 'U', { userName: 'app' }));
    },
  ],
];

function cacheWithUsers(engine: CacheEngine, authentication: UserAuthentication, mode: 'rbac' | 'iam', userEngine = EngineName.VALKEY) {
  const stack = newStack();
  const user = new CacheUser(stack, 'U', { userName: 'app-user', engine: userEngine, authentication });
  const users = new CacheUserGroup(stack, 'G', { users: [user], engine: userEngine });
  const auth = mode === 'rbac' ? CacheAuthentication.rbac(users) : CacheAuthentication.iam(users);
  return new ReplicationGroup(stack, 'C', { vpc: isolatedVpc(stack), engine, authentication: auth });
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

test('every rule id the construct library throws has a case above or in the replication group rule table', () => {
  const libDir = join(__dirname, '..', 'lib');
  const sources = (readdirSync(libDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !/^(runtime|cli|review|sample)\//.test(file) && file !== 'errors.ts')
    .map((file) => readFileSync(join(libDir, file), 'utf8'));
  const thrown = new Set(sources.flatMap((text) => [...text.matchAll(/problem\(\s*'([a-z0-9-]+)'/g)].map((m) => m[1])));
  const covered = new Set([...FAILING.map(([id]) => id), ...REPLICATION_GROUP_RULES.map((rule) => rule.id)]);
  expect([...thrown].filter((id) => !covered.has(id))).toEqual([]);
  expect(thrown.size).toBeGreaterThan(20);
});
