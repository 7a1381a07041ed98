import { randomBytes } from 'node:crypto';
import type { CacheClient } from '../connection';
import { FIXED_WINDOW_SCRIPT, SLIDING_LOG_SCRIPT, TOKEN_BUCKET_SCRIPT } from './rate-limiter-scripts';
import { boundedCall, DEFAULT_CALL_TIMEOUT_MS, timeoutOption } from './timeout';

/**
 * - `fixed-window`: at most `limit` requests per window; the window opens with a client's first
 *   request. One counter per client, cheapest, but allows up to 2 × `limit` across a window edge.
 * - `sliding-window`: a sliding log (sorted set of request times): at most `limit` requests in
 *   any `windowMs` span, exactly. Stores up to `limit` entries per active client.
 * - `token-bucket`: a bucket of `limit` tokens refilled continuously, one every `windowMs / limit` (GCRA, one
 *   number per client): bursts up to `limit`, then a smooth `limit` per `windowMs`. `resetAt` is when the next
 *   token arrives.
 */
export type RateLimitAlgorithm = 'fixed-window' | 'sliding-window' | 'token-bucket';

export interface RateLimiterOptions {
  /** Requests allowed per window (integer ≥ 1). */
  readonly limit: number;
  /** Window length in milliseconds (integer ≥ 1). */
  readonly windowMs: number;
  /** @default 'sliding-window' */
  readonly algorithm?: RateLimitAlgorithm;
  /** Prepended to every key; the algorithm is appended so switching algorithms never collides. @default 'ratelimit:' */
  readonly keyPrefix?: string;
  /** Longest wait for one {@link RateLimiter.consume}; past it the call rejects with `CacheTimeoutError`. @default 250 */
  readonly timeoutMs?: number;
}

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
  /** The configured limit. */
  readonly limit: number;
}

const KEY_INFIX: Record<RateLimitAlgorithm, string> = { 'fixed-window': 'fw:', 'sliding-window': 'sw:', 'token-bucket': 'tb:' };

/**
 * A distributed rate limiter. Each {@link consume} is one Lua script run atomically on the server,
 * so the limit is exact under any concurrency across any number of processes: of 500 simultaneous
 * calls against a limit of 100, exactly 100 are allowed. Time comes from the server's clock.
 *
 * Cache errors propagate, within `timeoutMs`, as `CacheUnavailableError` (an outage or failover) or as the
 * server's error (a bug): whether to fail open (let traffic through) or closed is the caller's call.
 */
export class RateLimiter {
  private readonly algorithm: RateLimitAlgorithm;
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;
  /** Makes sliding-log members unique across processes; the counter makes them unique within one. */
  private readonly instanceId = randomBytes(6).toString('hex');
  private sequence = 0;

  constructor(
    private readonly client: CacheClient,
    private readonly options: RateLimiterOptions,
  ) {
    for (const name of ['limit', 'windowMs'] as const) {
      const value = options[name];
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`);
    }
    this.algorithm = options.algorithm ?? 'sliding-window';
    this.keyPrefix = (options.keyPrefix ?? 'ratelimit:') + KEY_INFIX[this.algorithm];
    this.timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_CALL_TIMEOUT_MS);
  }

  /** Counts one request of `clientId` (a user, API key or IP) and says whether it is allowed. */
  async consume(clientId: string): Promise<RateLimitResult> {
    const { limit, windowMs } = this.options;
    const key = this.keyPrefix + clientId;
    const run =
      this.algorithm === 'sliding-window'
        ? SLIDING_LOG_SCRIPT.run(this.client, [key], [limit, windowMs, `${this.instanceId}:${this.sequence++}`])
        : (this.algorithm === 'fixed-window' ? FIXED_WINDOW_SCRIPT : TOKEN_BUCKET_SCRIPT).run(this.client, [key], [limit, windowMs]);
    const [allowed, remaining, resetAt] = parseReply(await boundedCall(run, this.timeoutMs));
    return { allowed: allowed === 1, remaining, resetAt, limit };
  }
}

function parseReply(reply: unknown): [number, number, number] {
  if (!Array.isArray(reply) || reply.length !== 3 || !reply.every((n) => typeof n === 'number')) {
    throw new Error(`unexpected rate limiter script reply: ${JSON.stringify(reply)}`);
  }
  return reply as [number, number, number];
}
