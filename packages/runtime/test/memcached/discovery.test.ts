/**
 * Auto Discovery against a local 3-node TLS cluster behind a fake configuration endpoint: discovery through
 * connectFromEnvironment, a fourth node added and one removed while traffic runs, and the moved keys counted.
 *
 * Bound on moved keys: a node joining three takes the arcs its 160 points cut, in expectation 1/4 of the keys. Over
 * 3,000 random sets of four loopback ports, the new node's share ranged from 0.186 to 0.320 (1st–99th percentile
 * 0.213–0.290), and sampling 2,000 keys adds a standard deviation of about 0.01; the test asserts 0.25 ± 0.10, and
 * exactly the keys the new circle assigns elsewhere.
 */
import { connectFromEnvironment } from '../../src/connect-from-environment';
import { CacheUnavailableError } from '../../src/errors';
import { MemcachedClient } from '../../src/memcached/client';
import { memcachedCacheAside } from '../../src/memcached/patterns/cache-patterns';
import { toEnvironment } from '../../src/variables';
import { waitFor } from '../redis-server';
import { useLocalCluster } from './local-cluster';
import { MemcachedServer } from './memcached-server';
import { startTraffic } from './traffic';

const cluster = useLocalCluster({ nodes: 3, tls: true });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const KEYS = Array.from({ length: 2_000 }, (_, i) => `item:${i}`);

function environment(port: number): Record<string, string> {
  return toEnvironment({
    endpointKind: 'memcached',
    address: '127.0.0.1',
    port: String(port),
    tls: true,
    readOnly: false,
    authMode: 'none',
    region: 'us-east-1',
  });
}

/** A client for one server alone, to see what that server holds. */
function direct(server: MemcachedServer): Promise<MemcachedClient> {
  return MemcachedClient.connect({ address: 'localhost', port: server.port, tls: { ca: cluster.certificate!.ca }, discovery: 'off' });
}

let client: MemcachedClient;
afterAll(() => client?.close());

test('connectFromEnvironment discovers a 3-node TLS cluster through the configuration endpoint, and CacheAside serves hits from it', async () => {
  client = await connectFromEnvironment({
    engine: 'memcached',
    env: environment(cluster.endpoint.port),
    tls: { ca: cluster.certificate!.ca },
    discoveryIntervalMs: 100,
  });
  expect(client.topology).toBe('discovered');
  expect(client.configVersion).toBe(1);
  expect(client.nodes().sort()).toEqual(cluster.servers.map((s) => `127.0.0.1:${s.port}`).sort());

  // A generous bound: this checks where hits come from; under load a default-bounded read can fail open (a miss).
  const items = memcachedCacheAside<{ id: string }>(client, { keyPrefix: 'aside:', timeoutMs: 2_000 });
  const loader = jest.fn(() => Promise.resolve({ id: 'x' }));
  for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) await items.getOrLoad(id, loader, { ttl: 60 });
  for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) expect(await items.getOrLoad(id, loader, { ttl: 60 })).toEqual({ id: 'x' });
  expect(loader).toHaveBeenCalledTimes(6);
  expect(items.stats()).toMatchObject({ hits: 6, misses: 6, errors: 0 });
});

test('keys are spread over all three nodes, each stored on the node ketama names', async () => {
  await Promise.all(KEYS.map((key) => client.set(key, key, 600)));
  const owners = new Map<string, number>();
  for (const key of KEYS) owners.set(client.nodeFor(key), (owners.get(client.nodeFor(key)) ?? 0) + 1);
  expect(owners.size).toBe(3);
  for (const count of owners.values()) expect(count).toBeGreaterThan(KEYS.length / 6);
  for (const server of cluster.servers) {
    const one = await direct(server);
    const mine = KEYS.filter((key) => client.nodeFor(key) === `127.0.0.1:${server.port}`);
    expect(await Promise.all(mine.map((key) => one.get(key)))).toEqual(mine);
    one.close();
  }
});

test('a fourth node joins while traffic runs: no call fails, and about a quarter of the keys move, all to it', async () => {
  const before = new Map(KEYS.map((key) => [key, client.nodeFor(key)]));
  const fourth = await cluster.addServer();
  const traffic = startTraffic(client);
  await sleep(200);
  cluster.publish([...cluster.servers, fourth]);
  await waitFor(() => client.configVersion === 2); // the scheduled poll (every 100 ms) applies it
  await sleep(200);
  const { calls, failures } = await traffic.stop();
  expect(failures).toEqual([]);
  expect(calls).toBeGreaterThan(100);
  expect(client.nodes()).toContain(`127.0.0.1:${fourth.port}`);

  const predicted = KEYS.filter((key) => client.nodeFor(key) !== before.get(key));
  expect(predicted.every((key) => client.nodeFor(key) === `127.0.0.1:${fourth.port}`)).toBe(true);
  // Measured on the servers: a moved key now reads from the new, empty node and misses.
  const values = await Promise.all(KEYS.map((key) => client.get(key)));
  const missed = KEYS.filter((_, i) => values[i] === null);
  expect(missed).toEqual(predicted);
  const share = missed.length / KEYS.length;
  console.log(`3 -> 4 nodes: ${missed.length} of ${KEYS.length} keys moved (${(share * 100).toFixed(1)} %), ketama expects 25 %`);
  expect(share).toBeGreaterThan(0.15);
  expect(share).toBeLessThan(0.35);
  cluster.servers.push(fourth);
});

test('a node leaves while traffic runs: no call fails, only its keys move, and it can then be shut down', async () => {
  await Promise.all(KEYS.map((key) => client.set(key, key, 600)));
  const leaving = cluster.servers[0];
  const leavingId = `127.0.0.1:${leaving.port}`;
  const owned = KEYS.filter((key) => client.nodeFor(key) === leavingId);
  const traffic = startTraffic(client);
  await sleep(200);
  cluster.publish(cluster.servers.slice(1));
  await waitFor(() => client.configVersion === 3);
  await sleep(200);
  await leaving.stop(); // ElastiCache removes a node from the list before it stops it
  await sleep(200);
  const { failures } = await traffic.stop();
  expect(failures).toEqual([]);
  expect(client.nodes()).not.toContain(leavingId);

  const values = await Promise.all(KEYS.map((key) => client.get(key)));
  expect(KEYS.filter((_, i) => values[i] === null)).toEqual(owned);
  console.log(
    `4 -> 3 nodes: ${owned.length} of ${KEYS.length} keys moved (${((owned.length / KEYS.length) * 100).toFixed(1)} %), the leaving node's share`,
  );
  cluster.servers.shift();
});

test('when no server answers config get cluster, a poll fails and the client keeps its nodes', async () => {
  // A client of its own, whose scheduled poll (every 60 s) cannot race the refresh below.
  const own = await connectFromEnvironment({
    engine: 'memcached',
    env: environment(cluster.endpoint.port),
    tls: { ca: cluster.certificate!.ca },
  });
  try {
    const nodes = own.nodes();
    await cluster.endpoint.close(); // the nodes themselves are plain memcached: they answer ERROR
    await expect(own.refreshNodes()).rejects.toThrow(CacheUnavailableError);
    expect(own.nodes()).toEqual(nodes);
    await own.set('still', 'serving');
    expect(await own.get('still')).toBe('serving');
  } finally {
    own.close();
  }
});
