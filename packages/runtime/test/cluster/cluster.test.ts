/**
 * Every pattern against one real 3-master cluster (with a replica per master) started for this suite, ending
 * with a failover: a master is killed and every pattern's error must arrive within its configured bound.
 */
import { Cluster } from 'ioredis';
import { keySlot } from '../../src/cluster-slots';
import { CacheUnavailableError } from '../../src/errors';
import { NearCache } from '../../src/near-cache/near-cache';
import { float32Serializer } from '../../src/patterns/binary-serializer';
import { CacheAside } from '../../src/patterns/cache-aside';
import { FeatureCache } from '../../src/patterns/feature-cache';
import { InferenceCache } from '../../src/patterns/inference-cache';
import { Leaderboard } from '../../src/patterns/leaderboard';
import { PubSub } from '../../src/patterns/pubsub';
import { RateLimiter, RateLimiterOptions } from '../../src/patterns/rate-limiter';
import { SessionStore } from '../../src/patterns/session-store';
import { WorkQueue } from '../../src/patterns/work-queue';
import { LocalCluster, startLocalCluster } from '../local-cluster';
import { watchLoopLag } from '../loop-lag';
import { waitFor } from '../redis-server';

let cluster: LocalCluster;
/** Kept so that afterAll stops a cluster whose start outlived beforeAll's timeout. */
let starting: Promise<LocalCluster> | undefined;
let redis: Cluster;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  cluster = await (starting = startLocalCluster());
  redis = await cluster.connect();
}, 60_000); // six servers and a cluster create: slow on a loaded machine

afterAll(async () => {
  for (const close of closers.splice(0)) await close();
  await (await starting?.catch(() => undefined))?.stop();
});

/** Keys spread over every shard. */
const spread = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

async function commandStats(port: number): Promise<string> {
  const node = redis.nodes().find((n) => n.options.port === port);
  return node ? node.info('commandstats') : '';
}

test('the local cluster has 3 masters serving all slots', async () => {
  expect(redis.nodes('master')).toHaveLength(3);
  const owners = new Set(spread('k', 30).map((key) => redis.slots[keySlot(key)][0]));
  expect(owners.size).toBe(3);
});

test('CacheAside, SessionStore, Leaderboard and every RateLimiter algorithm work on keys of every shard', async () => {
  const generous = { timeoutMs: 2_000 }; // this test is about keys on every shard, not about bounds
  const cache = new CacheAside<number>(redis, generous);
  const sessions = new SessionStore<{ user: string }>(redis, generous);
  const board = new Leaderboard(redis, 'cluster', generous);
  for (const [i, key] of spread('ca', 12).entries()) {
    expect(await cache.getOrLoad(key, async () => i, { ttl: 60 })).toBe(i);
    await sessions.set(key, { user: key });
    expect(await sessions.touch(key)).toEqual({ user: key });
    await board.submit(key, i);
  }
  expect(cache.stats()).toMatchObject({ errors: 0, loads: 12 });
  expect((await board.top(1))[0]).toMatchObject({ member: 'ca11', score: 11 });
  const limits: RateLimiterOptions[] = [
    { algorithm: 'fixed-window', limit: 3, windowMs: 60_000, timeoutMs: 2_000 },
    { algorithm: 'sliding-window', limit: 3, windowMs: 60_000, timeoutMs: 2_000 },
    { algorithm: 'token-bucket', rate: 3, per: 'minute', burst: 3, timeoutMs: 2_000 },
  ];
  for (const options of limits) {
    const limiter = new RateLimiter(redis, options);
    const results = await Promise.all(spread('client', 6).flatMap((id) => Array.from({ length: 5 }, () => limiter.consume(id))));
    expect(results.filter((r) => r.allowed)).toHaveLength(6 * 3);
  }
});

test('FeatureCache reads 100 features in one round trip per shard, as float32 vectors', async () => {
  const features = new FeatureCache(redis, { serializer: float32Serializer(), timeoutMs: 1_000 });
  const ids = spread('user:', 100);
  const vectors = ids.map((_, i) => Float32Array.from({ length: 16 }, (__, d) => i + d / 16));
  expect(
    await features.setMany(
      ids.slice(0, 90).map((id, i) => [id, vectors[i]] as const),
      60,
    ),
  ).toBe(true);

  const pipeline = jest.spyOn(redis, 'pipeline');
  const read = await features.getMany(ids);
  expect(pipeline).toHaveBeenCalledTimes(3); // one per master
  pipeline.mockRestore();

  expect(read.slice(0, 90)).toEqual(vectors.slice(0, 90));
  expect(read.slice(90)).toEqual(Array(10).fill(undefined));
  expect(features.stats()).toEqual({ hits: 90, misses: 10, errors: 0 });
});

