/**
 * The few calls CacheAside and SessionStore make on a Valkey/Redis client, answered by Memcached, so those patterns
 * run on either engine with one implementation:
 *
 * | pattern call             | Memcached command                                       |
 * | ------------------------ | ------------------------------------------------------- |
 * | `get(key)`               | `get`                                                   |
 * | `set(key, v, 'PX', ms)`  | `set` with the TTL rounded up to whole seconds          |
 * | `set(key, v, 'EX', s)`   | `set`                                                   |
 * | `getex(key, 'EX', s)`    | `gat` (get and touch: read and restart the TTL at once) |
 * | `del(key)`               | `delete`                                                |
 *
 * Only these calls exist: a pattern that calls anything else fails its tests on Memcached (test/memcached).
 */
import type { CacheClient } from '../../connection';
import type { MemcachedClient } from '../client';

/** Whether `client` is the runtime's Memcached client (by its `engine` tag, without importing the class). */
export function isMemcachedClient(client: unknown): client is MemcachedClient {
  return typeof client === 'object' && client !== null && (client as { engine?: unknown }).engine === 'memcached';
}

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

/** `client` seen through the calls above, typed as the Valkey/Redis client the patterns take. */
export function memcachedAsCacheClient(client: MemcachedClient): CacheClient {
  return new MemcachedAsRedisSubset(client) as unknown as CacheClient;
}
