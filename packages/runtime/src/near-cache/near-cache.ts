import { Cluster } from 'ioredis';
import { clientKeyPrefix, nodeId } from '../cluster-slots';
import type { CacheClient } from '../connection';
import { CacheConfigurationError, CachePermissionError } from '../errors';
import { boundedCall, timeoutOption, withTimeout } from '../patterns/timeout';
import { toPermissionError } from '../permission-error';
import { Freshness } from './freshness';
import { InvalidationConnection } from './invalidation-connection';
import { LocalEntry, LruStore } from './lru-store';
import { NearCacheOptions, NearCacheStats, positive, validatePrefixes } from './options';
import { readWithTtl } from './read-with-ttl';

export type { NearCacheOptions, NearCacheStats } from './options';

/** A read in flight whose result may be kept locally; see {@link NearCache.reserve}. */
export interface NearCacheTicket {
  readonly key: string;
  readonly epoch: number;
  /** `performance.now()` when the read was sent: a TTL read with the value counts from here. */
  readonly sentAt: number;
}

const ENTRY_OVERHEAD_BYTES = 64;

/**
 * A near cache: hot values in process memory, kept correct by the server's own invalidation messages
 * (`CLIENT TRACKING` in BCAST mode), so a repeated read costs no round trip at all.
 *
 * Correctness rules, in order of importance:
 * - After the server reports a key modified, no read returns the old value: the entry is dropped, and a read of
 *   that key already in flight (whose reply may carry the old value) is not kept.
 * - Tracking is verified, not assumed: local reads are served only after the server confirmed it
 *   (CLIENT TRACKINGINFO), and each heartbeat confirms it again. When an invalidation connection drops, misses a
 *   heartbeat or fails the check, messages may have been lost: the whole local cache is dropped, and reads go to the
 *   server until tracking is proven again on every shard.
 * - A stalled event loop (see freshness.ts) keeps local hits off until a round trip proves every invalidation sent
 *   before it processed. Outside stalls a local read is at most 20 ms behind the invalidations that reached the host.
 * - An entry expires locally no later than the key on the server (its PTTL is read with the value), and never later
 *   than `maxTtlMs`. A server flush (FLUSHALL/FLUSHDB) drops everything.
 *
 * Two invalidation connections per master (per shard in cluster mode), rebuilt as the topology changes. Use it
 * through {@link CacheAside} (`nearCache` option) or {@link get}; one NearCache serves one kind of value.
 * Values are shared between callers: treat them as immutable.
 *
 * Needs Redis OSS 6.2+ or Valkey, and a user allowed CLIENT ID / TRACKING / TRACKINGINFO (in @connection) and
 * SUBSCRIBE. Where the server refuses (ElastiCache Serverless does not support CLIENT TRACKING), {@link ready}
 * rejects, `onDisabled` is called once, and every read simply goes to the cache.
 */
export class NearCache {
  private readonly store: LruStore;
  private readonly prefixes: readonly string[];
  /** The client's ioredis `keyPrefix`: the server (and its invalidations) see keys with it, callers without. */
  private readonly serverPrefix: string;
  private readonly maxTtlMs: number;
  private readonly timeoutMs: number;
  private readonly heartbeatMs: number;
  private readonly onDisabled: (error: Error) => void;
  private readonly connections = new Map<string, InvalidationConnection>();
  private readonly pending = new Map<string, NearCacheTicket>();
  private readonly counters = { localHits: 0, remoteHits: 0, misses: 0, invalidations: 0, flushes: 0, fences: 0 };
  private readonly waiters = new Set<{ resolve: () => void; reject: (err: Error) => void }>();
  private readonly reconcile = () => this.syncConnections();
  private readonly freshness: Freshness;
  private epoch = 0;
  private enabled = false;
  private setupError: Error | undefined;
  private reported = false;
  private closed = false;

  constructor(
    private readonly client: CacheClient,
    options: NearCacheOptions = {},
  ) {
    if (client instanceof Cluster && (client.options.scaleReads ?? 'master') !== 'master') {
      // Invalidations come from the masters, so a replica (behind by its replication lag) could answer a read after
      // the invalidation of a newer write arrived, and that older value would be kept.
      throw new CacheConfigurationError(
        'a near cache needs a client that reads from the masters; this cluster client reads from replicas (scaleReads)',
      );
    }
    this.prefixes = validatePrefixes(options.prefixes ?? ['']);
    this.serverPrefix = clientKeyPrefix(client);
    this.store = new LruStore(positive('maxEntries', options.maxEntries ?? 10_000), positive('maxBytes', options.maxBytes ?? 64 * 2 ** 20));
    this.maxTtlMs = positive('maxTtlMs', options.maxTtlMs ?? 60_000);
    this.timeoutMs = timeoutOption(options.timeoutMs, 100);
    this.heartbeatMs = positive('heartbeatMs', options.heartbeatMs ?? 1_000);
    this.onDisabled = options.onDisabled ?? ((error) => console.warn(`cdk-elasticache-runtime: ${error.message}`));
    this.freshness = new Freshness(this.heartbeatMs, { fence: () => this.fence() });
    if (client instanceof Cluster) {
      for (const event of ['ready', 'refresh', '+node', '-node']) client.on(event, this.reconcile);
    }
    this.syncConnections();
  }

