import type { CacheClient } from '../connection';
import { boundedCall, DEFAULT_CALL_TIMEOUT_MS, timeoutOption } from './timeout';

export interface LeaderboardEntry {
  readonly member: string;
  readonly score: number;
  /** 1-based position; 1 is the highest score. */
  readonly rank: number;
}

export interface LeaderboardOptions {
  /** Prepended to the board name to form its key. @default 'leaderboard:' */
  readonly keyPrefix?: string;
  /** Longest wait for one call; past it the call rejects with `CacheTimeoutError`. @default 250 */
  readonly timeoutMs?: number;
}

/**
 * A leaderboard on one sorted set: highest score first, ties ordered by member name ascending
 * (byte-wise), so `alice` ranks above `bob` on equal scores and every call agrees on the order.
 *
 * To get that tie rule from Redis' own ordering (ascending score, then ascending member), the set
 * stores **negated** scores and reads it ascending; `ZRANGE <key> 0 9 WITHSCORES` in `redis-cli`
 * shows the top 10 with their scores' signs flipped. All methods take and return real scores.
 * One board is one key, so it lives on one shard in cluster mode. Cache errors reach the caller within
 * `timeoutMs` (`CacheUnavailableError` for an outage or failover).
 */
export class Leaderboard {
  private readonly key: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly client: CacheClient,
    name: string,
    options: LeaderboardOptions = {},
  ) {
    this.key = (options.keyPrefix ?? 'leaderboard:') + name;
    this.timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_CALL_TIMEOUT_MS);
  }

  /** Sets `member`'s score, replacing any previous one. */
  async submit(member: string, score: number): Promise<void> {
    await this.bounded(this.client.zadd(this.key, toStored(finite('score', score)), member));
  }

  /** Adds `by` (may be negative) to `member`'s score, starting from 0; resolves the new score. */
  async increment(member: string, by: number): Promise<number> {
    return fromStored(await this.bounded(this.client.zincrby(this.key, toStored(finite('by', by)), member)));
  }

  /** The best `n` entries, best first. */
  async top(n: number): Promise<LeaderboardEntry[]> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer ≥ 0, got ${n}`);
    return n === 0 ? [] : this.range(0, n - 1);
  }

  /** `member`'s 1-based rank and score, or `undefined` when it has no score. */
  async rankOf(member: string): Promise<Omit<LeaderboardEntry, 'member'> | undefined> {
    // One MULTI so rank and score come from the same state of the board.
    const replies = await this.bounded(this.client.multi().zrank(this.key, member).zscore(this.key, member).exec());
    const [[rankErr, rank], [scoreErr, score]] = replies ?? [];
    const error = rankErr ?? scoreErr;
    if (error) throw error;
    if (typeof rank !== 'number' || typeof score !== 'string') return undefined;
    return { rank: rank + 1, score: fromStored(score) };
  }

  /**
   * The page around `member`: up to `radius` entries above it, itself, and up to `radius` below,
   * best first. Empty when `member` has no score.
   */
  async around(member: string, radius: number): Promise<LeaderboardEntry[]> {
    if (!Number.isInteger(radius) || radius < 0) throw new RangeError(`radius must be an integer ≥ 0, got ${radius}`);
    const rank = await this.bounded(this.client.zrank(this.key, member));
    if (rank === null) return [];
    return this.range(Math.max(0, rank - radius), rank + radius);
  }

  private bounded<R>(call: Promise<R>): Promise<R> {
    return boundedCall(call, this.timeoutMs);
  }

  private async range(start: number, stop: number): Promise<LeaderboardEntry[]> {
    const flat = await this.bounded(this.client.zrange(this.key, start, String(stop), 'WITHSCORES'));
    const entries: LeaderboardEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      entries.push({ member: flat[i], score: fromStored(flat[i + 1]), rank: start + i / 2 + 1 });
    }
    return entries;
  }
}

function toStored(score: number): number {
  return -score;
}

function fromStored(stored: string): number {
  return -Number(stored) || 0; // `|| 0` turns the -0 of a zero score into 0
}

function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}
