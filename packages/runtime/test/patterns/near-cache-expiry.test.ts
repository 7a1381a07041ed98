/**
 * Local expiry follows the server's TTL: once a key's TTL has run out, reads go to the server, even when the server
 * has not yet deleted the key (it expires keys lazily and in a background cycle, and sends the invalidation only
 * then), and even when the server is stopped (SIGSTOP) across the expiry, so that no invalidation can come at all.
 */
import { Redis } from 'ioredis';
import { NearCache } from '../../src/near-cache/near-cache';
import { CacheAside } from '../../src/patterns/cache-aside';
import { connectClient, useRedisServer, waitFor } from '../redis-server';
import { Read, readUntil } from '../staleness';

const BOUND_MS = 50;
const TTL_MS = 300;
const suite = useRedisServer();
let reader: Redis;
let near: NearCache;

beforeAll(async () => {
  reader = await connectClient(suite.server);
  // The server deletes expired keys (and only then reports them) in a background cycle that runs `hz` times a second,
  // or when a client touches them. At hz 1 that takes up to a second: a local copy that waited for the report would
  // be served long after the TTL (with many keys, a busy server lags the same way at its default hz).
  await suite.redis.config('SET', 'hz', '1');
});
afterAll(() => reader?.disconnect());
beforeEach(() => (near = new NearCache(reader, { prefixes: ['exp:'], timeoutMs: 100 })));
afterEach(() => near.close());

/** Sets `key` with a TTL, then reads it until `forMs` later; returns the reads and when the TTL had surely ended. */
async function readAcrossExpiry(key: string, read: (key: string) => Promise<string | null>, forMs: number) {
  await near.ready();
  await suite.redis.set(key, 'live', 'PX', TTL_MS);
  const expiredBy = Date.now() + TTL_MS; // the SET was acknowledged: the key expires before this
  const reads = await readUntil(read, key, () => Date.now() > expiredBy + forMs);
  return { reads, expiredBy };
}

/** Reads that returned the value more than BOUND_MS after the TTL ran out: how many, and how late the last one. */
const servedAfterExpiry = (reads: Read[], expiredBy: number) => {
  const late = reads.filter((r) => r.value !== null && r.startedAt > expiredBy + BOUND_MS);
  return { count: late.length, latestMs: late.reduce((latest, r) => Math.max(latest, r.startedAt - expiredBy), 0) };
};
const NONE_LATE = { count: 0, latestMs: 0 };

test('NearCache.get: no read returns the value more than 50 ms after the TTL ran out', async () => {
  for (let round = 1; round <= 3; round++) {
    const { reads, expiredBy } = await readAcrossExpiry(`exp:plain${round}`, (k) => near.get(k), 300);
    expect(servedAfterExpiry(reads, expiredBy)).toEqual(NONE_LATE);
  }
  expect(near.stats().localHits).toBeGreaterThan(10); // the value was served from memory while it lived
}, 15_000);

test('NearCache.get: the same when the server is stopped (SIGSTOP) across the expiry', async () => {
  // Stopped once the value is served from memory, for 1.5 s across its TTL: no invalidation can come meanwhile, and
  // a heartbeat (1 s) that misses only notices after the TTL.
  const ttlMs = 500;
  const pid = suite.server.pid!;
  await near.ready();
  await suite.redis.set('exp:stopped', 'live', 'PX', ttlMs);
  const expiredBy = Date.now() + ttlMs;
  let stoppedAt = Infinity;
  const stopped = (async () => {
    await waitFor(() => near.stats().localHits > 0);
    stoppedAt = Date.now();
    process.kill(pid, 'SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    process.kill(pid, 'SIGCONT');
  })();
  try {
    const reads = await readUntil(
      (k) => near.get(k),
      'exp:stopped',
      () => Date.now() > expiredBy + 1_500,
    );
    expect(stoppedAt).toBeLessThan(expiredBy); // the server was stopped across the expiry
    expect(servedAfterExpiry(reads, expiredBy)).toEqual(NONE_LATE);
  } finally {
    await stopped;
    await waitFor(async () => (await suite.redis.ping().catch(() => '')) === 'PONG');
  }
}, 15_000);

test('CacheAside with a near cache: a loaded value lives in memory no longer than its TTL on the server', async () => {
  const items = new CacheAside<string>(reader, { keyPrefix: 'exp:', nearCache: near, jitter: 0, timeoutMs: 100 });
  await near.ready();
  for (let round = 1; round <= 3; round++) {
    const id = `aside${round}`;
    await items.getOrLoad(id, async () => 'loaded', { ttl: TTL_MS / 1000 }); // a miss: loads, writes with the TTL
    const expiredBy = Date.now() + TTL_MS;
    const reload = async () => 'reloaded';
    const servedLocally = async () => {
      const before = near.stats().localHits;
      await items.getOrLoad(id, reload, { ttl: 60 });
      return near.stats().localHits > before;
    };
    await waitFor(servedLocally); // the value is in memory now
    const reads = await readUntil(
      async () => ((await items.getOrLoad(id, reload, { ttl: 60 })) === 'loaded' ? 'loaded' : null),
      id,
      () => Date.now() > expiredBy + 300,
    );
    expect(servedAfterExpiry(reads, expiredBy)).toEqual(NONE_LATE);
  }
}, 15_000);
