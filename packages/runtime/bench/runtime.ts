/**
 * `npm run bench:runtime`: what the cache patterns cost on top of the raw client, on a local
 * redis-server started for the run.
 *
 * 1. Hit path: first NearCache.get against a raw GET alone (the ratio the near cache is held to), then every
 *    pattern: raw GET, GET + JSON.parse, CacheAside.getOrLoad, and the near cache (CacheAside with a NearCache, and
 *    NearCache.get) on hot keys, at the same concurrency, each side in a process of its own (see hit-side.ts). Rounds are interleaved, in rotating order, so all sides see the same machine state; median ops/s
 *    per side, p50/p99 latency over all rounds from one call in HIT_SAMPLE_EVERY. Keys rotate over 10,000 keys (all
 *    fit in the near cache), so single-flight never coalesces two in-flight reads (which would flatter CacheAside).
 * 2. Batched reads: 100 features with FeatureCache.getMany (one MGET) vs 100 GETs one after the
 *    other vs 100 GETs in flight at once (ioredis writes them together), float32 vectors.
 * 3. Stampede: loader calls when 1000 callers miss one cold key at once, naive cache-aside
 *    (GET, miss, load, SET) vs single-flight.
 */
import { fork } from 'node:child_process';
import { Redis } from 'ioredis';
import { float32Serializer } from '../src/patterns/binary-serializer';
import { CacheAside } from '../src/patterns/cache-aside';
import { FeatureCache } from '../src/patterns/feature-cache';
import { startRedisServer } from '../scripts/redis-server';
import { compare, fmt, printTable, round, Round, ROUND_MS, ROUNDS, side, Side } from './harness';
import { CONCURRENCY, HIT_SAMPLE_EVERY, HIT_SIDES, HitSide, KEYS, VALUE } from './hit-side';

const BATCH = 100;
const STAMPEDE_CALLERS = 1000;
const LOADER_LATENCY_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A hit-path side in its own process; one request at a time. */
async function forkSide(name: HitSide, host: string, port: number) {
  const child = fork(require.resolve('./hit-side'), [name, host, String(port)]);
  let failed: ((err: Error) => void) | undefined;
  child.on('exit', (code) => failed?.(new Error(`bench side "${name}" exited with ${code}`)));
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      failed = reject;
      child.once('message', resolve);
    });
  await next(); // ready
  const request = (message: string) => {
    const reply = next();
    child.send(message);
    return reply;
  };
  return {
    side: side(name, () => request('round') as Promise<Round>),
    stats: () => request('stats'),
    close: () => child.send('close'),
  };
}

/** Forks `names`, runs interleaved rounds, prints the table; `ratios` name two sides each by index. */
async function hitPath(
  host: string,
  port: number,
  title: string,
  names: readonly HitSide[],
  ratios: [string, number, number][],
  counters: readonly number[] = [],
): Promise<void> {
  const forked = await Promise.all(names.map((name) => forkSide(name, host, port)));
  try {
    const sides = forked.map((f) => f.side);
    await compare(sides);
    printTable(
      title,
      'ops/s',
      sides,
      ratios.map(([name, a, b]) => [name, sides[a], sides[b]]),
    );
    for (const i of counters) console.log(`counters (${names[i]}): ${JSON.stringify(await forked[i].stats())}`);
    if (counters.length > 0) console.log('');
  } finally {
    for (const f of forked) f.close();
  }
}

async function hitPaths(host: string, port: number, raw: string): Promise<void> {
  console.log(
    `${CONCURRENCY} in flight, ${ROUNDS} rounds of ${ROUND_MS} ms per side, ${fmt(KEYS)} hot keys, ${raw.length}-byte JSON values, ` +
      `each side in its own process, latency of 1 call in ${HIT_SAMPLE_EVERY}\n`,
  );
  // The near cache's ratio to a raw GET, measured with only those two sides alternating (with five, the other
  // processes' work between rounds moves the local hit's figure by a third from run to run on a 2-core machine).
  await hitPath(
    host,
    port,
    'near cache vs raw GET, head to head',
    ['raw client GET', 'NearCache.get (local hit, raw string)'],
    [['NearCache.get / raw GET', 1, 0]],
  );
  await hitPath(
    host,
    port,
    'hit path, every pattern',
    HIT_SIDES,
    [
      ['CacheAside / raw GET', 2, 0],
      ['CacheAside + NearCache / raw GET', 3, 0],
      ['NearCache.get / raw GET', 4, 0],
    ],
    [2, 3],
  );
}

