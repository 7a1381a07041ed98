import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ElastiCacheServiceException,
  ReplicationGroupNotFoundFault,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { clearDiscoveryCache, discoverEndpoints } from '../src/discovery';
import {
  CacheAccessDeniedError,
  CacheThrottledError,
  ReplicationGroupNotAvailableError,
  ReplicationGroupNotFoundError,
} from '../src/errors';

const mock = mockClient(ElastiCacheClient);
const client = new ElastiCacheClient({ region: 'eu-west-1' });
const noSleep = jest.fn(async (_ms: number) => undefined);

const CLUSTER_MODE_OFF: ReplicationGroup = {
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
        {
          CacheClusterId: 'orders-001',
          CurrentRole: 'primary',
          PreferredAvailabilityZone: 'eu-west-1a',
          ReadEndpoint: { Address: 'orders-001.orders.abc123.euw1.cache.amazonaws.com', Port: 6379 },
        },
        {
          CacheClusterId: 'orders-002',
          CurrentRole: 'replica',
          PreferredAvailabilityZone: 'eu-west-1b',
          ReadEndpoint: { Address: 'orders-002.orders.abc123.euw1.cache.amazonaws.com', Port: 6379 },
        },
      ],
    },
  ],
};

const CLUSTER_MODE_ON: ReplicationGroup = {
  ReplicationGroupId: 'sessions',
  Status: 'available',
  ClusterEnabled: true,
  Engine: 'valkey',
  TransitEncryptionEnabled: true,
  AuthTokenEnabled: false,
  UserGroupIds: ['app-users'],
  ConfigurationEndpoint: { Address: 'clustercfg.sessions.abc123.euw1.cache.amazonaws.com', Port: 6380 },
  NodeGroups: [
    {
      NodeGroupId: '0001',
      NodeGroupMembers: [
        { CacheClusterId: 'sessions-0001-001', PreferredAvailabilityZone: 'eu-west-1a' },
        { CacheClusterId: 'sessions-0001-002', PreferredAvailabilityZone: 'eu-west-1b' },
      ],
    },
    {
      NodeGroupId: '0002',
      NodeGroupMembers: [
        { CacheClusterId: 'sessions-0002-001', PreferredAvailabilityZone: 'eu-west-1b' },
        { CacheClusterId: 'sessions-0002-002', PreferredAvailabilityZone: 'eu-west-1c' },
      ],
    },
  ],
};

function serviceError(name: string): ElastiCacheServiceException {
  return new ElastiCacheServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `${name} happened` });
}

