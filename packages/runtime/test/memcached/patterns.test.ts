/** The patterns on Memcached, against a real TLS memcached (discovery off: one server). */
import { CacheUnavailableError } from '../../src/errors';
import { MemcachedClient } from '../../src/memcached/client';
import { CacheNotSupportedError } from '../../src/memcached/errors';
import { memcachedCacheAside, memcachedSessionStore } from '../../src/memcached/patterns/cache-patterns';
import { MemcachedRateLimiter } from '../../src/memcached/patterns/rate-limiter';
import { notSupportedOnMemcached, requireValkeyOrRedis, VALKEY_OR_REDIS_ONLY } from '../../src/memcached/patterns/unsupported';
import type { NearCache } from '../../src/near-cache/near-cache';
import { makeCertificate, MemcachedServer, startMemcached, TestCertificate } from './memcached-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let certificate: TestCertificate;
let server: MemcachedServer;
let client: MemcachedClient;
let run = 0;
/** A key prefix of its own for each test, so tests never see each other's entries. */
let prefix: string;

beforeAll(async () => {
  certificate = makeCertificate();
  server = await startMemcached({ certificate });
  client = await MemcachedClient.connect({
    address: 'localhost',
    port: server.port,
    tls: { ca: certificate.ca },
    discovery: 'off',
    timeoutMs: 2_000,
  });
});
afterAll(async () => {
  client?.close();
  await server?.stop();
  certificate?.remove();
});
beforeEach(() => {
  prefix = `t${++run}:`;
});

/** Runs `body` while the server is stopped (SIGSTOP), so calls wait and time out. */
async function whileHung<T>(body: () => Promise<T>): Promise<T> {
  await server.pause();
  try {
    return await body();
  } finally {
    server.resume();
  }
}

describe('CacheAside on Memcached', () => {
  test('loads on a miss, stores with the TTL in whole seconds, then serves hits', async () => {
    const items = memcachedCacheAside<{ n: number }>(client, { keyPrefix: prefix, timeoutMs: 2_000 });
    const loader = jest.fn(() => Promise.resolve({ n: 1 }));
    expect(await items.getOrLoad('a', loader, { ttl: 60 })).toEqual({ n: 1 });
    expect(await items.getOrLoad('a', loader, { ttl: 60 })).toEqual({ n: 1 });
    expect(loader).toHaveBeenCalledTimes(1);
    expect(await client.get(`${prefix}a`)).toBe('{"n":1}');
    expect(items.stats()).toEqual({ hits: 1, misses: 1, loads: 1, errors: 0, coalesced: 0 });
  });

  test('single-flight: 200 concurrent lookups of a cold key call the loader once', async () => {
    const items = memcachedCacheAside<number>(client, { keyPrefix: prefix, timeoutMs: 2_000 });
    let calls = 0;
    const loader = async () => {
      calls++;
      await sleep(50);
      return 42;
    };
    const values = await Promise.all(Array.from({ length: 200 }, () => items.getOrLoad('hot', loader, { ttl: 60 })));
    expect(values.every((v) => v === 42)).toBe(true);
    expect(calls).toBe(1);
    expect(items.stats().coalesced).toBe(199);
  });

  test("a sub-second TTL becomes one second of the server's clock: the value is gone within two", async () => {
    const items = memcachedCacheAside<number>(client, { keyPrefix: prefix, timeoutMs: 2_000 });
    const loader = jest.fn(() => Promise.resolve(7));
    await items.getOrLoad('k', loader, { ttl: 0.2, jitter: 0 });
    await sleep(2_100);
    await items.getOrLoad('k', loader, { ttl: 0.2, jitter: 0 });
    expect(loader).toHaveBeenCalledTimes(2);
  });

  test('negative caching and invalidate', async () => {
    const items = memcachedCacheAside<string>(client, { keyPrefix: prefix, timeoutMs: 2_000 });
    const loader = jest.fn(() => Promise.resolve(undefined));
    expect(await items.getOrLoad('missing', loader, { ttl: 60, negativeTtl: 30 })).toBeUndefined();
    expect(await items.getOrLoad('missing', loader, { ttl: 60, negativeTtl: 30 })).toBeUndefined();
    expect(loader).toHaveBeenCalledTimes(1);
    expect(await items.invalidate('missing')).toBe(true);
    expect(await client.get(`${prefix}missing`)).toBeNull();
  });

  test('fails open: a server that does not answer costs one timeout, then the loaded value is served', async () => {
    const items = memcachedCacheAside<number>(client, { keyPrefix: prefix, timeoutMs: 100 });
    const started = Date.now();
    const value = await whileHung(() => items.getOrLoad('k', () => Promise.resolve(5), { ttl: 60 }));
    expect(value).toBe(5);
    expect(Date.now() - started).toBeLessThan(100 + 2_000); // one timeout, with slack for a loaded machine
    expect(items.stats().errors).toBe(1);
  });

  test('a value over the item size limit is served but not cached, and counted as an error', async () => {
    const items = memcachedCacheAside<string>(client, { keyPrefix: prefix, timeoutMs: 2_000 });
    const big = 'x'.repeat(1024 * 1024);
    expect(await items.getOrLoad('big', () => Promise.resolve(big), { ttl: 60 })).toBe(big);
    expect(items.stats().errors).toBe(1);
    expect(await client.get(`${prefix}big`)).toBeNull();
  });

  test('a near cache is refused: Memcached has no invalidation push', () => {
    expect(() => memcachedCacheAside(client, { nearCache: {} as NearCache })).toThrow(CacheNotSupportedError);
    expect(() => memcachedCacheAside(client, { nearCache: {} as NearCache })).toThrow(
      /NearCache needs server-assisted client-side caching/,
    );
  });
});