test('WorkQueue: the stream and its dead letters share a hash tag, so a queue lives on one shard', async () => {
  const queue = new WorkQueue<number>(redis, 'cluster-jobs', { visibilityTimeoutMs: 500, blockMs: 100, timeoutMs: 2_000 });
  expect(keySlot(queue.key)).toBe(keySlot(queue.deadLetterKey));
  for (let i = 0; i < 20; i++) await queue.enqueue(i);
  const seen: number[] = [];
  await queue.consume(async (m) => void seen.push(m.payload), { concurrency: 4 });
  await waitFor(() => seen.length === 20);
  expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  await queue.stop();
});

test('NearCache tracks every shard: a write on any master invalidates the local copy', async () => {
  const near = new NearCache(redis, { prefixes: ['near:'], timeoutMs: 2_000 });
  await near.ready();
  const keys = spread('near:', 9);
  await Promise.all(keys.map((key) => redis.set(key, 'v1')));
  for (const key of keys) {
    // Served from memory (a read that races a stall fence on a loaded machine goes to the server: read again).
    await waitFor(async () => {
      const hits = near.stats().localHits;
      return (await near.get(key)) === 'v1' && near.stats().localHits > hits;
    });
  }
  expect(near.stats().entries).toBe(9);

  const writer = await cluster.connect();
  await Promise.all(keys.map((key) => writer.set(key, 'v2')));
  await waitFor(() => near.stats().entries === 0);
  for (const key of keys) expect(await near.get(key)).toBe('v2');
  near.close();
});

test('PubSub uses sharded pub/sub (SSUBSCRIBE/SPUBLISH) on channels of every shard', async () => {
  const pubsub = new PubSub(redis, { timeoutMs: 2_000 });
  expect(await pubsub.isSharded()).toBe(true);
  const channels = spread('chan:', 6);
  const got: string[] = [];
  for (const channel of channels) await pubsub.subscribe(channel, (message, ch) => got.push(`${ch}=${message}`));
  for (const channel of channels) expect(await pubsub.publish(channel, 'hi')).toBe(1);
  await waitFor(() => got.length === channels.length);
  expect(got.sort()).toEqual(channels.map((c) => `${c}=hi`).sort());
  const stats = await Promise.all(redis.nodes('master').map((node) => node.info('commandstats')));
  expect(stats.join()).toMatch(/cmdstat_spublish:calls=\d+/);
  expect(stats.join()).not.toMatch(/cmdstat_publish:/);
  await pubsub.close(); // before the failover test kills a node its shard subscribers would keep dialling
});

test('after SCRIPT FLUSH, each node gets the script loaded once (SCRIPT LOAD), not once per call (EVAL)', async () => {
  const limiter = new RateLimiter(redis, { algorithm: 'token-bucket', rate: 1_000, per: 'minute', burst: 1_000, timeoutMs: 5_000 });
  const clients = spread('flush:', 60);
  await Promise.all(clients.map((id) => limiter.consume(id)));
  const masters = redis.nodes('master');
  await Promise.all(masters.map((node) => node.script('FLUSH')));
  await Promise.all(masters.map((node) => node.config('RESETSTAT')));

  const results = await Promise.all(clients.flatMap((id) => Array.from({ length: 5 }, () => limiter.consume(id))));
  expect(results.every((r) => r.allowed)).toBe(true);

  for (const node of masters) {
    const stats = await commandStats(node.options.port ?? 0);
    expect(/cmdstat_script\|load:calls=(\d+)/.exec(stats)?.[1]).toBe('1');
    expect(stats).not.toMatch(/cmdstat_eval:/);
    expect(Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1])).toBeGreaterThan(0);
  }
});

