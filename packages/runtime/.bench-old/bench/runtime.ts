/**
 * `npm run bench:runtime`: what the cache patterns cost on top of the raw client, on a local
 * redis-server started for the run.
 *
 * 1. Hit path: raw GET, GET + JSON.parse, CacheAside.getOrLoad, and the near cache (CacheAside with
 *    a NearCache, and NearCache.get) on hot keys, at the same concurrency. Rounds are interleaved,
 *    in rotating order, so all sides see the same machine state; median ops/s per side, p50/p99
 *    latency over all rounds. Keys rotate over 10,000 keys (all fit in the near cache), so
 *    single-flight never coalesces two in-flight reads (which would flatter CacheAside). The event
 *    loop turns every 1,000 calls, as between a server's requests (see `round`).
 * 2. Batched reads: 100 features with FeatureCache.getMany (one MGET) vs 100 GETs one after the
 *    other vs 100 GETs in flight at once (ioredis writes them together), float32 vectors.
 * 3. Stampede: loader calls when 1000 callers miss one cold key at once, naive cache-aside
 *    (GET, miss, load, SET) vs single-flight.
 */
import { Redis } from 'ioredis';
import { NearCache } from '../src/near-cache/near-cache';
import { float32Serializer } from '../src/patterns/binary-serializer';
import { CacheAside } from '../src/patterns/cache-aside';
import { FeatureCache } from '../src/patterns/feature-cache';
import { startRedisServer } from '../scripts/redis-server';

