/**
 * The least-privilege users (test/least-privilege) against a real 3-master cluster: the constructs' access strings
 * applied to every node, connectFromEnvironment in cluster mode (CLUSTER SLOTS / INFO, a named slot refresher), and
 * the read-only user reading from replicas (READONLY). No node may have denied the runtime anything it needs.
 */
import { Cluster, Redis } from 'ioredis';
import type { CacheClient } from '../../src/connection';
import { createCacheClient } from '../../src/connection';
import { CacheConfigurationError, CachePermissionError } from '../../src/errors';
import { NearCache } from '../../src/near-cache/near-cache';
import { aclLog, applyUsers, connectAs, USERS } from '../least-privilege/acl-users';
import { everyPatternReadOnly, everyPatternReadWrite, READ_ONLY_REFUSED } from '../least-privilege/patterns';
import { LocalCluster, startLocalCluster } from '../local-cluster';

let cluster: LocalCluster;
/** Kept so that afterAll stops a cluster whose start outlived beforeAll's timeout. */
let starting: Promise<LocalCluster> | undefined;
let admin: Cluster;
let nodes: Redis[] = [];
const clients: CacheClient[] = [];
let warn: jest.SpyInstance;

beforeAll(async () => {
  cluster = await (starting = startLocalCluster());
  admin = await cluster.connect({ enableOfflineQueue: true });
  nodes = cluster.nodes.map((node) => new Redis({ host: node.host, port: node.port }));
  await applyUsers(nodes);
}, 60_000);
afterAll(async () => {
  nodes.forEach((node) => node.disconnect());
  await (await starting?.catch(() => undefined))?.stop();
});
beforeEach(() => (warn = jest.spyOn(console, 'warn')));
afterEach(() => {
  clients.splice(0).forEach((client) => client.disconnect());
  warn.mockRestore();
});

const connect = async (role: 'writer' | 'reader') => {
  const seed = cluster.startupNodes[0];
  const client = await connectAs(role, { address: seed.host, port: seed.port, cluster: true });
  clients.push(client);
  return client;
};

test('a readWrite() user runs every pattern in cluster mode, and no node denied it anything', async () => {
  await everyPatternReadWrite(await connect('writer'), admin);

  expect(await aclLog(nodes, USERS.writer.name)).toEqual([]);
  expect(warn).not.toHaveBeenCalled();
}, 60_000);

test('a readOnly() user reads from replicas with every pattern, and each write fails naming the permission', async () => {
  const reader = await connect('reader');
  expect((reader as Cluster).options.scaleReads).toBe('slave');
  await everyPatternReadOnly(reader, admin, { nearCache: false });

  const denied = await aclLog(nodes, USERS.reader.name);
  expect(denied.filter((entry) => !(entry.reason === 'command' && READ_ONLY_REFUSED.includes(entry.object)))).toEqual([]);
  expect(warn).not.toHaveBeenCalled();
}, 60_000);

test('a user without CLUSTER SLOTS fails to connect with an error that names it, not "Failed to refresh slots cache"', async () => {
  const before = 'on ~app:* &* -@all +@read +@write +@pubsub +@connection -@dangerous'; // readWrite() before issue 18
  for (const node of nodes) await node.acl('SETUSER', 'legacy', 'reset', ...before.split(' '), '>legacy-password-0123456789');
  const seed = cluster.startupNodes[0];
  const connecting = createCacheClient({
    endpoint: { address: seed.host, port: seed.port, clusterMode: true },
    auth: { kind: 'password', username: 'legacy', password: 'legacy-password-0123456789' },
    tls: false,
    maxReconnectAttempts: 0,
  });
  await expect(connecting).rejects.toBeInstanceOf(CachePermissionError);
  await expect(connecting).rejects.toMatchObject({ command: 'cluster|slots', rules: ['+cluster|slots', '+cluster|info'] });
});

test('a near cache refuses a client that reads from replicas (their values can be older than the invalidations)', async () => {
  const reader = await connect('reader');
  expect(() => new NearCache(reader)).toThrow(CacheConfigurationError);
  expect(() => new NearCache(reader)).toThrow(/reads from replicas/);
});
