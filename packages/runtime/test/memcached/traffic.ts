/** Test helper: steady traffic (set then get of random keys) from a few concurrent workers, counting every failure. */
import type { MemcachedClient } from '../../src/memcached/client';

export interface Traffic {
  /** Stops the workers and resolves what they did. */
  stop(): Promise<{ readonly calls: number; readonly failures: readonly Error[] }>;
  /** Calls completed so far. */
  readonly calls: number;
}

export function startTraffic(client: MemcachedClient, workers = 8, keys = 1_000): Traffic {
  let running = true;
  let calls = 0;
  const failures: Error[] = [];
  const worker = async () => {
    while (running) {
      const key = `traffic:${Math.floor(Math.random() * keys)}`;
      try {
        await client.set(key, `value of ${key}`, 60);
        await client.get(key);
        calls += 2;
      } catch (err) {
        failures.push(err as Error);
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return {
    get calls() {
      return calls;
    },
    async stop() {
      running = false;
      await done;
      return { calls, failures };
    },
  };
}
