/**
 * `tsx bench/memcached.ts` (part of `npm run bench:runtime`): what CacheAside costs on top of the raw Memcached client
 * on the hit path, on local memcached servers started for the run:
 *
 * - a 3-node TLS cluster found through a fake configuration endpoint (what ElastiCache's default looks like), and
 * - one plaintext server,
 *
 * each with 50 calls in flight. Sides: raw `get`, `get` + JSON.parse, and CacheAside.getOrLoad on a hit. Rounds are
 * interleaved in rotating order so every side sees the same machine state; median ops/s, p50/p99 latency over all
 * rounds. Keys rotate over 10,000 hot keys, so single-flight never coalesces two reads.
 */
import { MemcachedClient } from '../src/memcached/client';
import { memcachedCacheAside } from '../src/memcached/patterns/cache-patterns';
import { localNode, startFakeConfigEndpoint } from '../test/memcached/fake-config-endpoint';
import { makeCertificate, MemcachedServer, startMemcached } from '../test/memcached/memcached-server';

const KEYS = 10_000;
const CONCURRENCY = 50;
const OPS_PER_ROUND = 20_000;
const ROUNDS = 7;
const VALUE = { id: 'item', title: 'A cached item of about a hundred bytes', price: 12.5, tags: ['a', 'b', 'c'] };

interface Side {
  readonly name: string;
  readonly op: (i: number) => Promise<unknown>;
  readonly opsPerSec: number[];
  readonly latenciesMs: number[];
}

async function round(side: Side, total: number): Promise<void> {
  const latencies = new Float64Array(total);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const started = performance.now();
      await side.op(i);
      latencies[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  side.opsPerSec.push(total / ((performance.now() - started) / 1000));
  side.latenciesMs.push(...latencies);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const row = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(36) : c.padStart(13))).join(' | ')} |`;

async function hitPath(title: string, client: MemcachedClient): Promise<void> {
  const raw = JSON.stringify(VALUE);
  for (let i = 0; i < KEYS; i += 1_000)
    await Promise.all(Array.from({ length: 1_000 }, (_, k) => client.set(`bench:${i + k}`, raw, 3_600)));
  const cache = memcachedCacheAside<typeof VALUE>(client);
  const load = () => Promise.resolve(VALUE);
  const key = (i: number) => `bench:${i % KEYS}`;
  const sides: Side[] = [
    { name: 'raw get', op: (i) => client.get(key(i)), opsPerSec: [], latenciesMs: [] },
    {
      name: 'raw get + JSON.parse',
      op: async (i) => JSON.parse((await client.get(key(i))) ?? 'null') as unknown,
      opsPerSec: [],
      latenciesMs: [],
    },
    { name: 'CacheAside.getOrLoad (hit)', op: (i) => cache.getOrLoad(key(i), load, { ttl: 3_600 }), opsPerSec: [], latenciesMs: [] },
  ];
  for (const side of sides) await round({ ...side, opsPerSec: [], latenciesMs: [] }, OPS_PER_ROUND); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (let s = 0; s < sides.length; s++) await round(sides[(r + s) % sides.length], OPS_PER_ROUND);
  }
  console.log(
    `${title}: ${CONCURRENCY} in flight, ${fmt(OPS_PER_ROUND)} ops x ${ROUNDS} rounds per side, ${fmt(KEYS)} hot keys, ${raw.length}-byte JSON values\n`,
  );
  console.log(row(['memcached hit path', 'ops/s (med)', 'p50 ms', 'p99 ms']));
  console.log(row(['---', '---:', '---:', '---:']));
  for (const side of sides) {
    console.log(
      row([side.name, fmt(median(side.opsPerSec)), fmt(percentile(side.latenciesMs, 50), 3), fmt(percentile(side.latenciesMs, 99), 3)]),
    );
  }
  console.log(row(['CacheAside / raw get', `${fmt(median(sides[2].opsPerSec) / median(sides[0].opsPerSec), 2)}x`, '', '']));
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
