/**
 * `npm run bench:runtime`: what the cache patterns cost on top of the raw client, on a local
 * redis-server started for the run.
 *
 * 1. Hit path: CacheAside.getOrLoad on cached keys vs the raw client's GET of the same keys (and
 *    vs GET + JSON.parse, the same work minus the pattern's bookkeeping), same concurrency. Rounds
 *    are interleaved, in rotating order, so all sides see the same machine state; median ops/s per
 *    side, p50/p99 latency over all rounds. Keys rotate over a large keyspace so single-flight
 *    never coalesces two in-flight reads (which would flatter CacheAside).
 * 2. Stampede: loader calls when 1000 callers miss one cold key at once, naive cache-aside
 *    (GET, miss, load, SET) vs single-flight.
 */
import { Redis } from 'ioredis';
import { CacheAside } from '../lib/runtime/patterns/cache-aside';
import { startRedisServer } from '../scripts/redis-server';

const KEYS = 10_000;
const CONCURRENCY = 50;
const OPS_PER_ROUND = 30_000;
const ROUNDS = 9;
const STAMPEDE_CALLERS = 1000;
const LOADER_LATENCY_MS = 20;
const VALUE = { id: 'item', title: 'A cached item of about a hundred bytes', price: 12.5, tags: ['a', 'b', 'c'] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Round {
  readonly opsPerSec: number;
  readonly latenciesMs: Float64Array;
}

/** Runs `op` OPS_PER_ROUND times with CONCURRENCY calls in flight; records every call's latency. */
async function round(op: (key: string) => Promise<unknown>): Promise<Round> {
  const latenciesMs = new Float64Array(OPS_PER_ROUND);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < OPS_PER_ROUND; i = next++) {
      const started = performance.now();
      await op(`bench:${i % KEYS}`);
      latenciesMs[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { opsPerSec: OPS_PER_ROUND / ((performance.now() - started) / 1000), latenciesMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function percentile(rounds: Round[], p: number): number {
  const all = Float64Array.from(rounds.flatMap((r) => Array.from(r.latenciesMs))).sort();
  return all[Math.min(all.length - 1, Math.floor((all.length * p) / 100))];
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

    const cache = new CacheAside<typeof VALUE>(redis);
    const sides: { name: string; op: (key: string) => Promise<unknown>; rounds: Round[] }[] = [
      { name: 'raw client GET', op: (key) => redis.get(key), rounds: [] },
      { name: 'raw GET + JSON.parse', op: async (key) => JSON.parse((await redis.get(key)) ?? 'null') as unknown, rounds: [] },
      { name: 'CacheAside.getOrLoad (hit)', op: (key) => cache.getOrLoad(key, () => Promise.resolve(VALUE), { ttl: 3600 }), rounds: [] },
    ];
    for (const side of sides) await round(side.op); // warm-up: JIT, connection buffers
    for (let r = 0; r < ROUNDS; r++) {
      for (let s = 0; s < sides.length; s++) {
        const side = sides[(r + s) % sides.length];
        side.rounds.push(await round(side.op));
      }
    }
    const hitPathStats = cache.stats(); // errors = calls slower than timeoutMs (100 ms), served by the loader

    const naiveCalls = await stampede(async (loader) => {
      const cached = await redis.get('cold:naive');
      if (cached !== null) return JSON.parse(cached) as unknown;
      const value = await loader();
      await redis.set('cold:naive', JSON.stringify(value), 'EX', 60);
      return value;
    });
    const singleFlightCalls = await stampede((loader) => cache.getOrLoad('cold:single-flight', loader, { ttl: 60 }));

    const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    const row = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(12))).join(' | ')} |`;
    const opsPerSec = sides.map((side) => median(side.rounds.map((r) => r.opsPerSec)));
    const cacheOps = opsPerSec[2];

    console.log(
      `redis-server ${server.host}:${server.port}; ${CONCURRENCY} in flight, ${fmt(OPS_PER_ROUND)} ops x ${ROUNDS} rounds per side, ${fmt(KEYS)} keys, ${raw.length}-byte JSON values\n`,
    );
    console.log(row(['hit path', 'ops/s (med)', 'p50 ms', 'p99 ms']));
    console.log(row(['---', '---:', '---:', '---:']));
    sides.forEach((side, i) => {
      console.log(row([side.name, fmt(opsPerSec[i]), fmt(percentile(side.rounds, 50), 3), fmt(percentile(side.rounds, 99), 3)]));
    });
    console.log(row(['ratio CacheAside / raw GET', fmt(cacheOps / opsPerSec[0], 3), '', '']));
    console.log(row(['ratio CacheAside / GET + parse', fmt(cacheOps / opsPerSec[1], 3), '', '']));
    console.log(`CacheAside counters over warm-up + rounds: ${JSON.stringify(hitPathStats)}`);
    console.log(`\n| ${STAMPEDE_CALLERS} callers miss one cold key (loader ${LOADER_LATENCY_MS} ms) | loader calls |`);
    console.log('| --- | ---: |');
    console.log(`| naive get -> miss -> load -> set | ${naiveCalls} |`);
    console.log(`| CacheAside single-flight | ${singleFlightCalls} |`);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
