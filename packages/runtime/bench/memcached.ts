/**
 * `tsx bench/memcached.ts` (part of `npm run bench:runtime`): what CacheAside costs on top of the raw Memcached client
 * on the hit path, on local memcached servers started for the run:
 *
 * - a 3-node TLS cluster found through a fake configuration endpoint (what ElastiCache's default looks like), and
 * - one plaintext server,
 *
 * each with 50 calls in flight. Sides: raw `get`, `get` + JSON.parse, and CacheAside.getOrLoad on a hit. Rounds
 * (see harness.ts) are interleaved in rotating order so every side sees the same machine state; median ops/s, p50/p99
 * latency over all rounds. Keys rotate over 10,000 hot keys, so single-flight never coalesces two reads.
 */
import { MemcachedClient } from '../src/memcached/client';
import { memcachedCacheAside } from '../src/memcached/patterns/cache-patterns';
import { localNode, startFakeConfigEndpoint } from '../test/memcached/fake-config-endpoint';
import { makeCertificate, MemcachedServer, startMemcached } from '../test/memcached/memcached-server';
import { compare, fmt, printTable, round, ROUND_MS, ROUNDS, side } from './harness';

const KEYS = 10_000;
const CONCURRENCY = 50;
const VALUE = { id: 'item', title: 'A cached item of about a hundred bytes', price: 12.5, tags: ['a', 'b', 'c'] };

async function hitPath(title: string, client: MemcachedClient): Promise<void> {
  const raw = JSON.stringify(VALUE);
  for (let i = 0; i < KEYS; i += 1_000)
    await Promise.all(Array.from({ length: 1_000 }, (_, k) => client.set(`bench:${i + k}`, raw, 3_600)));
  const cache = memcachedCacheAside<typeof VALUE>(client);
  const load = () => Promise.resolve(VALUE);
  const key = (i: number) => `bench:${i % KEYS}`;
  const inFlight = (name: string, op: (i: number) => Promise<unknown>) => side(name, () => round(op, CONCURRENCY));
  const sides = [
    inFlight('raw get', (i) => client.get(key(i))),
    inFlight('raw get + JSON.parse', async (i) => JSON.parse((await client.get(key(i))) ?? 'null') as unknown),
    inFlight('CacheAside.getOrLoad (hit)', (i) => cache.getOrLoad(key(i), load, { ttl: 3_600 })),
  ];
  await compare(sides);
  console.log(
    `${title}: ${CONCURRENCY} in flight, ${ROUNDS} rounds of ${ROUND_MS} ms per side, ${fmt(KEYS)} hot keys, ${raw.length}-byte JSON values\n`,
  );
  printTable('memcached hit path', 'ops/s', sides, [['CacheAside / raw get', sides[2], sides[0]]]);
  console.log(`CacheAside counters: ${JSON.stringify(cache.stats())}\n`);
}

async function main(): Promise<void> {
  const certificate = makeCertificate();
  const servers: MemcachedServer[] = [];
  const endpoint = await (async () => {
    servers.push(...(await Promise.all([1, 2, 3].map(() => startMemcached({ certificate })))));
    servers.push(await startMemcached());
    return startFakeConfigEndpoint(
      servers.slice(0, 3).map((s) => localNode(s.port)),
      certificate,
    );
  })();
  try {
    const cluster = await MemcachedClient.connect({ address: '127.0.0.1', port: endpoint.port, tls: { ca: certificate.ca } });
    try {
      await hitPath(`3-node TLS cluster (Auto Discovery, ketama), ${cluster.nodes().join(', ')}`, cluster);
    } finally {
      cluster.close();
    }
    const single = await MemcachedClient.connect({ address: '127.0.0.1', port: servers[3].port, discovery: 'off' });
    try {
      await hitPath(`one plaintext server, 127.0.0.1:${servers[3].port}`, single);
    } finally {
      single.close();
    }
  } finally {
    await endpoint.close();
    await Promise.all(servers.map((s) => s.stop()));
    certificate.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
