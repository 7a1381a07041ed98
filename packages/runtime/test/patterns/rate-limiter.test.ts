import { Redis } from 'ioredis';
import { RateLimitAlgorithm, RateLimiter, RateLimitResult } from '../../src/patterns/rate-limiter';
import { connectClient, RedisServer, startRedisServer } from '../redis-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ALGORITHMS: RateLimitAlgorithm[] = ['fixed-window', 'sliding-window'];
/** Allowance for the gap between the local clock and the server's (same host) plus call latency. */
const CLOCK_SLACK_MS = 50;
/** 500 calls in flight on one connection queue behind each other: on a loaded machine the last waits > 250 ms. */
const QUEUED_TIMEOUT_MS = 5_000;

let server: RedisServer;
let redis: Redis;
let other: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  [redis, other] = await Promise.all([connectClient(server), connectClient(server)]);
});

afterAll(async () => {
  redis?.disconnect();
  other?.disconnect();
  await server?.stop();
});

beforeEach(() => redis.flushall());

describe.each(ALGORITHMS)('RateLimiter (%s)', (algorithm) => {
  test('allows exactly 100 of 500 concurrent calls against a limit of 100', async () => {
    const limiter = new RateLimiter(redis, { limit: 100, windowMs: 10_000, algorithm, timeoutMs: QUEUED_TIMEOUT_MS });
    const before = Date.now();

    const results = await Promise.all(Array.from({ length: 500 }, () => limiter.consume('client-1')));

    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(100);
    expect(allowed.map((r) => r.remaining).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const r of results.filter((r) => !r.allowed)) expect(r.remaining).toBe(0);
    for (const r of results) {
      expect(r.limit).toBe(100);
      expect(r.resetAt).toBeGreaterThanOrEqual(before + 10_000 - CLOCK_SLACK_MS);
      expect(r.resetAt).toBeLessThanOrEqual(Date.now() + 10_000 + CLOCK_SLACK_MS);
    }
  });

  test('stays exact across two processes sharing the limit', async () => {
    const a = new RateLimiter(redis, { limit: 100, windowMs: 10_000, algorithm, timeoutMs: QUEUED_TIMEOUT_MS });
    const b = new RateLimiter(other, { limit: 100, windowMs: 10_000, algorithm, timeoutMs: QUEUED_TIMEOUT_MS });

    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => (i % 2 ? a : b).consume('shared')));

    expect(results.filter((r) => r.allowed)).toHaveLength(100);
  });

  test('limits each client separately', async () => {
    const limiter = new RateLimiter(redis, { limit: 2, windowMs: 10_000, algorithm });
    await limiter.consume('a');
    await limiter.consume('a');

    expect((await limiter.consume('a')).allowed).toBe(false);
    expect(await limiter.consume('b')).toMatchObject({ allowed: true, remaining: 1 });
  });

  test('allows requests again at resetAt', async () => {
    const limiter = new RateLimiter(redis, { limit: 3, windowMs: 300, algorithm });
    for (let i = 0; i < 3; i++) expect((await limiter.consume('c')).allowed).toBe(true);
    const denied = await limiter.consume('c');
    expect(denied).toMatchObject({ allowed: false, remaining: 0 });

    await sleep(Math.max(0, denied.resetAt - Date.now()) + 20);

    expect((await limiter.consume('c')).allowed).toBe(true);
  });

  test('keeps working after the server forgot the script (SCRIPT FLUSH)', async () => {
    const limiter = new RateLimiter(redis, { limit: 5, windowMs: 10_000, algorithm });
    await limiter.consume('d');
    await redis.script('FLUSH');

    expect(await limiter.consume('d')).toMatchObject({ allowed: true, remaining: 3 });
  });
});

test('sliding window counts the last windowMs, not calendar windows', async () => {
  const limiter = new RateLimiter(redis, { limit: 2, windowMs: 400, algorithm: 'sliding-window' });
  const first: RateLimitResult = await limiter.consume('s');
  await sleep(200);
  const second = await limiter.consume('s');
  const third = await limiter.consume('s');

  // Full: the next slot frees when the first request leaves the window.
  expect(second).toMatchObject({ allowed: true, remaining: 0 });
  expect(third).toMatchObject({ allowed: false, remaining: 0 });
  expect(third.resetAt).toBe(first.resetAt);

  await sleep(Math.max(0, first.resetAt - Date.now()) + 20);
  // Only the first request left; the second one still occupies the window.
  expect(await limiter.consume('s')).toMatchObject({ allowed: true, remaining: 0 });
  expect((await limiter.consume('s')).allowed).toBe(false);
});

