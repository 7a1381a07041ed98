import { ensureRedisServer } from './ensure-redis-server';

/** Once per test run, before any runtime test: make sure there is a redis-server to start. */
export default function globalSetup(): void {
  process.env.REDIS_SERVER_BIN = ensureRedisServer();
}