  /**
   * Resolves once reads are cached locally (every shard tracking, confirmed by the server). Rejects when the server
   * refused tracking (`CachePermissionError` for a missing permission), or after `timeoutMs`; the near cache then
   * keeps reading through to the cache.
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
    // The TTL only matters for a reply that may be kept: a plain GET otherwise (no second command per read when
    // local reads are off, e.g. on a serverless cache).
    const read = ticket === undefined ? this.client.get(key).then((value) => ({ value, pttl: -1 })) : readWithTtl(this.client, key);
    return boundedCall(read, this.timeoutMs).then(
      ({ value, pttl }) => {
        if (value === null) this.release(ticket);
        else this.fill(ticket, value, value.length, pttl);
        return value;
      },
      (err: unknown) => {
        this.release(ticket);
        throw err;
      },
    );
  }

  /** The local entry of `key` (counted as a local hit), or `undefined`. For patterns built on the near cache. */
  peek(key: string): LocalEntry | undefined {
    const now = performance.now();
    if (now > this.freshness.servableUntil) {
      if (this.freshness.refuse(now) === 'flush' && (this.store.size > 0 || this.pending.size > 0)) this.flush(true);
      return undefined;
    }
    const entry = this.store.get(key, now);
    if (entry !== undefined) this.counters.localHits++;
    return entry;
  }

  /**
   * Call before sending a read of `key` to the cache, with its PTTL in the same round trip (see readWithTtl); pass
   * the ticket to {@link fill} with the reply. Returns `undefined` when the reply must not be kept (local reads are
   * off now, or the key is outside the prefixes).
   */
  reserve(key: string): NearCacheTicket | undefined {
    const now = performance.now();
    if (now > this.freshness.servableUntil || !this.prefixes.some((prefix) => key.startsWith(prefix))) return undefined;
    const ticket = { key, epoch: this.epoch, sentAt: now };
    this.pending.set(key, ticket);
    return ticket;
  }

  /**
   * Keeps a value the cache returned for a reserved read, unless the key was invalidated (or the local cache
   * flushed, or a newer read of the key reserved) since: its reply may predate the write. It expires when the key
   * does on the server (`pttl`, the PTTL read with it: -1 for none), or after `maxTtlMs`, whichever comes first.
   */
  fill(ticket: NearCacheTicket | undefined, value: unknown, valueLength: number, pttl: number): void {
    this.counters.remoteHits++;
    if (ticket === undefined || this.pending.get(ticket.key) !== ticket) return;
    this.pending.delete(ticket.key);
    if (ticket.epoch !== this.epoch || !this.enabled || pttl === -2 || pttl === 0) return;
    const bytes = ticket.key.length + valueLength + ENTRY_OVERHEAD_BYTES;
    const ttl = pttl > 0 ? Math.min(pttl, this.maxTtlMs) : this.maxTtlMs;
    this.store.set(ticket.key, { value, bytes, expiresAt: ticket.sentAt + ttl });
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
    this.freshness.close();
    this.enabled = false;
    this.freshness.setEnabled(false);
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
      this.freshness.forget(id);
      this.flush(true); // writes on that node may no longer be reported
    }
    for (const [id, node] of wanted) {
      if (this.connections.has(id)) continue;
      const prefixes = this.prefixes.map((prefix) => this.serverPrefix + prefix);
      this.connections.set(
        id,
        new InvalidationConnection(node, prefixes, this.heartbeatMs, {
          onInvalidate: (keys) => this.invalidate(keys),
          onProven: (sentAt) => this.freshness.proven(id, sentAt),
          onTracking: () => this.updateEnabled(),
          onLost: () => {
            this.flush(true);
            this.updateEnabled();
          },
          onRefused: (error) => this.refused(error),
        }),
      );
    }
    this.updateEnabled();
  }

  /** Local reads are served only while every master that owns slots has a tracking connection. */
  private updateEnabled(): void {
    let enabled = this.connections.size > 0 && !this.closed;
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
    this.freshness.setEnabled(enabled);
    if (!enabled) {
      this.flush(false);
      return;
    }
    this.setupError = undefined;
    this.settleWaiters();
  }

  /**
   * The server refused tracking: reads go to the cache; said once (onDisabled), and to every ready() caller.
   * ElastiCache Serverless lists CLIENT ID, CLIENT TRACKING and CLIENT TRACKINGINFO among the commands "unavailable for
   * serverless caches" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SupportedCommands.html, "Restricted
   * Valkey and Redis OSS commands", checked 2026-12-04), so there setup fails at CLIENT ID and lands here.
   */
  private refused(error: Error): void {
    const denied = toPermissionError(error);
    const prefix = 'near cache disabled, every read goes to the cache';
    this.setupError = denied
      ? new CachePermissionError(`${prefix}: ${denied.message}`, denied.command, denied.rules, { cause: error })
      : new CacheConfigurationError(
          `${prefix}: the server refused to track invalidations (${error.message}); ElastiCache Serverless does not support CLIENT TRACKING`,
          { cause: error },
        );
    if (!this.reported) this.onDisabled(this.setupError);
    this.reported = true;
    this.settleWaiters(this.setupError);
  }

  /** A stall: local hits stay off until every invalidation connection has answered a round trip sent now. */
  private fence(): void {
    this.counters.fences++;
    for (const connection of this.connections.values()) connection.prove();
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
