/** Options of a {@link NearCache}. */
export interface NearCacheOptions {
  /**
   * Key prefixes to cache in process memory and to track (`BCAST PREFIX`); keys outside them are always read
   * from the cache. No prefix may start with another. Narrow prefixes keep the invalidation traffic to what
   * this process caches: in BCAST mode every write under them is reported to every process.
   * @default [''] (every key)
   */
  readonly prefixes?: readonly string[];
  /** Most entries kept; the least recently used go first. @default 10000 */
  readonly maxEntries?: number;
  /** Most memory kept, approximately (key and value lengths plus a fixed overhead per entry). @default 64 MiB */
  readonly maxBytes?: number;
  /**
   * Longest time an entry is served from memory, whatever the key's TTL on the server (which also bounds it): the
   * last guard behind invalidation.
   * @default 60000
   */
  readonly maxTtlMs?: number;
  /** Longest wait for a read from the cache in {@link NearCache.get}. @default 100 */
  readonly timeoutMs?: number;
  /**
   * Every invalidation connection is checked this often (CLIENT TRACKINGINFO, and a PING round trip); an answer
   * missing after it counts as a drop. When no round trip has been answered for 2 × heartbeatMs (a frozen Lambda
   * container, a lost network), the local cache is flushed before it serves again.
   * @default 1000
   */
  readonly heartbeatMs?: number;
  /**
   * Called once, the first time the server refuses to track (a user without the permissions, ElastiCache
   * Serverless): the near cache then reads every key from the cache.
   * @default - a console.warn
   */
  readonly onDisabled?: (error: Error) => void;
}

/** Counters since the instance was created, and the current state. */
export interface NearCacheStats {
  /** Reads answered from process memory. */
  readonly localHits: number;
  /** Reads answered by the cache (then kept locally when nothing invalidated the key meanwhile). */
  readonly remoteHits: number;
  /** Reads the cache answered with "not there", or that failed. */
  readonly misses: number;
  /** Keys reported modified by the server. */
  readonly invalidations: number;
  /** Times the whole local cache was dropped: an invalidation connection dropped, or the server flushed. */
  readonly flushes: number;
  /** Times an event-loop stall kept local hits off until a round trip proved the invalidations current. */
  readonly fences: number;
  /** Entries dropped to stay within `maxEntries` / `maxBytes`. */
  readonly evictions: number;
  readonly entries: number;
  readonly bytes: number;
  /** Whether every shard's invalidation connection is tracking, i.e. reads are cached locally now. */
  readonly tracking: boolean;
}

export function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
  return value;
}

export function validatePrefixes(prefixes: readonly string[]): readonly string[] {
  if (prefixes.length === 0) throw new RangeError('prefixes must name at least one prefix ([""] for every key)');
  for (const a of prefixes) {
    for (const b of prefixes) {
      if (a !== b && b.startsWith(a)) throw new RangeError(`prefixes must not overlap: '${b}' starts with '${a}'`);
    }
  }
  return [...new Set(prefixes)];
}
