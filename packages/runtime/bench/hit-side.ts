/**
 * One side of the hit-path benchmark, run in a process of its own (forked by bench/runtime.ts): its own client, near
 * cache, JIT feedback and garbage, as in an application that runs one cache path hot. Sharing one process, the sides'
 * closures make the harness's call site megamorphic and one side's garbage is collected during another's round, which
 * costs a near-cache hit (a few hundred ns) proportionally far more than a raw GET (a round trip).
 *
 * Protocol (IPC): the child sends `{ ready: true }`; `'round'` answers a {@link Round}; `'stats'` answers the
 * counters; `'close'` closes and exits.
 */
import { Redis } from 'ioredis';
import { NearCache } from '../src/near-cache/near-cache';
import { CacheAside } from '../src/patterns/cache-aside';
import { round } from './harness';

export const KEYS = 10_000;
export const CONCURRENCY = 50;
/** One call in HIT_SAMPLE_EVERY is timed: timing each would add two clock reads (~90 ns), as much as a local hit. */
export const HIT_SAMPLE_EVERY = 16;
export const VALUE = { id: 'item', title: 'A cached item of about a hundred bytes', price: 12.5, tags: ['a', 'b', 'c'] };

export const HIT_SIDES = [
  'raw client GET',
  'raw GET + JSON.parse',
  'CacheAside.getOrLoad (hit)',
  'CacheAside + NearCache (local hit)',
  'NearCache.get (local hit, raw string)',
] as const;
export type HitSide = (typeof HIT_SIDES)[number];

const key = (i: number) => `bench:${i % KEYS}`;
const load = () => Promise.resolve(VALUE);

async function setUp(name: HitSide, redis: Redis) {
  const near = name.includes('NearCache') ? new NearCache(redis, { prefixes: ['bench:'], maxEntries: KEYS }) : undefined;
  await near?.ready();
  const cache = new CacheAside<typeof VALUE>(redis, { nearCache: near });
  const ops: Record<HitSide, (i: number) => Promise<unknown>> = {
    'raw client GET': (i) => redis.get(key(i)),
    'raw GET + JSON.parse': async (i) => JSON.parse((await redis.get(key(i))) ?? 'null') as unknown,
    'CacheAside.getOrLoad (hit)': (i) => cache.getOrLoad(key(i), load, { ttl: 3600 }),
    'CacheAside + NearCache (local hit)': (i) => cache.getOrLoad(key(i), load, { ttl: 3600 }),
    'NearCache.get (local hit, raw string)': (i) => near!.get(key(i)),
  };
  return { op: ops[name], stats: () => ({ cacheAside: cache.stats(), nearCache: near?.stats() }), close: () => near?.close() };
}

async function child(name: HitSide, host: string, port: number): Promise<void> {
  const redis = new Redis({ host, port });
  const side = await setUp(name, redis);
  const send = (message: unknown) => process.send!(message);
  process.on('message', (message) => {
    if (message === 'round') {
      void round(side.op, CONCURRENCY, { sampleEvery: HIT_SAMPLE_EVERY }).then(({ opsPerSec, latenciesMs }) =>
        send({ opsPerSec, latenciesMs: Array.from(latenciesMs) }),
      );
    } else if (message === 'stats') {
      send(side.stats());
    } else if (message === 'close') {
      side.close();
      redis.disconnect();
      process.disconnect();
    }
  });
  send({ ready: true });
}

if (require.main === module) {
  const [name, host, port] = process.argv.slice(2);
  if (!HIT_SIDES.includes(name as HitSide)) throw new Error(`unknown side ${name}; one of: ${HIT_SIDES.join(', ')}`);
  child(name as HitSide, host, Number(port)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