test('fixed window opens with the first request and resets as a whole', async () => {
  const limiter = new RateLimiter(redis, { limit: 2, windowMs: 400, algorithm: 'fixed-window' });
  const first = await limiter.consume('f');
  await sleep(200);
  const second = await limiter.consume('f');

  // TIME (µs, floored to ms) and PTTL (ms) can round 1 ms apart.
  expect(Math.abs(second.resetAt - first.resetAt)).toBeLessThanOrEqual(1);
  await sleep(Math.max(0, first.resetAt - Date.now()) + 20);
  expect(await limiter.consume('f')).toMatchObject({ allowed: true, remaining: 1 });
});

describe('RateLimiter (token-bucket)', () => {
  test('allows a burst of exactly the limit: 100 of 500 concurrent calls from two clients', async () => {
    // One token per 10 s: none refills while the calls run.
    const a = new RateLimiter(redis, { limit: 100, windowMs: 1_000_000, algorithm: 'token-bucket', timeoutMs: QUEUED_TIMEOUT_MS });
    const b = new RateLimiter(other, { limit: 100, windowMs: 1_000_000, algorithm: 'token-bucket', timeoutMs: QUEUED_TIMEOUT_MS });

    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => (i % 2 ? a : b).consume('burst')));

    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(100);
    expect(allowed.map((r) => r.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const r of results.filter((r) => !r.allowed)) expect(r.remaining).toBe(0);
  });

  test('refills one token every windowMs / limit, and resetAt says when the next one arrives', async () => {
    const limiter = new RateLimiter(redis, { limit: 4, windowMs: 400, algorithm: 'token-bucket' });
    for (let i = 3; i >= 0; i--) expect(await limiter.consume('r')).toMatchObject({ allowed: true, remaining: i });
    const denied = await limiter.consume('r');
    expect(denied.allowed).toBe(false);
    expect(denied.resetAt - Date.now()).toBeLessThanOrEqual(100 + CLOCK_SLACK_MS);

    await sleep(Math.max(0, denied.resetAt - Date.now()) + 10);
    expect(await limiter.consume('r')).toMatchObject({ allowed: true, remaining: 0 }); // one token, not a new window
    expect((await limiter.consume('r')).allowed).toBe(false);
  });

  test('keeps a steady rate: over 400 ms at limit 5 per 200 ms, about 5 + 10 calls pass', async () => {
    const limiter = new RateLimiter(redis, { limit: 5, windowMs: 200, algorithm: 'token-bucket' });
    const started = Date.now();
    let allowed = 0;
    while (Date.now() - started < 400) {
      if ((await limiter.consume('steady')).allowed) allowed++;
      await sleep(2);
    }
    const elapsed = Date.now() - started;
    expect(allowed).toBeLessThanOrEqual(5 + Math.ceil(elapsed / 40));
    expect(allowed).toBeGreaterThanOrEqual(5 + Math.floor((elapsed - 100) / 40));
  });

  test('a full bucket reports remaining = limit and resetAt = now; the key expires once full again', async () => {
    const limiter = new RateLimiter(redis, { limit: 2, windowMs: 200, algorithm: 'token-bucket' });
    expect(await limiter.consume('e')).toMatchObject({ allowed: true, remaining: 1 });
    expect(await redis.pttl('ratelimit:tb:e')).toBeLessThanOrEqual(100);
    await sleep(150);
    expect(await redis.exists('ratelimit:tb:e')).toBe(0);
  });
});

test('rejects a limit or window that is not a positive integer', () => {
  expect(() => new RateLimiter(redis, { limit: 0, windowMs: 1000 })).toThrow(/limit must be an integer ≥ 1/);
  expect(() => new RateLimiter(redis, { limit: 1, windowMs: 1.5 })).toThrow(/windowMs must be an integer ≥ 1/);
});
