import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ElastiCacheServiceException,
  ReplicationGroupNotFoundFault,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { runEndpointsCommand } from '../../src/cli/endpoints-command';

const mock = mockClient(ElastiCacheClient);

const GROUP: ReplicationGroup = {
  ReplicationGroupId: 'orders',
  Status: 'available',
  ClusterEnabled: false,
  Engine: 'valkey',
  TransitEncryptionEnabled: true,
  AuthTokenEnabled: true,
  NodeGroups: [
    {
      NodeGroupId: '0001',
      PrimaryEndpoint: { Address: 'master.orders.abc123.euw1.cache.amazonaws.com', Port: 6379 },
      ReaderEndpoint: { Address: 'replica.orders.abc123.euw1.cache.amazonaws.com', Port: 6379 },
      NodeGroupMembers: [
        { CacheClusterId: 'orders-001', CurrentRole: 'primary', PreferredAvailabilityZone: 'eu-west-1a' },
        { CacheClusterId: 'orders-002', CurrentRole: 'replica', PreferredAvailabilityZone: 'eu-west-1b' },
      ],
    },
  ],
};

/** Runs the command with captured output and a fake clock that the injected sleep advances. */
async function run(args: string[], client = new ElastiCacheClient({ region: 'eu-west-1' })) {
  let stdout = '';
  let stderr = '';
  let now = 0;
  const code = await runEndpointsCommand(args, {
    client,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    sleep: async (ms) => {
      now += ms;
    },
    clock: () => now,
  });
  return { code, stdout, stderr };
}

function serviceError(name: string): ElastiCacheServiceException {
  return new ElastiCacheServiceException({ name, $fault: 'client', $metadata: {}, message: `${name} happened` });
}

beforeEach(() => mock.reset());

