/**
 * `CacheAside` and `SessionStore` on Memcached: the same classes as on Valkey / Redis OSS, behind one interface, so
 * single-flight (stampede protection), fail-open, TTL jitter and sliding sessions are written once; they reach
 * Memcached through ./redis-subset.ts.
 *
 * Differences from Valkey / Redis OSS: TTLs are whole seconds of the server's clock, which ticks once a second, so a TTL
 * of n s (rounded up) lasts between n − 1 and n s (a 0.2 s TTL: up to 1 s); keys must be valid Memcached keys (at most
 * 250 bytes, no spaces or control characters) or the lookup counts as a cache error and the loader runs; values over
 * the item size limit are not cached (`CacheValueTooLargeError`, counted by CacheAside as an error); there is no near
 * cache.
 */
import { CacheAside, CacheAsideOptions } from '../../patterns/cache-aside';
import { SessionStore, SessionStoreOptions } from '../../patterns/session-store';
import type { MemcachedClient } from '../client';
import { memcachedAsCacheClient } from './redis-subset';
import { notSupportedOnMemcached } from './unsupported';

/** A {@link CacheAside} over Memcached. Throws `CacheNotSupportedError` when given a `nearCache`. */
export function memcachedCacheAside<T>(client: MemcachedClient, options: CacheAsideOptions<T> = {}): CacheAside<T> {
  if (options.nearCache) throw notSupportedOnMemcached('NearCache');
  return new CacheAside<T>(memcachedAsCacheClient(client), options);
}

/** A {@link SessionStore} over Memcached; `touch` is `gat`, one command as GETEX is on Valkey. */
export function memcachedSessionStore<T>(client: MemcachedClient, options: SessionStoreOptions<T> = {}): SessionStore<T> {
  return new SessionStore<T>(memcachedAsCacheClient(client), options);
}
