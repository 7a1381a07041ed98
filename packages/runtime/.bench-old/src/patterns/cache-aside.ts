import type { CacheClient } from '../connection';
import type { NearCache, NearCacheTicket } from '../near-cache/near-cache';
import { jsonSerializer, Serializer } from './serializer';
import { timeoutOption, withTimeout } from './timeout';

/** Default fraction by which TTLs are spread: ±10 %. */
export const DEFAULT_TTL_JITTER = 0.1;
/** Default longest wait for one cache call before {@link CacheAside} fails open. */
export const DEFAULT_CACHE_TIMEOUT_MS = 100;

/**
 * What is stored for a negatively cached key (the loader found nothing). The leading NUL keeps it
 * apart from anything the JSON serializer writes; a custom serializer must never produce it.
 */
export const ABSENT_MARKER = '\u0000cdk-elasticache:absent';

export interface CacheAsideOptions<T> {
  /** Prepended to every key, e.g. `'item:'`. Put a `{hash tag}` here only if you need one. @default '' */
  readonly keyPrefix?: string;
  /**
   * Longest wait in milliseconds for one cache call (GET, SET, DEL). Past it the call counts as an
   * error and {@link CacheAside.getOrLoad} serves the loader's value instead.
   * @default 100
   */
  readonly timeoutMs?: number;
  /** How values become cache strings. @default - JSON */
  readonly serializer?: Serializer<T>;
  /** Default TTL jitter for {@link GetOrLoadOptions.jitter}. @default 0.1 */
  readonly jitter?: number;
  /**
   * Keeps hot values in process memory too, invalidated by the server (see {@link NearCache}); a hit then costs
   * no round trip. Its prefixes must cover `keyPrefix`; give each CacheAside its own NearCache.
   * @default - no near cache: every lookup reads the cache
   */
  readonly nearCache?: NearCache;
}

export interface GetOrLoadOptions {
  /** Time to live of a loaded value, in seconds (> 0). */
  readonly ttl: number;
  /**
   * Spread of the TTL as a fraction in [0, 1): each write expires after a uniformly random
   * `ttl × (1 ± jitter)`, so keys filled together (a cold start, a deploy) do not all expire in
   * the same second and stampede the backing store together. `0` turns jitter off.
   * @default - the instance's `jitter` (0.1, i.e. ±10 %)
   */
  readonly jitter?: number;
  /**
   * When set, a loader result of `null`/`undefined` is cached for this many seconds (with the same
   * jitter), so lookups of ids that do not exist stop reaching the backing store.
   * @default - absent results are not cached
   */
  readonly negativeTtl?: number;
}

/** Counters since the instance was created. */
export interface CacheAsideStats {
  /** Lookups answered by the cache or the near cache (including negatively cached entries). */
  readonly hits: number;
  /** Lookups the cache answered with "not there" (or with a value that failed to deserialize). */
  readonly misses: number;
  /** Loader invocations. */
  readonly loads: number;
  /** Cache calls that failed or exceeded `timeoutMs`. None of them reached a caller. */
  readonly errors: number;
  /** Lookups (misses or failed reads) that joined a load of the same key already in flight instead of calling the loader. */
  readonly coalesced: number;
}

/** Loads the value behind a key from the system of record; `null`/`undefined` means "no such value". */
export type Loader<T> = () => Promise<T | null | undefined>;

/** A load in progress. */
interface Flight<T> {
  readonly promise: Promise<T | undefined>;
  /** Set by {@link CacheAside.invalidate}: the loaded value may be stale, do not write it back. */
  invalidated: boolean;
}

/**
 * Cache-aside (lazy loading) in front of a slower system of record.
 *
 * - **Single-flight**: while a key is being loaded, other lookups of it in this process wait for
 *   that load instead of calling the loader again, so a hot key expiring (or a cache outage) does
 *   not fan out into a stampede on the system of record.
 * - **Fail-open**: the cache is an optimisation, never a dependency. When it is unreachable or
 *   slower than `timeoutMs`, the loader's value is returned and the failure is only counted in
 *   {@link stats}. Loader errors do propagate. After a failed read no write is attempted, so an
 *   outage costs each lookup at most one `timeoutMs`.
 * - **TTL jitter** (see {@link GetOrLoadOptions.jitter}) and optional **negative caching**.
 *
 * Absent values (`null` or `undefined` from the loader) are always returned as `undefined`.
 *
 * Create the client with `enableOfflineQueue: false` and a low `maxRetriesPerRequest` so commands
 * fail at once during an outage instead of queueing; the timeout bounds the wait either way.
 *
 * @example
 * const items = new CacheAside<Item>(redis, { keyPrefix: 'item:' });
 * const item = await items.getOrLoad(id, () => table.get(id), { ttl: 300, negativeTtl: 30 });
 */
export class CacheAside<T> {
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;
  private readonly serializer: Serializer<T>;
  private readonly jitter: number;
  private readonly near: NearCache | undefined;
  private readonly flights = new Map<string, Flight<T>>();
  private readonly counters = { hits: 0, misses: 0, loads: 0, errors: 0, coalesced: 0 };

