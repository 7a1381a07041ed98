import { Cluster } from 'ioredis';
import { clientKeyPrefix, nodeId } from '../cluster-slots';
import type { CacheClient } from '../connection';
import { CacheConfigurationError } from '../errors';
import { boundedCall, timeoutOption, withTimeout } from '../patterns/timeout';
import { InvalidationConnection } from './invalidation-connection';
import { LocalEntry, LruStore } from './lru-store';

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
   * Longest time an entry is served from memory, the second guard behind invalidation (a lost message, a key
   * that expires on the server but is not reported until it is touched).
   * @default 60000
   */
  readonly maxTtlMs?: number;
  /** Longest wait for a read from the cache in {@link NearCache.get}. @default 100 */
  readonly timeoutMs?: number;
  /**
   * Every invalidation connection is pinged this often; a ping not answered within it counts as a drop. And
   * when no shard has confirmed for 2 × heartbeatMs (a frozen Lambda container, a blocked event loop), the
   * local cache is flushed before it serves again.
   * @default 1000
   */
  readonly heartbeatMs?: number;
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
  /** Entries dropped to stay within `maxEntries` / `maxBytes`. */
  readonly evictions: number;
  readonly entries: number;
  readonly bytes: number;
  /** Whether every shard's invalidation connection is tracking, i.e. reads are cached locally now. */
  readonly tracking: boolean;
}

/** A read in flight whose result may be kept locally; see {@link NearCache.reserve}. */
export interface NearCacheTicket {
  readonly key: string;
  readonly epoch: number;
}

const ENTRY_OVERHEAD_BYTES = 64;

/**
 * A near cache: hot values in process memory, kept correct by the server's own invalidation messages
 * (`CLIENT TRACKING` in BCAST mode), so a repeated read costs no round trip at all.
 *
 * Correctness rules, in order of importance:
 * - After the server reports a key modified, no read returns the old value: the entry is dropped, and a read of
 *   that key already in flight (whose reply may carry the old value) is not kept.
 * - When an invalidation connection drops or misses a heartbeat, messages may have been lost: the whole local
 *   cache is dropped and nothing is kept until tracking is back on every shard.
 * - A server flush (FLUSHALL/FLUSHDB) drops everything; entries also expire after `maxTtlMs` whatever happens.
 *
 * One invalidation connection per master (per shard in cluster mode), rebuilt as the topology changes. Use it
 * through {@link CacheAside} (`nearCache` option) or {@link get}; one NearCache serves one kind of value.
 * Values are shared between callers: treat them as immutable.
 *
 * Needs Redis OSS 6+ or Valkey, and a user allowed to run CLIENT TRACKING. Where that is refused, {@link ready}
 * rejects and every read simply goes to the cache.
 */
export class NearCache {
  private readonly store: LruStore;
  private readonly prefixes: readonly string[];
  /** The client's ioredis `keyPrefix`: the server (and its invalidations) see keys with it, callers without. */
  private readonly serverPrefix: string;
  private readonly maxTtlMs: number;
  private readonly timeoutMs: number;
  private readonly heartbeatMs: number;
  private readonly connections = new Map<string, InvalidationConnection>();
  private readonly pending = new Map<string, NearCacheTicket>();
  private readonly counters = { localHits: 0, remoteHits: 0, misses: 0, invalidations: 0, flushes: 0 };
  private readonly waiters = new Set<{ resolve: () => void; reject: (err: Error) => void }>();
  private readonly reconcile = () => this.syncConnections();
  private epoch = 0;
  private enabled = false;
  /** Per shard, when it last confirmed being up to date (tracking set up, heartbeat answered). */
  private readonly confirmedAt = new Map<string, number>();
  /** Local reads are served until then: the oldest confirmation plus 2 × heartbeatMs. */
  private confirmedUntil = 0;
  private setupError: Error | undefined;
  private closed = false;

