/**
 * `CacheAside` and `SessionStore` on Memcached: the same classes as on Valkey / Redis OSS, behind one interface, so
 * single-flight (stampede protection), fail-open, TTL jitter and sliding sessions are written once. They reach the
 * cache through the few calls below, which Memcached answers with its own commands:
 *
 * | pattern call             | Memcached command                                      |
 * | ------------------------ | ------------------------------------------------------ |
 * | `get(key)`               | `get`                                                  |
 * | `set(key, v, 'PX', ms)`  | `set` with the TTL rounded up to whole seconds         |
 * | `set(key, v, 'EX', s)`   | `set`                                                  |
 * | `getex(key, 'EX', s)`    | `gat` (get and touch: read and restart the TTL at once) |
 * | `del(key)`               | `delete`                                               |
 *
 * Differences from Valkey / Redis OSS: TTLs are whole seconds (a 0.2 s TTL lives 1 s; jitter spreads whole seconds);
 * keys must be valid Memcached keys (at most 250 bytes, no spaces or control characters) or the lookup counts as a
 * cache error and the loader runs; values over the item size limit are not cached (`CacheValueTooLargeError`, counted
 * by CacheAside as an error); there is no near cache.
 */
import type { CacheClient } from '../../connection';
import { CacheAside, CacheAsideOptions } from '../../patterns/cache-aside';
import { SessionStore, SessionStoreOptions } from '../../patterns/session-store';
import type { MemcachedClient } from '../client';
import { notSupportedOnMemcached } from './unsupported';

/** The subset of the ioredis surface that CacheAside and SessionStore call, answered by Memcached. */
class MemcachedAsRedisSubset {
  constructor(private readonly memcached: MemcachedClient) {}

  get(key: string): Promise<string | null> {
    return this.memcached.get(key);
  }

  async set(key: string, value: string, unit: 'PX' | 'EX', amount: number): Promise<'OK'> {
    await this.memcached.set(key, value, unit === 'PX' ? amount / 1000 : amount);
    return 'OK';
  }

  getex(key: string, _unit: 'EX', seconds: number): Promise<string | null> {
    return this.memcached.getAndTouch(key, seconds);
  }

  async del(key: string): Promise<number> {
    return (await this.memcached.delete(key)) ? 1 : 0;
  }
}

/** A {@link CacheAside} over Memcached. Throws `CacheNotSupportedError` when given a `nearCache`. */
export function memcachedCacheAside<T>(client: MemcachedClient, options: CacheAsideOptions<T> = {}): CacheAside<T> {
  if (options.nearCache) throw notSupportedOnMemcached('NearCache');
  return new CacheAside<T>(new MemcachedAsRedisSubset(client) as unknown as CacheClient, options);
}

/** A {@link SessionStore} over Memcached; `touch` is `gat`, one command as GETEX is on Valkey. */
export function memcachedSessionStore<T>(client: MemcachedClient, options: SessionStoreOptions<T> = {}): SessionStore<T> {
  return new SessionStore<T>(new MemcachedAsRedisSubset(client) as unknown as CacheClient, options);
}