/** A fake clock that `sleep` advances, so waiting is instant but elapsed times are real numbers. */
function fakeTime() {
  let now = 1_000_000;
  return {
    clock: () => now,
    sleep: jest.fn(async (ms: number) => {
      now += ms;
    }),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

beforeEach(() => {
  mock.reset();
  noSleep.mockClear();
  clearDiscoveryCache();
});

describe('discoverEndpoints', () => {
  test('maps a cluster-mode-off group: primary and reader endpoints, member roles and AZs', async () => {
    mock.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'orders' }).resolves({ ReplicationGroups: [CLUSTER_MODE_OFF] });
    const topology = await discoverEndpoints('orders', { client });
    expect(topology).toEqual({
      replicationGroupId: 'orders',
      clusterMode: 'disabled',
      primaryEndpoint: { address: 'master.orders.abc123.euw1.cache.amazonaws.com', port: 6379 },
      readerEndpoint: { address: 'replica.orders.abc123.euw1.cache.amazonaws.com', port: 6379 },
      configurationEndpoint: undefined,
      transitEncryption: true,
      authTokenEnabled: true,
      rbacEnabled: false,
      status: 'available',
      engine: 'valkey',
      nodes: [
        {
          cacheClusterId: 'orders-001',
          nodeGroupId: '0001',
          role: 'primary',
          availabilityZone: 'eu-west-1a',
          address: 'orders-001.orders.abc123.euw1.cache.amazonaws.com',
          port: 6379,
        },
        {
          cacheClusterId: 'orders-002',
          nodeGroupId: '0001',
          role: 'replica',
          availabilityZone: 'eu-west-1b',
          address: 'orders-002.orders.abc123.euw1.cache.amazonaws.com',
          port: 6379,
        },
      ],
    });
  });

  test('maps a cluster-mode-on group: configuration endpoint and the members of every shard', async () => {
    mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [CLUSTER_MODE_ON] });
    const topology = await discoverEndpoints('sessions', { client });
    expect(topology.clusterMode).toBe('enabled');
    expect(topology.configurationEndpoint).toEqual({ address: 'clustercfg.sessions.abc123.euw1.cache.amazonaws.com', port: 6380 });
    expect(topology.primaryEndpoint).toBeUndefined();
    expect(topology.readerEndpoint).toBeUndefined();
    expect(topology.rbacEnabled).toBe(true);
    expect(topology.nodes.map((n) => [n.cacheClusterId, n.nodeGroupId, n.role, n.availabilityZone])).toEqual([
      ['sessions-0001-001', '0001', undefined, 'eu-west-1a'],
      ['sessions-0001-002', '0001', undefined, 'eu-west-1b'],
      ['sessions-0002-001', '0002', undefined, 'eu-west-1b'],
      ['sessions-0002-002', '0002', undefined, 'eu-west-1c'],
    ]);
  });

  test('fails with ReplicationGroupNotFoundError naming the group', async () => {
    mock
      .on(DescribeReplicationGroupsCommand)
      .rejects(new ReplicationGroupNotFoundFault({ $metadata: {}, message: 'ReplicationGroup missing not found.' }));
    const error = await discoverEndpoints('missing', { client }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplicationGroupNotFoundError);
    expect(error).toMatchObject({
      code: 'ReplicationGroupNotFound',
      message: "replication group 'missing' was not found in this account and region",
    });
  });

  test('fails with CacheAccessDeniedError when IAM denies the call', async () => {
    mock.on(DescribeReplicationGroupsCommand).rejects(serviceError('AccessDenied'));
    const error = await discoverEndpoints('orders', { client }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheAccessDeniedError);
    expect((error as Error).message).toBe(
      "access denied describing replication group 'orders' (needs elasticache:DescribeReplicationGroups)",
    );
  });

  test('passes unknown SDK errors through unchanged', async () => {
    const boom = serviceError('InvalidParameterValue');
    mock.on(DescribeReplicationGroupsCommand).rejects(boom);
    await expect(discoverEndpoints('orders', { client })).rejects.toBe(boom);
  });

  test('fails at once when the group is not available and the caller does not wait', async () => {
    mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ...CLUSTER_MODE_OFF, Status: 'modifying' }] });
    const error = await discoverEndpoints('orders', { client }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplicationGroupNotAvailableError);
    expect(error).toMatchObject({
      status: 'modifying',
      message: "replication group 'orders' is 'modifying', not 'available' (pass wait to poll until it is)",
    });
    expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 1);
  });

  test('acceptStatuses lets application code use a group that is modifying', async () => {
    mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ...CLUSTER_MODE_OFF, Status: 'modifying' }] });
    const topology = await discoverEndpoints('orders', { client, acceptStatuses: ['available', 'modifying'] });
    expect(topology.status).toBe('modifying');
  });

  test('waits through creating and modifying with exponential backoff, reporting progress', async () => {
    const { clock, sleep } = fakeTime();
    mock
      .on(DescribeReplicationGroupsCommand)
      .resolvesOnce({ ReplicationGroups: [{ ReplicationGroupId: 'orders', Status: 'creating' }] })
      .resolvesOnce({ ReplicationGroups: [{ ...CLUSTER_MODE_OFF, Status: 'modifying' }] })
      .resolves({ ReplicationGroups: [CLUSTER_MODE_OFF] });
    const onProgress = jest.fn();
    const topology = await discoverEndpoints('orders', {
      client,
      clock,
      sleep,
      onProgress,
      wait: { initialDelayMs: 1_000, maxDelayMs: 60_000, timeoutMs: 60_000 },
    });
    expect(topology.primaryEndpoint?.address).toBe('master.orders.abc123.euw1.cache.amazonaws.com');
    expect(onProgress.mock.calls).toEqual([
      ['creating', 1, 0],
      ['modifying', 2, 1_000],
      ['available', 3, 3_000],
    ]);
    expect(sleep.mock.calls).toEqual([[1_000], [2_000]]);
  });

  test('a wait that times out fails with the last status', async () => {
    const { clock, sleep } = fakeTime();
    mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'orders', Status: 'creating' }] });
    const error = await discoverEndpoints('orders', {
      client,
      clock,
      sleep,
      wait: { initialDelayMs: 1_000, maxDelayMs: 4_000, timeoutMs: 10_000 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplicationGroupNotAvailableError);
    expect(error).toMatchObject({
      status: 'creating',
      message: "replication group 'orders' is 'creating', not 'available' (still not available after waiting 7s)",
    });
    // Polls at 0, 1, 3 and 7 s; the next poll (11 s) would pass the 10 s timeout.
    expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 4);
  });

  test('does not wait on a group that is being deleted', async () => {
    const { clock, sleep } = fakeTime();
    mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'orders', Status: 'deleting' }] });
    await expect(discoverEndpoints('orders', { client, clock, sleep, wait: true })).rejects.toThrow(
      "replication group 'orders' is 'deleting', not 'available' (it will not become available)",
    );
    expect(sleep).not.toHaveBeenCalled();
  });

  test.each(['Throttling', 'ThrottlingException', 'RequestLimitExceeded'])('retries %s with backoff, then succeeds', async (name) => {
    mock
      .on(DescribeReplicationGroupsCommand)
      .rejectsOnce(serviceError(name))
      .rejectsOnce(serviceError(name))
      .resolves({ ReplicationGroups: [CLUSTER_MODE_OFF] });
    const topology = await discoverEndpoints('orders', { client, sleep: noSleep });
    expect(topology.status).toBe('available');
    expect(noSleep).toHaveBeenCalledTimes(2);
    const [first, second] = noSleep.mock.calls.map(([ms]) => ms);
    expect(first).toBeGreaterThanOrEqual(125);
    expect(first).toBeLessThanOrEqual(250);
    expect(second).toBeGreaterThanOrEqual(250);
    expect(second).toBeLessThanOrEqual(500);
  });

  test('gives up with CacheThrottledError after maxThrottleAttempts calls', async () => {
    mock.on(DescribeReplicationGroupsCommand).rejects(serviceError('Throttling'));
    const error = await discoverEndpoints('orders', { client, sleep: noSleep, maxThrottleAttempts: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheThrottledError);
    expect((error as Error).message).toBe("ElastiCache API throttled describing replication group 'orders' 3 times in a row; giving up");
    expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 3);
  });

  describe('memoization', () => {
    test('a second call within the TTL makes no SDK call; after the TTL it describes again', async () => {
      const time = fakeTime();
      mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [CLUSTER_MODE_OFF] });
      const options = { client, clock: time.clock, cacheTtlMs: 60_000 };
      const first = await discoverEndpoints('orders', options);
      time.advance(59_999);
      expect(await discoverEndpoints('orders', options)).toBe(first);
      expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 1);
      time.advance(1);
      await discoverEndpoints('orders', options);
      expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
    });

    test('is keyed by region and group id', async () => {
      mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [CLUSTER_MODE_OFF] });
      await discoverEndpoints('orders', { client, cacheTtlMs: 60_000 });
      await discoverEndpoints('orders', { client: new ElastiCacheClient({ region: 'us-east-1' }), cacheTtlMs: 60_000 });
      await discoverEndpoints('orders', { client, region: 'eu-west-1', cacheTtlMs: 60_000 });
      expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
    });

    test('does not remember a group that is not available', async () => {
      mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ...CLUSTER_MODE_OFF, Status: 'modifying' }] });
      const options = { client, cacheTtlMs: 60_000, acceptStatuses: ['available', 'modifying'] };
      await discoverEndpoints('orders', options);
      await discoverEndpoints('orders', options);
      expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
    });

    test('clearDiscoveryCache forgets remembered results', async () => {
      mock.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [CLUSTER_MODE_OFF] });
      await discoverEndpoints('orders', { client, cacheTtlMs: 60_000 });
      clearDiscoveryCache();
      await discoverEndpoints('orders', { client, cacheTtlMs: 60_000 });
      expect(mock).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
    });
  });
});