describe('cdk-elasticache-cli endpoints', () => {
  test('prints endpoints, nodes, TLS and auth as a table', async () => {
    mock.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'orders' }).resolves({ ReplicationGroups: [GROUP] });
    const { code, stdout, stderr } = await run(['orders']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      [
        'replication group orders: available, engine valkey, cluster mode disabled',
        'TLS on, auth token on, RBAC off',
        '',
        'ENDPOINT  ADDRESS                                         PORT',
        'primary   master.orders.abc123.euw1.cache.amazonaws.com   6379',
        'reader    replica.orders.abc123.euw1.cache.amazonaws.com  6379',
        '',
        'NODE        SHARD  ROLE     AZ',
        'orders-001  0001   primary  eu-west-1a',
        'orders-002  0001   replica  eu-west-1b',
        '',
      ].join('\n'),
    );
  });

  test('--json prints the topology', async () => {
    mock
      .on(DescribeReplicationGroupsCommand)
      .resolves({ ReplicationGroups: [{ ...GROUP, ClusterEnabled: true, ConfigurationEndpoint: { Address: 'cfg.example', Port: 6380 } }] });
    const { code, stdout } = await run(['orders', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      replicationGroupId: 'orders',
      clusterMode: 'enabled',
      configurationEndpoint: { address: 'cfg.example', port: 6380 },
      transitEncryption: true,
      authTokenEnabled: true,
      nodes: [{ cacheClusterId: 'orders-001' }, { cacheClusterId: 'orders-002' }],
    });
  });

  test('--region picks the region of the client it creates', async () => {
    mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [GROUP] });
    let stdout = '';
    const code = await runEndpointsCommand(['orders', '--region', 'ap-southeast-2', '--json'], {
      stdout: { write: (t: string) => (stdout += t) },
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).replicationGroupId).toBe('orders');
    expect(await mock.call(0).thisValue.config.region()).toBe('ap-southeast-2');
  });

  test('--wait shows progress on stderr until the group is available', async () => {
    mock
      .on(DescribeReplicationGroupsCommand)
      .resolvesOnce({ ReplicationGroups: [{ ReplicationGroupId: 'orders', Status: 'creating' }] })
      .resolvesOnce({ ReplicationGroups: [{ ...GROUP, Status: 'modifying' }] })
      .resolves({ ReplicationGroups: [GROUP] });
    const { code, stdout, stderr } = await run(['orders', '--wait']);
    expect(code).toBe(0);
    expect(stderr).toBe(
      [
        "waiting for 'orders': status creating, attempt 1, 0s elapsed",
        "waiting for 'orders': status modifying, attempt 2, 2s elapsed",
        "waiting for 'orders': status available, attempt 3, 6s elapsed",
        '',
      ].join('\n'),
    );
    expect(stdout).toContain('primary   master.orders.abc123.euw1.cache.amazonaws.com');
  });

  test('without --wait, shows a group that is modifying (it still serves traffic)', async () => {
    mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ...GROUP, Status: 'modifying' }] });
    const { code, stdout } = await run(['orders']);
    expect(code).toBe(0);
    expect(stdout).toContain('replication group orders: modifying');
  });

  describe('fails with one line on stderr', () => {
    const expectOneLineFailure = (result: { code: number; stdout: string; stderr: string }, code: number, line: string) => {
      expect(result).toEqual({ code, stdout: '', stderr: `cdk-elasticache-cli endpoints: ${line}\n` });
    };
    const usage = 'usage: cdk-elasticache-cli endpoints <replication-group-id> [--region R] [--wait] [--json]';

    test('no group id', async () => {
      expectOneLineFailure(await run([]), 2, `expected exactly one replication group id, got 0 (${usage})`);
    });

    test('an unknown option', async () => {
      expectOneLineFailure(await run(['orders', '--colour']), 2, `Unknown option '--colour' (${usage})`);
    });

    test('--region without a value', async () => {
      expectOneLineFailure(await run(['orders', '--region']), 2, `Option '--region <value>' argument missing (${usage})`);
    });

    test('a malformed group id', async () => {
      expectOneLineFailure(
        await run(['orders_prod']),
        2,
        "'orders_prod' is not a replication group id (1-40 letters, digits or hyphens, starting with a letter)",
      );
      expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 0);
    });

    test('group not found', async () => {
      mock.on(DescribeReplicationGroupsCommand).rejects(new ReplicationGroupNotFoundFault({ $metadata: {}, message: 'not found' }));
      expectOneLineFailure(await run(['orders']), 1, "replication group 'orders' was not found in this account and region");
    });

    test('access denied', async () => {
      mock.on(DescribeReplicationGroupsCommand).rejects(serviceError('AccessDeniedException'));
      expectOneLineFailure(
        await run(['orders']),
        1,
        "access denied describing replication group 'orders' (needs elasticache:DescribeReplicationGroups)",
      );
    });

    test('throttled on every retry', async () => {
      mock.on(DescribeReplicationGroupsCommand).rejects(serviceError('ThrottlingException'));
      expectOneLineFailure(
        await run(['orders']),
        1,
        "ElastiCache API throttled describing replication group 'orders' 5 times in a row; giving up",
      );
    });

    test('a group that is still being created, without --wait', async () => {
      mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'orders', Status: 'creating' }] });
      expectOneLineFailure(
        await run(['orders']),
        1,
        "replication group 'orders' is 'creating', not 'available' (pass wait to poll until it is)",
      );
    });

    test('--wait timing out', async () => {
      mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'orders', Status: 'creating' }] });
      const { code, stderr } = await run(['orders', '--wait']);
      expect(code).toBe(1);
      const lines = stderr.trimEnd().split('\n');
      expect(lines.slice(0, -1).every((line) => line.startsWith("waiting for 'orders': status creating, attempt "))).toBe(true);
      expect(lines.at(-1)).toMatch(
        /^cdk-elasticache-cli endpoints: replication group 'orders' is 'creating', not 'available' \(still not available after waiting 1\d{3}s\)$/,
      );
    });

    test('an unexpected multi-line error keeps only its first line', async () => {
      mock.on(DescribeReplicationGroupsCommand).rejects(new Error('socket hang up\n    at TLSSocket.onConnectEnd'));
      expectOneLineFailure(await run(['orders']), 1, 'socket hang up');
    });

    describe('with no region configured anywhere', () => {
      const saved = { ...process.env };
      beforeEach(() => {
        for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) delete process.env[name];
        process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
        process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
      });
      afterEach(() => {
        process.env = { ...saved };
      });

      test('says so', async () => {
        let stderr = '';
        const code = await runEndpointsCommand(['orders'], {
          stdout: { write: () => true },
          stderr: { write: (t: string) => (stderr += t) },
        });
        expect({ code, stderr }).toEqual({
          code: 1,
          stderr:
            "cdk-elasticache-cli endpoints: no AWS region configured to discover replication group 'orders' (set AWS_REGION or pass a region)\n",
        });
        expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 0);
      });
    });
  });
});
