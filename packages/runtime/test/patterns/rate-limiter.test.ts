import { Redis } from 'ioredis';
import { RateLimiter, RateLimiterOptions, RateLimitResult } from '../../src/patterns/rate-limiter';
import { connectClient, RedisServer, startRedisServer } from '../redis-server';

// Waits for conditions rather than fixed times: give them room on a loaded machine (jest's default is 5 s).
jest.setTimeout(20_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ALGORITHMS: ('fixed-window' | 'sliding-window')[] = ['fixed-window', 'sliding-window'];
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

// Windows of 2 s with gaps of 600 ms: a timer that fires hundreds of ms late (a loaded machine) cannot move a request
// into another window than the test means.
test('sliding window counts the last windowMs, not calendar windows', async () => {
  const limiter = new RateLimiter(redis, { limit: 2, windowMs: 2_000, algorithm: 'sliding-window' });
  const first: RateLimitResult = await limiter.consume('s');
  await sleep(600);
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
  const limiter = new RateLimiter(redis, { limit: 2, windowMs: 2_000, algorithm: 'fixed-window' });
  const first = await limiter.consume('f');
  await sleep(200);
  const second = await limiter.consume('f');

  // TIME (µs, floored to ms) and PTTL (ms) can round 1 ms apart.
  expect(Math.abs(second.resetAt - first.resetAt)).toBeLessThanOrEqual(1);
  await sleep(Math.max(0, first.resetAt - Date.now()) + 20);
  expect(await limiter.consume('f')).toMatchObject({ allowed: true, remaining: 1 });
});

describe('RateLimiter (token-bucket)', () => {
  const bucket = (rate: number, per: 'second' | 'minute' | 'hour', burst: number, client = redis) =>
    new RateLimiter(client, { algorithm: 'token-bucket', rate, per, burst, timeoutMs: QUEUED_TIMEOUT_MS });

  test('allows a burst of exactly `burst`: 100 of 500 concurrent calls from two clients', async () => {
    // 6 per minute: no token refills while the calls run.
    const [a, b] = [bucket(6, 'minute', 100), bucket(6, 'minute', 100, other)];

    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => (i % 2 ? a : b).consume('burst')));

    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(100);
    expect(allowed.map((r) => r.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const r of results) expect(r).toMatchObject({ limit: 100, ...(r.allowed ? {} : { remaining: 0 }) });
  });

  test('rate and burst are independent: a burst of 3, then one request per 500 ms (2 per second)', async () => {
    const limiter = bucket(2, 'second', 3);
    for (let i = 2; i >= 0; i--) expect(await limiter.consume('r')).toMatchObject({ allowed: true, remaining: i });
    const denied = await limiter.consume('r');
    expect(denied.allowed).toBe(false);
    expect(denied.resetAt - Date.now()).toBeLessThanOrEqual(500 + CLOCK_SLACK_MS);

    // Time is not controlled here (the script reads the server's clock), so the check brackets it: once the next token
    // is due, the tokens present are 1 + whole intervals elapsed since, counted between when the call was sent and
    // when it was answered. That holds however late the sleep wakes up on a loaded machine.
    await sleep(Math.max(0, denied.resetAt - Date.now()) + 10);
    const sentAt = Date.now();
    const refilled = await limiter.consume('r');
    const answeredAt = Date.now();
    const tokensAt = (t: number) => Math.min(3, 1 + Math.floor((t - denied.resetAt) / 500));
    expect(refilled.allowed).toBe(true);
    expect(refilled.remaining).toBeGreaterThanOrEqual(tokensAt(sentAt - CLOCK_SLACK_MS) - 1);
    expect(refilled.remaining).toBeLessThanOrEqual(tokensAt(answeredAt + CLOCK_SLACK_MS) - 1); // not a whole new burst
  });

  test('per minute and per hour: 6 per minute is one token every 10 s', async () => {
    const limiter = bucket(6, 'minute', 1);
    expect(await limiter.consume('m')).toMatchObject({ allowed: true, remaining: 0, limit: 1 });
    const denied = await limiter.consume('m');
    expect(denied.allowed).toBe(false);
    expect(denied.resetAt - Date.now()).toBeGreaterThan(10_000 - 1_000);
    expect(denied.resetAt - Date.now()).toBeLessThanOrEqual(10_000 + CLOCK_SLACK_MS);
    expect((await bucket(2, 'hour', 1).consume('h')).allowed).toBe(true);
  });

  test('a full bucket reports remaining = burst - 1 after one call; the key expires once the bucket is full again', async () => {
    const limiter = bucket(10, 'second', 2);
    expect(await limiter.consume('e')).toMatchObject({ allowed: true, remaining: 1 });
    expect(await redis.pttl('ratelimit:tb:e')).toBeLessThanOrEqual(100);
    await sleep(150);
    expect(await redis.exists('ratelimit:tb:e')).toBe(0);
  });
});

test('rejects a limit, window, rate or burst out of range, and options of the other algorithm', () => {
  expect(() => new RateLimiter(redis, { limit: 0, windowMs: 1000 })).toThrow(/limit must be an integer ≥ 1/);
  expect(() => new RateLimiter(redis, { limit: 1, windowMs: 1.5 })).toThrow(/windowMs must be an integer ≥ 1/);
  expect(() => new RateLimiter(redis, { algorithm: 'token-bucket', rate: 0, burst: 1 })).toThrow(/rate must be a finite number > 0/);
  expect(() => new RateLimiter(redis, { algorithm: 'token-bucket', rate: 1, burst: 0.5 })).toThrow(/burst must be an integer ≥ 1/);
  const mixed = { algorithm: 'token-bucket', rate: 10, burst: 5, limit: 10, windowMs: 1000 } as unknown as RateLimiterOptions;
  expect(() => new RateLimiter(redis, mixed)).toThrow("token-bucket takes 'rate', 'per' and 'burst', not 'limit', 'windowMs'");
  const windowWithBurst = { limit: 10, windowMs: 1000, burst: 5 } as unknown as RateLimiterOptions;
  expect(() => new RateLimiter(redis, windowWithBurst)).toThrow("sliding-window takes 'limit' and 'windowMs', not 'burst'");
});
