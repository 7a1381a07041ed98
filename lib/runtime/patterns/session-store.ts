import type { CacheClient } from '../connection';
import { jsonSerializer, Serializer } from './serializer';

export interface SessionStoreOptions<T> {
  /** Prepended to every session id. @default 'session:' */
  readonly keyPrefix?: string;
  /** Idle lifetime of a session in seconds, used when a call gives none. @default 1800 (30 min) */
  readonly ttl?: number;
  /** How session data becomes a cache string. @default - JSON */
  readonly serializer?: Serializer<T>;
}

/**
 * Server-side sessions with a sliding expiry: a session lives `ttl` seconds after its last
 * {@link touch}, so active users stay signed in and idle sessions disappear on their own.
 *
 * Unlike {@link CacheAside}, this store does **not** fail open: a session is state, not a copy of
 * it, so cache errors reach the caller, who decides (e.g. answer 503 rather than sign a user out).
 */
export class SessionStore<T> {
  private readonly keyPrefix: string;
  private readonly ttl: number;
  private readonly serializer: Serializer<T>;

  constructor(
    private readonly client: CacheClient,
    options: SessionStoreOptions<T> = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'session:';
    this.ttl = validateTtl(options.ttl ?? 1800);
    this.serializer = options.serializer ?? jsonSerializer<T>();
  }

  /** Reads a session without extending it (e.g. for an admin view). */
  async get(id: string): Promise<T | undefined> {
    return this.decode(await this.client.get(this.keyPrefix + id));
  }

  /** Creates or replaces a session that expires `ttl` seconds from now. */
  async set(id: string, data: T, ttl: number = this.ttl): Promise<void> {
    await this.client.set(this.keyPrefix + id, this.serializer.serialize(data), 'EX', validateTtl(ttl));
  }

  /**
   * Reads a session and restarts its `ttl` in one atomic command (GETEX, Redis ≥ 6.2 / Valkey),
   * so a read can never observe a session that then expires before it is extended.
   * Resolves `undefined` for an unknown or expired session.
   */
  async touch(id: string, ttl: number = this.ttl): Promise<T | undefined> {
    return this.decode(await this.client.getex(this.keyPrefix + id, 'EX', validateTtl(ttl)));
  }

  /** Deletes a session (sign-out). Resolves `true` when it existed. */
  async destroy(id: string): Promise<boolean> {
    return (await this.client.del(this.keyPrefix + id)) > 0;
  }

  private decode(raw: string | null): T | undefined {
    return raw === null ? undefined : this.serializer.deserialize(raw);
  }
}

function validateTtl(ttl: number): number {
  if (!Number.isInteger(ttl) || ttl <= 0) throw new RangeError(`session ttl must be a whole number of seconds > 0, got ${ttl}`);
  return ttl;
}