  constructor(
    private readonly client: CacheClient,
    options: NearCacheOptions = {},
  ) {
    this.prefixes = validatePrefixes(options.prefixes ?? ['']);
    this.serverPrefix = clientKeyPrefix(client);
    this.store = new LruStore(positive('maxEntries', options.maxEntries ?? 10_000), positive('maxBytes', options.maxBytes ?? 64 * 2 ** 20));
    this.maxTtlMs = positive('maxTtlMs', options.maxTtlMs ?? 60_000);
    this.timeoutMs = timeoutOption(options.timeoutMs, 100);
    this.heartbeatMs = positive('heartbeatMs', options.heartbeatMs ?? 1_000);
    if (client instanceof Cluster) {
      for (const event of ['ready', 'refresh', '+node', '-node']) client.on(event, this.reconcile);
    }
    this.syncConnections();
  }

  /**
   * Resolves once reads are cached locally (every shard tracking). Rejects when the server refused tracking, or
   * after `timeoutMs`; the near cache then keeps reading through to the cache.
   */
  ready(timeoutMs = 5_000): Promise<void> {
    if (this.enabled) return Promise.resolve();
    if (this.setupError) return Promise.reject(this.setupError);
    let waiter = { resolve: () => {}, reject: (_err: Error) => {} };
    const waiting = new Promise<void>((resolve, reject) => this.waiters.add((waiter = { resolve, reject })));
    return withTimeout(waiting, timeoutMs).finally(() => this.waiters.delete(waiter));
  }

