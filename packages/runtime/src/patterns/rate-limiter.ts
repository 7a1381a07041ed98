import { randomBytes } from 'node:crypto';
import type { CacheClient } from '../connection';
import { FIXED_WINDOW_SCRIPT, SLIDING_LOG_SCRIPT, TOKEN_BUCKET_SCRIPT } from './rate-limiter-scripts';
import { boundedCall, DEFAULT_CALL_TIMEOUT_MS, timeoutOption } from './timeout';

/**
 * - `fixed-window`: at most `limit` requests per window; the window opens with a client's first
 *   request. One counter per client, cheapest, but allows up to 2 × `limit` across a window edge.
 * - `sliding-window`: a sliding log (sorted set of request times): at most `limit` requests in
 *   any `windowMs` span, exactly. Stores up to `limit` entries per active client.
 * - `token-bucket`: a bucket of `burst` tokens refilled continuously at `rate` per `per` (GCRA, one number per
 *   client): bursts of up to `burst`, and never more than `rate` per `per` sustained. `resetAt` is when the next token
 *   arrives.
 */
export type RateLimitAlgorithm = 'fixed-window' | 'sliding-window' | 'token-bucket';

/** The unit of a token bucket's rate. */
export type RatePeriod = 'second' | 'minute' | 'hour';

const PERIOD_MS: Record<RatePeriod, number> = { second: 1_000, minute: 60_000, hour: 3_600_000 };

interface CommonRateLimiterOptions {
  /** Prepended to every key; the algorithm is appended so switching algorithms never collides. @default 'ratelimit:' */
  readonly keyPrefix?: string;
  /** Longest wait for one {@link RateLimiter.consume}; past it the call rejects with `CacheTimeoutError`. @default 250 */
  readonly timeoutMs?: number;
}

/** At most `limit` requests per `windowMs`: `{ limit: 60, windowMs: 60_000 }`. */
export interface WindowRateLimiterOptions extends CommonRateLimiterOptions {
  /** @default 'sliding-window' */
  readonly algorithm?: 'sliding-window' | 'fixed-window';
  /** Requests allowed per window (integer ≥ 1). */
  readonly limit: number;
  /** Window length in milliseconds (integer ≥ 1). */
  readonly windowMs: number;
}

/** A sustained rate and a burst, set independently: `{ algorithm: 'token-bucket', rate: 100, per: 'second', burst: 10 }`. */
export interface TokenBucketOptions extends CommonRateLimiterOptions {
  readonly algorithm: 'token-bucket';
  /** Requests allowed per `per`, sustained (> 0; a fraction is fine: 0.5 per second is one every 2 s). */
  readonly rate: number;
  /** @default 'second' */
  readonly per?: RatePeriod;
  /** Most requests allowed at once, from a full bucket (integer ≥ 1). An idle client's bucket is full. */
  readonly burst: number;
}

export type RateLimiterOptions = WindowRateLimiterOptions | TokenBucketOptions;

export interface RateLimitResult {
  /** Whether this request is within the limit. */
  readonly allowed: boolean;
  /** Requests still allowed now, after this one. */
  readonly remaining: number;
  /**
   * Epoch ms at which `remaining` next grows: the end of the fixed window, when the oldest
   * logged request leaves the sliding window, or when the bucket gains its next token. After a
   * denial, the time to retry.
   */
  readonly resetAt: number;
  /** The window's `limit`, or the bucket's `burst`: the most `remaining` can be. */
  readonly limit: number;
}

const KEY_INFIX: Record<RateLimitAlgorithm, string> = { 'fixed-window': 'fw:', 'sliding-window': 'sw:', 'token-bucket': 'tb:' };

/**
 * A distributed rate limiter. Each {@link consume} is one Lua script run atomically on the server,
 * so the limit is exact under any concurrency across any number of processes: of 500 simultaneous
 * calls against a limit of 100, exactly 100 are allowed. Time comes from the server's clock.
 *
 * Cache errors propagate, within `timeoutMs`, as `CacheUnavailableError` (an outage or failover), as
 * `CachePermissionError` (the user may not run the scripts: see `AccessString.readWrite()`), or as the server's error
 * (a bug): whether to fail open (let traffic through) or closed is the caller's call.
 *
 * @example
 * new RateLimiter(redis, { limit: 60, windowMs: 60_000 }); // 60 per minute, sliding window
 * new RateLimiter(redis, { algorithm: 'token-bucket', rate: 100, per: 'second', burst: 10 });
 */
