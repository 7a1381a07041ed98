/**
 * An event-loop stall in the reading process (a CPU-bound handler that then reads the key): the invalidations of
 * writes made during the stall wait unread on the socket while the process, once it runs again, serves reads first. The near cache must not serve a value
 * overwritten more than 50 ms before a read (the stall bound is 20 ms, plus delivery), however long the stall.
 */
import type { NearCacheStats } from '../../src/near-cache/near-cache';
import { startChild, TsChild } from '../child-process';
import { useRedisServer } from '../redis-server';
import { NONE_STALE, Read, staleSummary, writeUntil } from '../staleness';

const BOUND_MS = 50;
const suite = useRedisServer();
let child: TsChild;

beforeAll(async () => {
  // The default heartbeat (1 s): its 2 s guard does not see an 800 ms stall.
  child = await startChild('near-cache-reader', [String(suite.server.port), '1000']);
}, 20_000);
afterAll(() => child?.kill());

test('after 800 ms stalls of the reading process, no read returns a value overwritten more than 50 ms before', async () => {
  const key = 'nc:stall';
  await suite.redis.set(key, 'v0');
  await child.request({ op: 'ready' });
  await child.request({ op: 'record', key, on: true });

  let writing = true;
  const writes = writeUntil(suite.redis, key, 10, () => !writing);
  for (let stall = 1; stall <= 2; stall++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await child.request({ op: 'stall', key, ms: 800 }, 5_000);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  writing = false;
  const { reads, stats } = await child.request<{ reads: Read[]; stats: NearCacheStats }>({ op: 'record', key, on: false });

  expect(staleSummary(reads, await writes, BOUND_MS)).toEqual(NONE_STALE);
  expect(reads.length).toBeGreaterThan(100);
  expect(stats.localHits).toBeGreaterThan(0);
}, 20_000);
