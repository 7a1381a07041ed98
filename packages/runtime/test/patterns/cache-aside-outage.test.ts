import { CacheAside } from '../../src/patterns/cache-aside';
import { useRedisServer, waitFor } from '../redis-server';

// Waits for conditions rather than fixed times: give them room on a loaded machine (jest's default is 5 s).
jest.setTimeout(20_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const suite = useRedisServer();

test('a redis-server crash mid-run fails no getOrLoad call, and the cache is used again after a restart', async () => {
  const cache = new CacheAside<string>(suite.redis, { timeoutMs: 100 });
  const loader = async (key: string) => `value-of-${key}`;
  let calls = 0;
  let failures = 0;
  let stop = false;

  // 20 workers reading 50 keys as fast as they can while the server dies and comes back.
  const workers = Array.from({ length: 20 }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      const key = `k${(w * 7 + i) % 50}`;
      try {
        const value = await cache.getOrLoad(key, () => loader(key), { ttl: 60 });
        if (value !== `value-of-${key}`) failures++;
      } catch {
        failures++;
      }
      calls++;
      await sleep(1);
    }
  });

  // Conditions rather than fixed sleeps: on a loaded machine the workers may need longer to get there.
  await waitFor(() => cache.stats().hits > 0);
  const beforeCrash = cache.stats();

  await suite.server.kill();
  await waitFor(() => cache.stats().errors > beforeCrash.errors);
  await sleep(100);
  const duringOutage = cache.stats();

  await suite.server.restart(); // same port, empty dataset
  await waitFor(() => suite.redis.status === 'ready');
  await waitFor(async () => cache.stats().hits > duringOutage.hits && calls > 100 && (await suite.redis.exists('k0')) === 1);
  stop = true;
  await Promise.all(workers);

  expect(failures).toBe(0);
  expect(calls).toBeGreaterThan(100);
  const afterRestart = cache.stats();
  expect(afterRestart.loads).toBeGreaterThan(duringOutage.loads); // refilled the empty cache…
  expect(afterRestart.hits).toBeGreaterThan(duringOutage.hits); // …and served hits from it again
  expect(await suite.redis.get('k0')).toBe('"value-of-k0"');
});