export class RateLimiter {
  private readonly algorithm: RateLimitAlgorithm;
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;
  /** Script arguments and the reported limit, per algorithm. */
  private readonly args: readonly number[];
  private readonly limit: number;
  /** Makes sliding-log members unique across processes; the counter makes them unique within one. */
  private readonly instanceId = randomBytes(6).toString('hex');
  private sequence = 0;

  constructor(
    private readonly client: CacheClient,
    options: RateLimiterOptions,
  ) {
    this.algorithm = options.algorithm ?? 'sliding-window';
    this.keyPrefix = (options.keyPrefix ?? 'ratelimit:') + KEY_INFIX[this.algorithm];
    this.timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_CALL_TIMEOUT_MS);
    if (options.algorithm === 'token-bucket') {
      const { burst, intervalUs } = tokenBucket(options);
      this.args = [burst, intervalUs];
      this.limit = burst;
    } else {
      const { limit, windowMs } = window(options);
      this.args = [limit, windowMs];
      this.limit = limit;
    }
  }

  /** Counts one request of `clientId` (a user, API key or IP) and says whether it is allowed. */
  async consume(clientId: string): Promise<RateLimitResult> {
    const key = this.keyPrefix + clientId;
    const run =
      this.algorithm === 'sliding-window'
        ? SLIDING_LOG_SCRIPT.run(this.client, [key], [...this.args, `${this.instanceId}:${this.sequence++}`])
        : (this.algorithm === 'fixed-window' ? FIXED_WINDOW_SCRIPT : TOKEN_BUCKET_SCRIPT).run(this.client, [key], this.args);
    const [allowed, remaining, resetAt] = parseReply(await boundedCall(run, this.timeoutMs));
    return { allowed: allowed === 1, remaining, resetAt, limit: this.limit };
  }
}

/** The bucket's capacity and the time one token takes, in whole µs (rounded up: never faster than `rate`). */
function tokenBucket(options: TokenBucketOptions): { burst: number; intervalUs: number } {
  refuse(options, ['limit', 'windowMs'], "token-bucket takes 'rate', 'per' and 'burst'");
  const per = options.per ?? 'second';
  if (!(per in PERIOD_MS)) throw new RangeError(`per must be 'second', 'minute' or 'hour', got ${String(per)}`);
  if (!(options.rate > 0) || !Number.isFinite(options.rate)) throw new RangeError(`rate must be a finite number > 0, got ${options.rate}`);
  wholePositive('burst', options.burst);
  const intervalUs = Math.ceil((PERIOD_MS[per] * 1_000) / options.rate);
  return { burst: options.burst, intervalUs };
}

function window(options: WindowRateLimiterOptions): { limit: number; windowMs: number } {
  refuse(options, ['rate', 'per', 'burst'], `${options.algorithm ?? 'sliding-window'} takes 'limit' and 'windowMs'`);
  return { limit: wholePositive('limit', options.limit), windowMs: wholePositive('windowMs', options.windowMs) };
}

/** A plain-JavaScript caller may mix the two option shapes; say which ones the algorithm takes. */
function refuse(options: object, names: readonly string[], takes: string): void {
  const mixed = names.filter((name) => name in options && (options as Record<string, unknown>)[name] !== undefined);
  if (mixed.length > 0) throw new RangeError(`${takes}, not ${mixed.map((name) => `'${name}'`).join(', ')}`);
}

function wholePositive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`);
  return value;
}

function parseReply(reply: unknown): [number, number, number] {
  if (!Array.isArray(reply) || reply.length !== 3 || !reply.every((n) => typeof n === 'number')) {
    throw new Error(`unexpected rate limiter script reply: ${JSON.stringify(reply)}`);
  }
  return reply as [number, number, number];
}
