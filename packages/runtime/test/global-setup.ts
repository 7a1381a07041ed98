import { ensureRedisServer } from './ensure-redis-server';
import { ensureMemcached } from './memcached/ensure-memcached';

/** Once per test run, before any runtime test: make sure there is a redis-server and a TLS-capable memcached to start. */
export default function globalSetup(): void {
  process.env.REDIS_SERVER_BIN = ensureRedisServer();
  process.env.MEMCACHED_BIN = ensureMemcached();
}