test('failover: every pattern errs (or fails open) within its bound while the master is down, then recovers', async () => {
  const TIMEOUT_MS = 200;
  const SLACK_MS = 150; // timers and a busy event loop on a 2-core machine
  const key = (name: string) => `{failover}${name}`;
  const seed = await cluster.masterOf(key(''));
  // A client that knows only the master about to die: Cluster.duplicate() on it would find no startup node.
  const seededOnVictim = await cluster.connect();
  const victimOnly = seededOnVictim.duplicate([{ host: seed.host, port: seed.port }]);
  victimOnly.on('error', () => undefined);
  closers.push(() => victimOnly.disconnect());
  await victimOnly.connect();

  const near = new NearCache(redis, { prefixes: ['nf:'], timeoutMs: TIMEOUT_MS });
  const queue = new WorkQueue<string>(redis, 'failover', { timeoutMs: TIMEOUT_MS });
  const pubsub = new PubSub(redis, { timeoutMs: TIMEOUT_MS });
  closers.push(
    () => near.close(),
    () => pubsub.close(),
  );
  await near.ready();
  const calls: Record<string, () => Promise<unknown>> = {
    'CacheAside.getOrLoad (fails open)': () =>
      new CacheAside<string>(redis, { timeoutMs: TIMEOUT_MS }).getOrLoad(key('ca'), async () => 'loaded', { ttl: 60 }),
    'SessionStore.get': () => new SessionStore(redis, { timeoutMs: TIMEOUT_MS }).get(key('s')),
    'RateLimiter.consume': () =>
      new RateLimiter(redis, { algorithm: 'token-bucket', rate: 5, burst: 5, timeoutMs: TIMEOUT_MS }).consume(key('c')),
    'Leaderboard.top': () => new Leaderboard(redis, key('board'), { timeoutMs: TIMEOUT_MS }).top(3),
    'PubSub.publish': () => pubsub.publish(key('chan'), 'm'),
    'WorkQueue.enqueue': () => queue.enqueue('job'),
    'FeatureCache.getMany (fails open)': () => new FeatureCache(redis, { timeoutMs: TIMEOUT_MS }).getMany([key('f1'), key('f2')]),
    'InferenceCache.getOrInfer (fails open)': () =>
      new InferenceCache<number, number>(redis, { modelId: 'm', modelVersion: '1', timeoutMs: TIMEOUT_MS }).getOrInfer(
        1,
        async (x) => x * 2,
      ),
    'NearCache.get': () => near.get(`nf:${key('n')}`),
  };
  for (const call of Object.values(calls)) await call(); // all fine while the cluster is healthy

  await seed.kill();
  // All at once and at most twice each: the replica takes over a few seconds after the kill.
  const problems: string[] = [];
  const durations: [string, number][] = [];
  const lag = watchLoopLag();
  await Promise.all(
    Object.entries(calls).map(async ([name, call]) => {
      for (let round = 0; round < 2; round++) {
        const started = performance.now();
        const outcome = await call().then(
          () => 'ok',
          (err: unknown) => (err instanceof CacheUnavailableError ? 'unavailable' : `other: ${String(err)}`),
        );
        durations.push([name, performance.now() - started]);
        // A call that touches the dead shard must say so, unless its pattern fails open by design.
        const expected = name.includes('fails open') ? 'ok' : 'unavailable';
        if (outcome !== expected) problems.push(`${name}: ${outcome}`);
      }
    }),
  );
  const bound = TIMEOUT_MS + SLACK_MS + lag.stop(); // the pattern's timer fires late by the loop's own lag, no more
  for (const [name, elapsed] of durations) if (elapsed > bound) problems.push(`${name} took ${elapsed.toFixed(0)} ms`);
  expect(problems).toEqual([]);

  await cluster.waitUntilHealthy(15_000); // the replica took over
  await waitFor(
    async () =>
      await calls['SessionStore.get']().then(
        () => true,
        () => false,
      ),
    10_000,
  );
  for (const call of Object.values(calls)) await call();
  await near.ready(10_000); // tracking again on the new master

  // Control: ioredis' own duplicate() goes back to the dead startup node.
  const plainDuplicate = victimOnly.duplicate(undefined, { clusterRetryStrategy: () => null });
  plainDuplicate.on('error', () => undefined);
  await expect(plainDuplicate.connect()).rejects.toThrow(/None of startup nodes is available/);
  plainDuplicate.disconnect();
  // A new PubSub connects through a live node, although its client's only startup node is dead.
  const late = new PubSub(victimOnly, { timeoutMs: 2_000 });
  closers.push(() => late.close());
  const got: string[] = [];
  await late.subscribe('after-failover', (m) => got.push(m));
  await waitFor(async () => (await late.publish('after-failover', 'still here'), got.length > 0));
  expect(got[0]).toBe('still here');
}, 30_000);
