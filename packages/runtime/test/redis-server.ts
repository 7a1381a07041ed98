/**
 * Test helper: one real `redis-server` per suite (never a Redis mock, see DESIGN.md).
 * The process logic lives in `scripts/redis-server.ts` so the demo and the benchmark reuse it.
 */
import { Redis, RedisOptions } from 'ioredis';
import { RedisServer, startRedisServer } from '../scripts/redis-server';

export type { RedisServer };
export { startRedisServer };

/**
 * Client options for tests: fail fast instead of queueing while the server is down
 * (the same settings the patterns document for production), and quick reconnects.
 */
export function testClientOptions(server: RedisServer): RedisOptions {
  return {
    host: server.host,
    port: server.port,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    retryStrategy: () => 50,
    // ioredis destroys a socket that has not closed this long after disconnect(); its 2 s default outlives a suite.
    disconnectTimeout: 100,
  };
}

/** Creates a client and waits until it is ready, so a test never races the first connect. */
export async function connectClient(server: RedisServer, overrides: RedisOptions = {}): Promise<Redis> {
  const client = new Redis({ ...testClientOptions(server), ...overrides, lazyConnect: true });
  client.on('error', () => undefined); // connection errors are expected in outage tests
  await client.connect();
  return client;
}

/** Polls `check` every 20 ms until it returns true; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The suite's server and connected client; read them inside tests and hooks (they exist after beforeAll). */
export interface RedisSuite {
  readonly server: RedisServer;
  readonly redis: Redis;
}

/** Starts one real redis-server and one connected client for the calling suite, and stops both after it. */
export function useRedisServer(): RedisSuite {
  const suite = {} as { server: RedisServer; redis: Redis };
  beforeAll(async () => {
    suite.server = await startRedisServer();
    suite.redis = await connectClient(suite.server);
  });
  afterAll(async () => {
    suite.redis?.disconnect();
    await suite.server?.stop();
  });
  return suite;
}
