import { CacheAside, jitteredTtlMs } from '../../src/patterns/cache-aside';
import { useRedisServer } from '../redis-server';

interface Item {
  readonly id: string;
  readonly n: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * For tests that are not about the call bound: on a loaded machine a call (or the last of hundreds queued on one
 * connection) can wait longer than the 100 ms default, fail open, and count as a miss or skip its write.
 */
const UNHURRIED = { timeoutMs: 5_000 };

const suite = useRedisServer();

beforeEach(() => suite.redis.flushall());

describe('CacheAside', () => {
  test('loads on a miss, then serves the cached value without calling the loader', async () => {
    const cache = new CacheAside<Item>(suite.redis, { keyPrefix: 'item:', ...UNHURRIED });
    const loader = jest.fn(async () => ({ id: 'a', n: 1 }));

    expect(await cache.getOrLoad('a', loader, { ttl: 60 })).toEqual({ id: 'a', n: 1 });
    expect(await cache.getOrLoad('a', loader, { ttl: 60 })).toEqual({ id: 'a', n: 1 });

    expect(loader).toHaveBeenCalledTimes(1);
    expect(await suite.redis.get('item:a')).toBe('{"id":"a","n":1}');
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, loads: 1, errors: 0, coalesced: 0 });
  });

  test('reloads after the TTL expired', async () => {
    const cache = new CacheAside<number>(suite.redis, UNHURRIED);
    const loader = jest.fn(async () => 7);

    await cache.getOrLoad('k', loader, { ttl: 0.2, jitter: 0 });
    const pttl = await suite.redis.pttl('k');
    expect(pttl).toBeGreaterThan(100);
    expect(pttl).toBeLessThanOrEqual(200);
    await sleep(250);
    await cache.getOrLoad('k', loader, { ttl: 0.2, jitter: 0 });

    expect(loader).toHaveBeenCalledTimes(2);
  });

  test('spreads TTLs of keys written together over ttl ± jitter', async () => {
    const cache = new CacheAside<number>(suite.redis, UNHURRIED);
    await Promise.all(Array.from({ length: 200 }, (_, i) => cache.getOrLoad(`k${i}`, async () => i, { ttl: 100 })));

    const ttls = await Promise.all(Array.from({ length: 200 }, (_, i) => suite.redis.pttl(`k${i}`)));
    const margin = 1_000; // time spent between the writes and the PTTL reads
    expect(Math.min(...ttls)).toBeGreaterThanOrEqual(90_000 - margin);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(110_000);
    // Actually spread, not merely within bounds: P(all 200 in one half of the range) ≈ 0.
    expect(Math.min(...ttls)).toBeLessThan(97_000);
    expect(Math.max(...ttls)).toBeGreaterThan(103_000);
  });

  test('jitteredTtlMs stays within [ttl × (1 − jitter), ttl × (1 + jitter)]', () => {
    expect(jitteredTtlMs(100, 0.1, () => 0)).toBe(90_000);
    expect(jitteredTtlMs(100, 0.1, () => 0.5)).toBe(100_000);
    expect(jitteredTtlMs(100, 0.1, () => 0.999999)).toBeLessThanOrEqual(110_000);
    expect(jitteredTtlMs(0.0001, 0.5, () => 0)).toBe(1);
  });

  test('1000 concurrent misses of one key call the loader exactly once', async () => {
    const cache = new CacheAside<Item>(suite.redis, UNHURRIED);
    const loader = jest.fn(async () => {
      await sleep(20);
      return { id: 'hot', n: 42 };
    });

    const results = await Promise.all(Array.from({ length: 1000 }, () => cache.getOrLoad('hot', loader, { ttl: 60 })));

    expect(loader).toHaveBeenCalledTimes(1);
    expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(new Set(['{"id":"hot","n":42}']));
    expect(cache.stats()).toMatchObject({ misses: 1000, loads: 1, coalesced: 999, errors: 0 });
  });

  test('caches absent values only when negativeTtl is set', async () => {
    const cache = new CacheAside<Item>(suite.redis, UNHURRIED);
    const loader = jest.fn(async () => null);

    expect(await cache.getOrLoad('none', loader, { ttl: 60 })).toBeUndefined();
    expect(await cache.getOrLoad('none', loader, { ttl: 60 })).toBeUndefined();
    expect(loader).toHaveBeenCalledTimes(2);

    expect(await cache.getOrLoad('gone', loader, { ttl: 60, negativeTtl: 5 })).toBeUndefined();
    expect(await cache.getOrLoad('gone', loader, { ttl: 60, negativeTtl: 5 })).toBeUndefined();
    expect(loader).toHaveBeenCalledTimes(3);
    expect(await suite.redis.pttl('gone')).toBeLessThanOrEqual(5_500);
  });

  test('propagates loader errors and caches nothing', async () => {
    const cache = new CacheAside<Item>(suite.redis, UNHURRIED);
    const failing = jest.fn(async (): Promise<Item> => {
      throw new Error('table down');
    });

    await expect(cache.getOrLoad('x', failing, { ttl: 60 })).rejects.toThrow('table down');
    expect(await suite.redis.exists('x')).toBe(0);
    expect(cache.stats().errors).toBe(0);
  });

  test('invalidate deletes the value and stops an in-flight load from writing it back', async () => {
    const cache = new CacheAside<number>(suite.redis, UNHURRIED);
    await cache.getOrLoad('v', async () => 1, { ttl: 60 });

    expect(await cache.invalidate('v')).toBe(true);
    expect(await suite.redis.exists('v')).toBe(0);

    const slowStale = cache.getOrLoad('v', async () => (await sleep(50), 2), { ttl: 60 });
    await sleep(10);
    await cache.invalidate('v');
    expect(await slowStale).toBe(2);
    expect(await suite.redis.exists('v')).toBe(0);
    expect(await cache.getOrLoad('v', async () => 3, { ttl: 60 })).toBe(3);
  });

  test('fails open when the cache is slower than timeoutMs', async () => {
    const cache = new CacheAside<number>(suite.redis, { timeoutMs: 50 });
    await suite.redis.call('CLIENT', 'PAUSE', '400', 'ALL'); // the server answers nobody for 400 ms

    const started = Date.now();
    expect(await cache.getOrLoad('slow', async () => 5, { ttl: 60 })).toBe(5);
    expect(Date.now() - started).toBeLessThan(200);
    expect(cache.stats()).toMatchObject({ errors: 1, loads: 1, misses: 0 });
    expect(await suite.redis.exists('slow')).toBe(0); // no write after a failed read
  });

  test('uses a custom serializer', async () => {
    const cache = new CacheAside<Date>(suite.redis, {
      ...UNHURRIED,
      serializer: { serialize: (d) => String(d.getTime()), deserialize: (raw) => new Date(Number(raw)) },
    });
    await cache.getOrLoad('d', async () => new Date(1000), { ttl: 60 });

    expect(await suite.redis.get('d')).toBe('1000');
    expect(await cache.getOrLoad('d', async () => new Date(0), { ttl: 60 })).toEqual(new Date(1000));
  });

  test('rejects invalid ttl, jitter and timeoutMs', () => {
    const cache = new CacheAside<number>(suite.redis, UNHURRIED);
    expect(() => cache.getOrLoad('k', async () => 1, { ttl: 0 })).toThrow(/ttl must be/);
    expect(() => cache.getOrLoad('k', async () => 1, { ttl: 1, jitter: 1 })).toThrow(/jitter must be in \[0, 1\)/);
    expect(() => new CacheAside<number>(suite.redis, { timeoutMs: 0 })).toThrow(/timeoutMs must be a finite number > 0/);
  });
});