  constructor(
    private readonly client: CacheClient,
    options: CacheAsideOptions<T> = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? '';
    this.timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_CACHE_TIMEOUT_MS);
    this.serializer = options.serializer ?? jsonSerializer<T>();
    this.jitter = options.jitter ?? DEFAULT_TTL_JITTER;
    this.near = options.nearCache;
    if (this.near && !this.near.covers(this.keyPrefix)) {
      throw new RangeError(`nearCache tracks no prefix that covers keyPrefix '${this.keyPrefix}'; nothing would be kept locally`);
    }
    validateJitter(this.jitter);
  }

  /** Returns the cached value of `key`, or loads, caches and returns it. */
  getOrLoad(key: string, loader: Loader<T>, options: GetOrLoadOptions): Promise<T | undefined> {
    validatePositive('ttl', options.ttl);
    if (options.negativeTtl !== undefined) validatePositive('negativeTtl', options.negativeTtl);
    if (options.jitter !== undefined) validateJitter(options.jitter);

    const fullKey = this.keyPrefix + key;
    const near = this.near;
    const local = near?.peek(fullKey);
    if (local !== undefined) {
      this.counters.hits++;
      return Promise.resolve(local.value as T | undefined);
    }
    const ticket = near?.reserve(fullKey);
    // Promise callbacks rather than async/await, and no single-flight bookkeeping before the
    // read: the hit path is the hot path (see bench/runtime.ts).
    return withTimeout(this.client.get(fullKey), this.timeoutMs).then(
      (raw) => this.afterRead(fullKey, raw, loader, options, ticket),
      () => {
        near?.release(ticket);
        this.counters.errors++;
        return this.loadOnce(fullKey, loader, options, false);
      },
    );
  }

  /**
   * Deletes `key` from the cache. A lookup of it already in flight will not write its (possibly
   * stale) result back. Resolves `false` when the cache could not be reached, in which case the
   * old value lives until its TTL ends.
   */
  async invalidate(key: string): Promise<boolean> {
    const fullKey = this.keyPrefix + key;
    this.near?.evict(fullKey);
    const flight = this.flights.get(fullKey);
    if (flight) {
      flight.invalidated = true;
      this.flights.delete(fullKey);
    }
    try {
      await withTimeout(this.client.del(fullKey), this.timeoutMs);
      return true;
    } catch {
      this.counters.errors++;
      return false;
    }
  }

  /** A snapshot of the counters. */
  stats(): CacheAsideStats {
    return { ...this.counters };
  }

  private afterRead(
    key: string,
    raw: string | null,
    loader: Loader<T>,
    options: GetOrLoadOptions,
    ticket: NearCacheTicket | undefined,
  ): T | undefined | Promise<T | undefined> {
    if (raw !== null) {
      try {
        const value = raw === ABSENT_MARKER ? undefined : this.serializer.deserialize(raw);
        this.counters.hits++;
        this.near?.fill(ticket, value, raw.length);
        return value;
      } catch {
        this.counters.errors++; // unreadable entry (e.g. an old format): reload and overwrite it
      }
    }
    this.near?.release(ticket);
    this.counters.misses++;
    return this.loadOnce(key, loader, options, true);
  }

  /**
   * Single-flight: joins the load of `key` already in flight in this process, or starts one.
   *
   * Coalescing at the load rather than at the read is enough: a lookup whose GET was sent before
   * the in-flight load's SET gets its (empty) reply before the SET's reply, i.e. while the flight
   * is still registered, since replies on one connection arrive in order. A lookup sent after
   * the SET finds the value.
   */
  private loadOnce(key: string, loader: Loader<T>, options: GetOrLoadOptions, writeBack: boolean): Promise<T | undefined> {
    const inFlight = this.flights.get(key);
    if (inFlight) {
      this.counters.coalesced++;
      return inFlight.promise;
    }
    const flight: Flight<T> = {
      invalidated: false,
      // `finally` runs asynchronously, so always after the flight was registered below.
      promise: this.load(key, loader, options, writeBack, () => flight.invalidated).finally(() => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
      }),
    };
    this.flights.set(key, flight);
    return flight.promise;
  }

  private async load(
    key: string,
    loader: Loader<T>,
    options: GetOrLoadOptions,
    writeBack: boolean,
    isInvalidated: () => boolean,
  ): Promise<T | undefined> {
    this.counters.loads++;
    const value = (await loader()) ?? undefined;
    if (writeBack && !isInvalidated()) await this.write(key, value, options);
    return value;
  }

  private async write(key: string, value: T | undefined, options: GetOrLoadOptions): Promise<void> {
    const ttl = value === undefined ? options.negativeTtl : options.ttl;
    if (ttl === undefined) return;
    try {
      const raw = value === undefined ? ABSENT_MARKER : this.serializer.serialize(value);
      const px = jitteredTtlMs(ttl, options.jitter ?? this.jitter);
      await withTimeout(this.client.set(key, raw, 'PX', px), this.timeoutMs);
    } catch {
      this.counters.errors++;
    }
  }
}

/**
 * A TTL in milliseconds drawn uniformly from `[ttl × (1 − jitter), ttl × (1 + jitter)]` seconds,
 * rounded to the millisecond and never below 1 ms.
 */
export function jitteredTtlMs(ttlSeconds: number, jitter: number, random: () => number = Math.random): number {
  const factor = 1 + jitter * (2 * random() - 1);
  return Math.max(1, Math.round(ttlSeconds * 1000 * factor));
}

function validatePositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number of seconds > 0, got ${value}`);
}

function validateJitter(jitter: number): void {
  if (!(jitter >= 0 && jitter < 1)) throw new RangeError(`jitter must be in [0, 1), got ${jitter}`);
}
