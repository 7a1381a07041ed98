/**
 * Patterns that need what Memcached lacks. Memcached stores opaque values under keys, with a TTL, and counters; it
 * has no sorted sets, streams, pub/sub, server-side scripts, multi-key transactions or client-side-caching
 * invalidations. These patterns therefore run on Valkey / Redis OSS only, and say so when given a Memcached client.
 */
import { CacheNotSupportedError } from '../errors';
import { isMemcachedClient } from './redis-subset';

/** Each Valkey/Redis-only pattern and what it needs. */
export const VALKEY_OR_REDIS_ONLY = {
  Leaderboard: 'sorted sets (ZADD, ZRANK, ZRANGE)',
  PubSub: 'pub/sub channels (PUBLISH, SUBSCRIBE)',
  WorkQueue: 'streams with consumer groups (XADD, XREADGROUP, XAUTOCLAIM)',
  NearCache: 'server-assisted client-side caching (CLIENT TRACKING invalidations)',
  FeatureCache: 'batched binary reads in one pipeline (MGET of buffers)',
  "RateLimiter 'sliding-window'": 'sorted sets and a server-side script',
  "RateLimiter 'token-bucket'": 'a server-side script',
} as const;

/** A pattern that runs on Valkey / Redis OSS only. */
export type ValkeyOrRedisOnlyPattern = keyof typeof VALKEY_OR_REDIS_ONLY;

/** The error for `pattern` on Memcached: what it needs and what to use instead. */
export function notSupportedOnMemcached(pattern: ValkeyOrRedisOnlyPattern): CacheNotSupportedError {
  return new CacheNotSupportedError(
    `${pattern} needs ${VALKEY_OR_REDIS_ONLY[pattern]}, which Memcached does not have: use a Valkey or Redis OSS cache (ReplicationGroup or a Valkey ServerlessCache)`,
  );
}

/** Throws {@link notSupportedOnMemcached} when `client` is a Memcached client; for the Valkey/Redis-only patterns' constructors. */
export function requireValkeyOrRedis(client: unknown, pattern: ValkeyOrRedisOnlyPattern): void {
  if (isMemcachedClient(client)) throw notSupportedOnMemcached(pattern);
}
