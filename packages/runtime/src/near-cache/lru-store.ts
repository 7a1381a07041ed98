/** One locally cached value. */
export interface LocalEntry {
  readonly value: unknown;
  /** Approximate memory cost in bytes, counted against the store's `maxBytes`. */
  readonly bytes: number;
  /**
   * `performance.now()` after which the entry is not served: the key's TTL on the server as read with the value, or
   * the near cache's `maxTtlMs`, whichever ends first.
   */
  readonly expiresAt: number;
}

/** An entry as stored: the caller's fields plus when it was last moved to the newest end (a sequence number). */
interface StoredEntry extends LocalEntry {
  moved: number;
}

/**
 * An (approximately) least-recently-used map bounded by entry count and by approximate bytes, with a per-entry expiry.
 * A Map keeps insertion order, so the first key is the one inserted or moved longest ago, and goes first. A hit moves
 * its entry to the newest end only once it is in the older half (more than maxEntries / 2 moves ago): hot keys are
 * not moved on every hit, which keeps the hit path at one Map lookup.
 */
export class LruStore {
  private readonly entries = new Map<string, StoredEntry>();
  private totalBytes = 0;
  private moves = 0;
  /** Entries dropped to stay within the bounds (not counting expiries and invalidations). */
  evictions = 0;

  /** A hit moves its entry only when more than this many moves happened since (see the class comment). */
  private readonly moveAfter: number;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {
    this.moveAfter = maxEntries / 2;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The live entry of `key`; an expired one is dropped. */
  get(key: string, now: number): LocalEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    if (this.moves - entry.moved > this.moveAfter) {
      this.entries.delete(key);
      entry.moved = this.moves++;
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Stores an entry, evicting least recently used ones as needed; one larger than `maxBytes` is not stored. */
  set(key: string, entry: LocalEntry): void {
    this.delete(key);
    if (entry.bytes > this.maxBytes) return;
    // A copy: the caller's object stays as given, and every stored entry has one shape (one hidden class).
    this.entries.set(key, { value: entry.value, bytes: entry.bytes, expiresAt: entry.expiresAt, moved: this.moves++ });
    this.totalBytes += entry.bytes;
    while (this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
      this.evictions++;
    }
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }
}
