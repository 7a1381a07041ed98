/** One locally cached value. */
export interface LocalEntry {
  readonly value: unknown;
  /** Approximate memory cost in bytes, counted against the store's `maxBytes`. */
  readonly bytes: number;
  /** Epoch ms after which the entry is not served (the near cache's TTL cap). */
  readonly expiresAt: number;
}

/**
 * A least-recently-used map bounded by entry count and by approximate bytes, with a per-entry expiry.
 * A Map keeps insertion order, so re-inserting on a hit makes the oldest key the least recently used.
 */
export class LruStore {
  private readonly entries = new Map<string, LocalEntry>();
  private totalBytes = 0;
  /** Entries dropped to stay within the bounds (not counting expiries and invalidations). */
  evictions = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The live entry of `key`, now the most recently used; an expired one is dropped. */
  get(key: string, now: number): LocalEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) {
      this.totalBytes -= entry.bytes;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores an entry, evicting least recently used ones as needed; one larger than `maxBytes` is not stored. */
  set(key: string, entry: LocalEntry): void {
    this.delete(key);
    if (entry.bytes > this.maxBytes) return;
    this.entries.set(key, entry);
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