  /** Whether some keys starting with `keyPrefix` can be kept locally (a tracked prefix overlaps it). */
  covers(keyPrefix: string): boolean {
    return this.prefixes.some((prefix) => keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix));
  }

  /** The value of `key` (a string as stored), from memory when possible; `null` when the cache has none. */
  get(key: string): Promise<string | null> {
    const entry = this.peek(key);
    if (entry !== undefined) return Promise.resolve(entry.value as string);
    const ticket = this.reserve(key);
    return boundedCall(this.client.get(key), this.timeoutMs).then(
      (raw) => {
        if (raw === null) this.release(ticket);
        else this.fill(ticket, raw, raw.length);
        return raw;
      },
      (err: unknown) => {
        this.release(ticket);
        throw err;
      },
    );
  }

  /** The local entry of `key` (counted as a local hit), or `undefined`. For patterns built on the near cache. */
  peek(key: string): LocalEntry | undefined {
    if (!this.enabled) return undefined;
    const now = Date.now();
    if (now > this.confirmedUntil) {
      // Heartbeats stopped arriving (a frozen or blocked process): invalidations may be stuck or lost.
      if (this.store.size > 0 || this.pending.size > 0) this.flush(true);
      return undefined;
    }
    const entry = this.store.get(key, now);
    if (entry !== undefined) this.counters.localHits++;
    return entry;
  }

  /**
   * Call before sending a read of `key` to the cache; pass the ticket to {@link fill} with the reply. Returns
   * `undefined` when the reply must not be kept (not tracking now, or the key is outside the prefixes).
   */
  reserve(key: string): NearCacheTicket | undefined {
    if (!this.enabled || Date.now() > this.confirmedUntil || !this.prefixes.some((prefix) => key.startsWith(prefix))) return undefined;
    const ticket = { key, epoch: this.epoch };
    this.pending.set(key, ticket);
    return ticket;
  }

  /**
   * Keeps a value the cache returned for a reserved read, unless the key was invalidated (or the local cache
   * flushed, or a newer read of the key reserved) since: its reply may predate the write.
   */
  fill(ticket: NearCacheTicket | undefined, value: unknown, valueLength: number): void {
    this.counters.remoteHits++;
    if (ticket === undefined || this.pending.get(ticket.key) !== ticket) return;
    this.pending.delete(ticket.key);
    if (ticket.epoch !== this.epoch || !this.enabled) return;
    const bytes = ticket.key.length + valueLength + ENTRY_OVERHEAD_BYTES;
    this.store.set(ticket.key, { value, bytes, expiresAt: Date.now() + this.maxTtlMs });
  }

  /** Ends a reserved read that found nothing or failed. */
  release(ticket: NearCacheTicket | undefined): void {
    this.counters.misses++;
    if (ticket !== undefined && this.pending.get(ticket.key) === ticket) this.pending.delete(ticket.key);
  }

  /** Drops the local entry of `key` (the server's invalidation will follow a write anyway). */
  evict(key: string): void {
    this.store.delete(key);
    this.pending.delete(key);
  }

  stats(): NearCacheStats {
    return {
      ...this.counters,
      evictions: this.store.evictions,
      entries: this.store.size,
      bytes: this.store.bytes,
      tracking: this.enabled,
    };
  }

  /** Closes the invalidation connections and drops every entry; the client stays open (it is the caller's). */
  close(): void {
    this.closed = true;
    if (this.client instanceof Cluster) {
      for (const event of ['ready', 'refresh', '+node', '-node']) this.client.off(event, this.reconcile);
    }
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
    this.confirmedAt.clear();
    this.flush(false);
    this.settleWaiters(new Error('near cache closed'));
  }

  /** One invalidation connection per master, matching the client's current view of the topology. */
  private syncConnections(): void {
    if (this.closed) return;
    const masters = this.client instanceof Cluster ? this.client.nodes('master') : [this.client];
    const wanted = new Map(masters.map((node) => [this.client instanceof Cluster ? nodeId(node) : 'standalone', node]));
    for (const [id, connection] of this.connections) {
      if (wanted.has(id)) continue;
      connection.close();
      this.connections.delete(id);
      this.confirmedAt.delete(id);
      this.flush(true); // writes on that node may no longer be reported
    }
    for (const [id, node] of wanted) {
      if (this.connections.has(id)) continue;
      this.connections.set(
        id,
        new InvalidationConnection(
          node,
          this.prefixes.map((prefix) => this.serverPrefix + prefix),
          this.heartbeatMs,
          {
            onInvalidate: (keys) => this.invalidate(keys),
            onConfirmed: () => {
              this.confirmedAt.set(id, Date.now());
              this.confirmedUntil = Math.min(...this.confirmedAt.values()) + 2 * this.heartbeatMs;
            },
            onTracking: () => this.updateEnabled(),
            onLost: () => {
              this.flush(true);
              this.updateEnabled();
            },
            onSetupError: (error) => {
              this.setupError = new CacheConfigurationError(`near cache disabled: the server refused CLIENT TRACKING (${error.message})`, {
                cause: error,
              });
              this.settleWaiters(this.setupError);
            },
          },
        ),
      );
    }
    this.updateEnabled();
  }

  /** Local reads are served only while every master that owns slots has a tracking connection. */
  private updateEnabled(): void {
    let enabled = this.connections.size > 0;
    if (this.client instanceof Cluster) {
      const owners = new Set<string>();
      for (let slot = 0; enabled && slot < 16384; slot++) {
        const owner = this.client.slots[slot]?.[0];
        if (owner === undefined) enabled = false;
        else owners.add(owner);
      }
      for (const owner of owners) enabled &&= this.connections.get(owner)?.isTracking === true;
    } else {
      enabled &&= this.connections.get('standalone')?.isTracking === true;
    }
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    if (!enabled) this.flush(false);
    else this.settleWaiters();
  }

  private invalidate(keys: string[] | null): void {
    if (keys === null) {
      this.flush(true);
      return;
    }
    this.counters.invalidations += keys.length;
    for (const key of keys) this.evict(key.slice(this.serverPrefix.length));
  }

  /** Drops every entry and every reserved read; `count` says whether this is a flush the stats report. */
  private flush(count: boolean): void {
    this.epoch++;
    this.pending.clear();
    if (count && (this.store.size > 0 || this.enabled)) this.counters.flushes++;
    this.store.clear();
  }

  private settleWaiters(error?: Error): void {
    for (const waiter of this.waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
    this.waiters.clear();
  }
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
  return value;
}

function validatePrefixes(prefixes: readonly string[]): readonly string[] {
  if (prefixes.length === 0) throw new RangeError('prefixes must name at least one prefix ([""] for every key)');
  for (const a of prefixes) {
    for (const b of prefixes) {
      if (a !== b && b.startsWith(a)) throw new RangeError(`prefixes must not overlap: '${b}' starts with '${a}'`);
    }
  }
  return [...new Set(prefixes)];
}