describe('SessionStore on Memcached', () => {
  test('set, get, touch (gat: read and restart the TTL in one command), destroy', async () => {
    // TTLs of n s last between n − 1 and n s (the server's clock ticks in whole seconds): 2 s outlives the touch.
    // A generous bound: the default (250 ms) is for production calls, not a loaded 2-core CI machine.
    const sessions = memcachedSessionStore<{ user: string }>(client, { keyPrefix: prefix, ttl: 2, timeoutMs: 2_000 });
    await sessions.set('s1', { user: 'ana' });
    await sessions.set('s2', { user: 'bo' });
    expect(await sessions.touch('s1', 60)).toEqual({ user: 'ana' });
    await sleep(3_100);
    expect(await sessions.get('s1')).toEqual({ user: 'ana' });
    expect(await sessions.get('s2')).toBeUndefined();
    expect(await sessions.touch('s2')).toBeUndefined();
    expect(await sessions.destroy('s1')).toBe(true);
    expect(await sessions.destroy('s1')).toBe(false);
  });

  test('does not fail open: an unanswering server is a CacheUnavailableError within timeoutMs', async () => {
    const sessions = memcachedSessionStore<string>(client, { keyPrefix: prefix, timeoutMs: 200 });
    const started = Date.now();
    await whileHung(() => expect(sessions.get('s')).rejects.toThrow(CacheUnavailableError));
    expect(Date.now() - started).toBeLessThan(200 + 2_000); // bounded by timeoutMs, with slack for a loaded machine
  });
});

describe('MemcachedRateLimiter (fixed window on incr/add)', () => {
  test('of 500 simultaneous requests against a limit of 100, exactly 100 are allowed', async () => {
    const limiter = new MemcachedRateLimiter(client, {
      limit: 100,
      windowMs: 60_000,
      keyPrefix: prefix,
      timeoutMs: 5_000,
      clock: () => 1_700_000_000_000,
    });
    const results = await Promise.all(Array.from({ length: 500 }, () => limiter.consume('client-a')));
    expect(results.filter((r) => r.allowed)).toHaveLength(100);
    expect(Math.min(...results.map((r) => r.remaining))).toBe(0);
    expect(new Set(results.map((r) => r.resetAt))).toEqual(new Set([1_700_000_040_000])); // window [1_699_999_980_000, +60 s)
  });

  test('counts per client and per window; a new window starts from zero', async () => {
    let now = 1_700_000_000_000;
    const limiter = new MemcachedRateLimiter(client, { limit: 2, windowMs: 1_000, keyPrefix: prefix, clock: () => now });
    expect((await limiter.consume('a')).remaining).toBe(1);
    expect((await limiter.consume('a')).allowed).toBe(true);
    expect(await limiter.consume('a')).toEqual({ allowed: false, remaining: 0, resetAt: 1_700_000_001_000, limit: 2 });
    expect((await limiter.consume('b')).allowed).toBe(true);
    now += 1_000;
    expect(await limiter.consume('a')).toEqual({ allowed: true, remaining: 1, resetAt: 1_700_000_002_000, limit: 2 });
  });

  test("a window's counter expires shortly after the window", async () => {
    const now = Date.now();
    const limiter = new MemcachedRateLimiter(client, { limit: 5, windowMs: 1_000, keyPrefix: prefix, clock: () => now });
    await limiter.consume('c');
    const key = `${prefix}c:${Math.floor(now / 1_000) * 1_000}`;
    expect(await client.get(key)).toBe('1');
    await sleep(3_100); // TTL ceil(1 s) + 1 s, expiring at the server's whole-second ticks
    expect(await client.get(key)).toBeNull();
  });

  test("cache errors propagate (fail open or closed is the caller's call)", async () => {
    const limiter = new MemcachedRateLimiter(client, { limit: 5, windowMs: 1_000, keyPrefix: prefix, timeoutMs: 200 });
    await whileHung(() => expect(limiter.consume('d')).rejects.toThrow(CacheUnavailableError));
  });

  test('rejects a bad limit or window', () => {
    expect(() => new MemcachedRateLimiter(client, { limit: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => new MemcachedRateLimiter(client, { limit: 1, windowMs: 1.5 })).toThrow(RangeError);
  });
});

describe('patterns that need what Memcached lacks', () => {
  test.each(Object.keys(VALKEY_OR_REDIS_ONLY) as (keyof typeof VALKEY_OR_REDIS_ONLY)[])(
    '%s says what it needs and what to use',
    (pattern) => {
      expect(() => requireValkeyOrRedis(client, pattern)).toThrow(CacheNotSupportedError);
      expect(notSupportedOnMemcached(pattern).message).toMatch(
        new RegExp(`needs .+ which Memcached does not have: use a Valkey or Redis OSS cache`),
      );
      expect(notSupportedOnMemcached(pattern).code).toBe('NotSupported');
    },
  );

  test('a Valkey/Redis client passes', () => {
    expect(() => requireValkeyOrRedis({ status: 'ready' }, 'Leaderboard')).not.toThrow();
  });
});
