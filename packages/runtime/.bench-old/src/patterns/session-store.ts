import type { CacheClient } from '../connection';
import { jsonSerializer, Serializer } from './serializer';
import { boundedCall, DEFAULT_CALL_TIMEOUT_MS, timeoutOption } from './timeout';

export interface SessionStoreOptions<T> {
  /** Prepended to every session id. @default 'session:' */
  readonly keyPrefix?: string;
  /** Idle lifetime of a session in seconds, used when a call gives none. @default 1800 (30 min) */
  readonly ttl?: number;
  /** How session data becomes a cache string. @default - JSON */
  readonly serializer?: Serializer<T>;
  /** Longest wait for one call; past it the call rejects with `CacheTimeoutError`. @default 250 */
  readonly timeoutMs?: number;
}

/**
 * Server-side sessions with a sliding expiry: a session lives `ttl` seconds after its last
 * {@link touch}, so active users stay signed in and idle sessions disappear on their own.
 *
 * Unlike {@link CacheAside}, this store does **not** fail open: a session is state, not a copy of
 * it, so cache errors reach the caller, who decides (e.g. answer 503 rather than sign a user out). They arrive
 * within `timeoutMs`, as `CacheUnavailableError` for an outage or failover, or as the server's error for a bug.
 */
export class SessionStore<T> {
  private readonly keyPrefix: string;
  private readonly ttl: number;
  private readonly serializer: Serializer<T>;
  private readonly timeoutMs: number;

  constructor(
    private readonly client: CacheClient,
    options: SessionStoreOptions<T> = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'session:';
    this.ttl = validateTtl(options.ttl ?? 1800);
    this.serializer = options.serializer ?? jsonSerializer<T>();
    this.timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_CALL_TIMEOUT_MS);
  }

  /** Reads a session without extending it (e.g. for an admin view). */
  async get(id: string): Promise<T | undefined> {
    return this.decode(await boundedCall(this.client.get(this.keyPrefix + id), this.timeoutMs));
  }

  /** Creates or replaces a session that expires `ttl` seconds from now. */
  async set(id: string, data: T, ttl: number = this.ttl): Promise<void> {
    const raw = this.serializer.serialize(data);
    await boundedCall(this.client.set(this.keyPrefix + id, raw, 'EX', validateTtl(ttl)), this.timeoutMs);
  }

  /**
   * Reads a session and restarts its `ttl` in one atomic command (GETEX, Redis ≥ 6.2 / Valkey),
   * so a read can never observe a session that then expires before it is extended.
   * Resolves `undefined` for an unknown or expired session.
   */
  async touch(id: string, ttl: number = this.ttl): Promise<T | undefined> {
    return this.decode(await boundedCall(this.client.getex(this.keyPrefix + id, 'EX', validateTtl(ttl)), this.timeoutMs));
  }

  /** Deletes a session (sign-out). Resolves `true` when it existed. */
  async destroy(id: string): Promise<boolean> {
    return (await boundedCall(this.client.del(this.keyPrefix + id), this.timeoutMs)) > 0;
  }

  private decode(raw: string | null): T | undefined {
    return raw === null ? undefined : this.serializer.deserialize(raw);
  }
}

function validateTtl(ttl: number): number {
  if (!Number.isInteger(ttl) || ttl <= 0) throw new RangeError(`session ttl must be a whole number of seconds > 0, got ${ttl}`);
  return ttl;
}