const KEYS = 10_000;
const CONCURRENCY = 50;
const OPS_PER_ROUND = 30_000;
const ROUNDS = 9;
/** Calls between two turns of the event loop in a round (about 0.5 ms of near-cache hits). */
const TURN_EVERY = 1_000;
const BATCH = 100;
const BATCHES_PER_ROUND = 300;
const STAMPEDE_CALLERS = 1000;
const LOADER_LATENCY_MS = 20;
const VALUE = { id: 'item', title: 'A cached item of about a hundred bytes', price: 12.5, tags: ['a', 'b', 'c'] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Round {
  readonly opsPerSec: number;
  readonly latenciesMs: Float64Array;
}

interface Side {
  readonly name: string;
  readonly op: (i: number) => Promise<unknown>;
  readonly rounds: Round[];
}

/**
 * Runs `op` `total` times with `concurrency` calls in flight; records every call's latency. Every TURN_EVERY calls the
 * workers let the event loop turn once (as a server's loop turns between requests): a near-cache hit resolves without
 * I/O, and a round that never yields would be an event-loop stall, which the near cache rightly answers by reading
 * from the server until a round trip proves its invalidations current (see near-cache/freshness.ts).
 */
async function round(op: (i: number) => Promise<unknown>, total: number, concurrency: number): Promise<Round> {
  const latenciesMs = new Float64Array(total);
  let next = 0;
  let turn: Promise<void> | undefined;
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      if (i > 0 && i % TURN_EVERY === 0) {
        turn ??= new Promise((resolve) =>
          setImmediate(() => {
            turn = undefined;
            resolve();
          }),
        );
      }
      if (turn) await turn;
      const started = performance.now();
      await op(i);
      latenciesMs[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { opsPerSec: total / ((performance.now() - started) / 1000), latenciesMs };
}

/** Warm-up, then ROUNDS interleaved rounds of every side, each starting at a different side (the loop turns between rounds too). */
async function compare(sides: Side[], total: number, concurrency: number): Promise<void> {
  for (const side of sides) {
    await round(side.op, total, concurrency); // JIT, connection buffers, near cache fill
    await new Promise(setImmediate);
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (let s = 0; s < sides.length; s++) {
      const side = sides[(r + s) % sides.length];
      side.rounds.push(await round(side.op, total, concurrency));
      await new Promise(setImmediate);
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medianOps = (side: Side) => median(side.rounds.map((r) => r.opsPerSec));

function percentile(rounds: Round[], p: number): number {
  const all = Float64Array.from(rounds.flatMap((r) => Array.from(r.latenciesMs))).sort();
  return all[Math.min(all.length - 1, Math.floor((all.length * p) / 100))];
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const row = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(40) : c.padStart(15))).join(' | ')} |`;

function printTable(title: string, unit: string, sides: Side[], ratios: [string, number, number][]): void {
  console.log(row([title, `${unit} (med)`, 'p50 ms', 'p99 ms']));
  console.log(row(['---', '---:', '---:', '---:']));
  for (const side of sides) {
    console.log(row([side.name, fmt(medianOps(side)), fmt(percentile(side.rounds, 50), 3), fmt(percentile(side.rounds, 99), 3)]));
  }
  for (const [name, a, b] of ratios) console.log(row([name, `${fmt(a / b, 2)}x`, '', '']));
  console.log('');
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

async function hitPath(redis: Redis, raw: string): Promise<void> {
  const key = (i: number) => `bench:${i % KEYS}`;
  const near = new NearCache(redis, { prefixes: ['bench:'], maxEntries: KEYS });
  const nearRaw = new NearCache(redis, { prefixes: ['bench:'], maxEntries: KEYS });
  try {
    await Promise.all([near.ready(), nearRaw.ready()]);
    const cache = new CacheAside<typeof VALUE>(redis);
    const nearAside = new CacheAside<typeof VALUE>(redis, { nearCache: near });
    const load = () => Promise.resolve(VALUE);
    const sides: Side[] = [
      { name: 'raw client GET', op: (i) => redis.get(key(i)), rounds: [] },
      { name: 'raw GET + JSON.parse', op: async (i) => JSON.parse((await redis.get(key(i))) ?? 'null') as unknown, rounds: [] },
      { name: 'CacheAside.getOrLoad (hit)', op: (i) => cache.getOrLoad(key(i), load, { ttl: 3600 }), rounds: [] },
      { name: 'CacheAside + NearCache (local hit)', op: (i) => nearAside.getOrLoad(key(i), load, { ttl: 3600 }), rounds: [] },
      { name: 'NearCache.get (local hit, raw string)', op: (i) => nearRaw.get(key(i)), rounds: [] },
    ];
    await compare(sides, OPS_PER_ROUND, CONCURRENCY);
    const [rawGet, , aside, nearHit, nearGet] = sides.map(medianOps);

    console.log(
      `${CONCURRENCY} in flight, ${fmt(OPS_PER_ROUND)} ops x ${ROUNDS} rounds per side, ${fmt(KEYS)} hot keys, ${raw.length}-byte JSON values\n`,
    );
    printTable('hit path', 'ops/s', sides, [
      ['CacheAside / raw GET', aside, rawGet],
      ['CacheAside + NearCache / raw GET', nearHit, rawGet],
      ['NearCache.get / raw GET', nearGet, rawGet],
    ]);
    console.log(`CacheAside counters: ${JSON.stringify(cache.stats())}`);
    console.log(`NearCache counters (CacheAside side): ${JSON.stringify(near.stats())}\n`);
  } finally {
    near.close();
    nearRaw.close();
  }
}

async function batchedReads(redis: Redis): Promise<void> {
  const features = new FeatureCache(redis, { serializer: float32Serializer(), timeoutMs: 1_000 });
  const ids = Array.from({ length: BATCH }, (_, i) => `user:${i}`);
  await features.setMany(
    ids.map((id, i) => [id, Float32Array.from({ length: 64 }, (_, d) => i + d / 64)] as const),
    3600,
  );
  const keys = ids.map((id) => `feature:${id}`);
  const sides: Side[] = [
    { name: `FeatureCache.getMany (${BATCH} ids, 1 MGET)`, op: () => features.getMany(ids), rounds: [] },
    {
      name: `${BATCH} GETs, one after the other`,
      op: async () => {
        for (const k of keys) await redis.getBuffer(k);
      },
      rounds: [],
    },
    { name: `${BATCH} GETs in flight at once`, op: () => Promise.all(keys.map((k) => redis.getBuffer(k))), rounds: [] },
  ];
  await compare(sides, BATCHES_PER_ROUND, 1);
  const [batched, sequential, concurrent] = sides.map(medianOps);
  console.log(`${fmt(BATCHES_PER_ROUND)} batches x ${ROUNDS} rounds per side, one batch at a time, 64-dim float32 vectors (260 bytes)\n`);
  printTable(`read ${BATCH} features`, 'batches/s', sides, [
    ['getMany / sequential GETs', batched, sequential],
    ['getMany / concurrent GETs', batched, concurrent],
  ]);
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
    await hitPath(redis, raw);
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
