/**
 * A fixed-window rate limiter on Memcached's atomic `incr` and `add`: at most `limit` requests per client in each
 * window of `windowMs`. Windows are aligned to the epoch (`floor(now / windowMs)`), so every process agrees on the
 * window without a server-side clock or script; one counter per client and window, created by `add` with a TTL just
 * past the window's end. As with any fixed window, up to 2 × `limit` can pass across a window edge; the sliding-window
 * and token-bucket limiters need Valkey / Redis OSS.
 *
 * `incr` and `add` are atomic on the server, so the count is exact under any concurrency: of 500 simultaneous calls
 * against a limit of 100 in one window, exactly 100 are allowed. The processes' clocks decide the window, so keep
 * them synchronized (NTP, as on Lambda and EC2); a skew of s ms lets a request count in the neighbouring window for
 * the s ms around an edge.
 *
 * Cache errors propagate within `timeoutMs`, as `CacheUnavailableError` (an outage) or a bug's error: whether to fail
 * open or closed is the caller's decision.
 */
import { CacheUnavailableError } from '../../errors';
import type { RateLimitResult } from '../../patterns/rate-limiter';
import { boundedCall, DEFAULT_CALL_TIMEOUT_MS, timeoutOption } from '../../patterns/timeout';
import type { MemcachedClient } from '../client';

export interface MemcachedRateLimiterOptions {
  /** Requests allowed per window (integer ≥ 1). */
  readonly limit: number;
  /** Window length in milliseconds (integer ≥ 1). */
  readonly windowMs: number;
  /** Prepended to every key; a key is `<prefix><clientId>:<window start>` and at most 250 bytes. @default 'ratelimit:fw:' */
  readonly keyPrefix?: string;
  /** Longest wait for one {@link MemcachedRateLimiter.consume}. @default 250 */
  readonly timeoutMs?: number;
  /** Milliseconds since the epoch; injectable for tests. @default Date.now */
  readonly clock?: () => number;
}

export class MemcachedRateLimiter {
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;
  private readonly clock: () => number;
  private readonly ttlSeconds: number;

  constructor(
    private readonly client: MemcachedClient,
    private readonly options: MemcachedRateLimiterOptions,
  ) {
    for (const name of ['limit', 'windowMs'] as const) {
      const value = options[name];
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`);
    }
    this.keyPrefix = options.keyPrefix ?? 'ratelimit:fw:';
    this.timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_CALL_TIMEOUT_MS);
    this.clock = options.clock ?? Date.now;
    // Whole seconds, and one more so that a counter outlives its window even when the window ends mid-second.
    this.ttlSeconds = Math.ceil(options.windowMs / 1000) + 1;
  }

  /** Counts one request of `clientId` (a user, API key or IP) and says whether it is allowed. */
  async consume(clientId: string): Promise<RateLimitResult> {
    const { limit, windowMs } = this.options;
    const windowStart = Math.floor(this.clock() / windowMs) * windowMs;
    const count = await boundedCall(this.count(`${this.keyPrefix}${clientId}:${windowStart}`), this.timeoutMs);
    return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetAt: windowStart + windowMs, limit };
  }

  /** `incr`; on a new window `add` the counter at 1; when another process added it first, `incr` again. */
  private async count(key: string): Promise<number> {
    const counted = await this.client.incr(key);
    if (counted !== null) return counted;
    if (await this.client.add(key, '1', this.ttlSeconds)) return 1;
    const again = await this.client.incr(key);
    if (again === null) throw new CacheUnavailableError(`rate limit counter '${key}' vanished between add and incr (evicted?)`);
    return again;
  }
}