async function batchedReads(redis: Redis): Promise<void> {
  const features = new FeatureCache(redis, { serializer: float32Serializer(), timeoutMs: 1_000 });
  const ids = Array.from({ length: BATCH }, (_, i) => `user:${i}`);
  await features.setMany(
    ids.map((id, i) => [id, Float32Array.from({ length: 64 }, (_, d) => i + d / 64)] as const),
    3600,
  );
  const keys = ids.map((id) => `feature:${id}`);
  const inProcess = (name: string, op: () => Promise<unknown>): Side => side(name, () => round(op, 1));
  const sides = [
    inProcess(`FeatureCache.getMany (${BATCH} ids, 1 MGET)`, () => features.getMany(ids)),
    inProcess(`${BATCH} GETs, one after the other`, async () => {
      for (const k of keys) await redis.getBuffer(k);
    }),
    inProcess(`${BATCH} GETs in flight at once`, () => Promise.all(keys.map((k) => redis.getBuffer(k)))),
  ];
  await compare(sides);
  const [batched, sequential, concurrent] = sides;
  console.log(`${ROUNDS} rounds of ${ROUND_MS} ms per side, one batch at a time, 64-dim float32 vectors (260 bytes)\n`);
  printTable(`read ${BATCH} features`, 'batches/s', sides, [
    ['getMany / sequential GETs', batched, sequential],
    ['getMany / concurrent GETs', batched, concurrent],
  ]);
}

async function stampede(getOrLoad: (loader: () => Promise<typeof VALUE>) => Promise<unknown>): Promise<number> {
  let calls = 0;
  const loader = async () => {
    calls++;
    await sleep(LOADER_LATENCY_MS);
    return VALUE;
  };
  await Promise.all(Array.from({ length: STAMPEDE_CALLERS }, () => getOrLoad(loader)));
  return calls;
}

async function stampedes(redis: Redis): Promise<void> {
  const cache = new CacheAside<typeof VALUE>(redis);
  const naiveCalls = await stampede(async (loader) => {
    const cached = await redis.get('cold:naive');
    if (cached !== null) return JSON.parse(cached) as unknown;
    const value = await loader();
    await redis.set('cold:naive', JSON.stringify(value), 'EX', 60);
    return value;
  });
  const singleFlightCalls = await stampede((loader) => cache.getOrLoad('cold:single-flight', loader, { ttl: 60 }));
  console.log(`| ${STAMPEDE_CALLERS} callers miss one cold key (loader ${LOADER_LATENCY_MS} ms) | loader calls |`);
  console.log('| --- | ---: |');
  console.log(`| naive get -> miss -> load -> set | ${naiveCalls} |`);
  console.log(`| CacheAside single-flight | ${singleFlightCalls} |`);
}

async function main(): Promise<void> {
  const server = await startRedisServer();
  const redis = new Redis({ host: server.host, port: server.port, lazyConnect: true });
  try {
    await redis.connect();
    const raw = JSON.stringify(VALUE);
    for (let i = 0; i < KEYS; i += 1000) {
      const pipeline = redis.pipeline();
      for (let k = i; k < i + 1000; k++) pipeline.set(`bench:${k}`, raw, 'EX', 3600);
      await pipeline.exec();
    }
    console.log(`redis-server ${server.host}:${server.port}\n`);
    await hitPaths(server.host, server.port, raw);
    await batchedReads(redis);
    await stampedes(redis);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
