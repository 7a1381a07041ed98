/**
 * Test helper: every runtime pattern, run as a least-privilege user (see acl-users.ts). Keys live under `app:` (the
 * users' key pattern); `admin` seeds data a reader then reads, and writes that the near cache must see.
 */
import type { Redis } from 'ioredis';
import { Cluster } from 'ioredis';
import type { CacheClient } from '../../src/connection';
import { CachePermissionError } from '../../src/errors';
import { NearCache } from '../../src/near-cache/near-cache';
import { float32Serializer } from '../../src/patterns/binary-serializer';
import { CacheAside } from '../../src/patterns/cache-aside';
import { FeatureCache } from '../../src/patterns/feature-cache';
import { InferenceCache } from '../../src/patterns/inference-cache';
import { Leaderboard } from '../../src/patterns/leaderboard';
import { PubSub } from '../../src/patterns/pubsub';
import { RateLimiter } from '../../src/patterns/rate-limiter';
import { SessionStore } from '../../src/patterns/session-store';
import { WorkQueue } from '../../src/patterns/work-queue';
import { waitFor } from '../redis-server';

const TIMEOUT_MS = 2_000;
const sessions = (client: CacheClient) => new SessionStore<{ user: string }>(client, { keyPrefix: 'app:session:', timeoutMs: TIMEOUT_MS });
const board = (client: CacheClient) => new Leaderboard(client, 'global', { keyPrefix: 'app:board:', timeoutMs: TIMEOUT_MS });
const features = (client: CacheClient) =>
  new FeatureCache(client, { keyPrefix: 'app:feature:', serializer: float32Serializer(), timeoutMs: TIMEOUT_MS });
const queue = (client: CacheClient) =>
  new WorkQueue<{ task: string }>(client, 'jobs', {
    keyPrefix: 'app:queue:',
    timeoutMs: TIMEOUT_MS,
    blockMs: 100,
    visibilityTimeoutMs: 200,
  });

/** Cache-aside with a near cache: load, keep locally, see another client's write, invalidate. */
async function nearCacheAside(client: CacheClient, admin: CacheClient): Promise<void> {
  const near = new NearCache(client, { prefixes: ['app:item:'], timeoutMs: TIMEOUT_MS });
  try {
    await near.ready();
    const items = new CacheAside<{ n: number }>(client, { keyPrefix: 'app:item:', nearCache: near, timeoutMs: TIMEOUT_MS });
    expect(await items.getOrLoad('a', async () => ({ n: 1 }), { ttl: 60 })).toEqual({ n: 1 });
    await waitFor(async () => (await items.getOrLoad('a', async () => ({ n: 0 }), { ttl: 60 }), near.stats().localHits > 0));
    await admin.set('app:item:a', JSON.stringify({ n: 2 }));
    await waitFor(async () => (await items.getOrLoad('a', async () => ({ n: 0 }), { ttl: 60 }))?.n === 2);
    expect(await items.invalidate('a')).toBe(true);
    expect(items.stats().errors).toBe(0);
  } finally {
    near.close();
  }
}

/** The three rate limiter algorithms: Lua scripts (EVALSHA, SCRIPT LOAD after a flush, TIME inside). */
async function rateLimits(client: CacheClient, admin: CacheClient): Promise<void> {
  const limiters = [
    new RateLimiter(client, { limit: 5, windowMs: 1_000, keyPrefix: 'app:rate:', timeoutMs: TIMEOUT_MS }),
    new RateLimiter(client, { algorithm: 'fixed-window', limit: 5, windowMs: 1_000, keyPrefix: 'app:rate:', timeoutMs: TIMEOUT_MS }),
    new RateLimiter(client, { algorithm: 'token-bucket', rate: 5, burst: 5, keyPrefix: 'app:rate:', timeoutMs: TIMEOUT_MS }),
  ];
  for (const limiter of limiters) expect(await limiter.consume('client')).toMatchObject({ allowed: true, remaining: 4 });
  await flushScripts(admin); // the runtime loads them again with SCRIPT LOAD
  for (const limiter of limiters) expect((await limiter.consume('client')).allowed).toBe(true);
}

async function flushScripts(admin: CacheClient): Promise<void> {
  const nodes = admin instanceof Cluster ? admin.nodes('master') : [admin];
  await Promise.all(nodes.map((node) => node.script('FLUSH')));
}

/** PubSub: a subscription receives a publish (sharded in cluster mode). */
async function pubSub(subscriberClient: CacheClient, publisherClient: CacheClient): Promise<void> {
  const subscriber = new PubSub(subscriberClient, { timeoutMs: TIMEOUT_MS });
  const publisher = new PubSub(publisherClient, { timeoutMs: TIMEOUT_MS });
  try {
    const received = new Promise<string>((resolve) => void subscriber.subscribe('app-events', resolve));
    await subscriber.subscribe('app-events', () => undefined);
    await waitFor(async () => (await publisher.publish('app-events', 'hello')) > 0);
    expect(await received).toBe('hello');
  } finally {
    await subscriber.close();
  }
}

/** WorkQueue: enqueue, consume (reclaim script, extend script while processing), acknowledge, depth, dead letters. */
async function workQueue(client: CacheClient): Promise<void> {
  const jobs = queue(client);
  await jobs.enqueue({ task: 'resize' });
  const processed = new Promise<string>((resolve) => {
    void jobs.consume(
      async (message) => {
        await new Promise((r) => setTimeout(r, 250)); // past half the visibility timeout: the extend script runs
        resolve(message.payload.task);
      },
      { onError: (error) => console.error('work queue', error) },
    );
  });
  expect(await processed).toBe('resize');
  await waitFor(async () => (await jobs.depth()).length === 0);
  await jobs.stop();
  expect(await jobs.depth()).toEqual({ length: 0, pending: 0, deadLetters: 0 });
  expect(await jobs.deadLetters()).toEqual([]);
  expect(jobs.stats()).toMatchObject({ processed: 1, failed: 0 });
}

/** Every pattern as a read-write user; nothing may be denied. */
export async function everyPatternReadWrite(client: CacheClient, admin: CacheClient): Promise<void> {
  await nearCacheAside(client, admin);

  const store = sessions(client);
  await store.set('s1', { user: 'ada' }, 60);
  expect(await store.touch('s1')).toEqual({ user: 'ada' });
  expect(await store.get('s1')).toEqual({ user: 'ada' });
  expect(await store.destroy('s1')).toBe(true);

  await rateLimits(client, admin);

  const scores = board(client);
  await scores.submit('ada', 10);
  expect(await scores.increment('bob', 5)).toBe(5);
  expect(await scores.top(2)).toEqual([
    { member: 'ada', score: 10, rank: 1 },
    { member: 'bob', score: 5, rank: 2 },
  ]);
  expect(await scores.rankOf('bob')).toEqual({ rank: 2, score: 5 });
  expect(await scores.around('ada', 1)).toHaveLength(2);

  await pubSub(client, client);
  await workQueue(client);

  const vectors = features(client);
  expect(await vectors.setMany([['u1', Float32Array.of(1, 2)]], 60)).toBe(true);
  expect(await vectors.getMany(['u1', 'u2'])).toEqual([Float32Array.of(1, 2), undefined]);

  const inference = new InferenceCache<{ q: string }, string>(client, { keyPrefix: 'app:inference:', modelId: 'm', modelVersion: '1' });
  const infer = jest.fn(async () => 'answer');
  expect(await inference.getOrInfer({ q: 'x' }, infer)).toBe('answer');
  expect(await inference.getOrInfer({ q: 'x' }, infer)).toBe('answer');
  expect(infer).toHaveBeenCalledTimes(1);
}

/** The commands the read-only user attempts and must be refused: each write pattern's first command. */
export const READ_ONLY_REFUSED = ['set', 'zadd', 'xadd', 'evalsha', 'publish', 'spublish'];

/** Every read pattern as a read-only user, and a clear error on every write. */
export async function everyPatternReadOnly(reader: CacheClient, admin: CacheClient, options: { nearCache: boolean }): Promise<void> {
  await sessions(admin).set('s2', { user: 'ada' }, 60);
  await board(admin).submit('ada', 10);
  await features(admin).setMany([['u1', Float32Array.of(1)]], 60);
  await queue(admin).enqueue({ task: 'report' });
  await (admin as Redis).set('app:item:b', JSON.stringify({ n: 1 }));

  if (options.nearCache) {
    const near = new NearCache(reader, { prefixes: ['app:item:'], timeoutMs: TIMEOUT_MS });
    try {
      await near.ready();
      const items = new CacheAside<{ n: number }>(reader, { keyPrefix: 'app:item:', nearCache: near, timeoutMs: TIMEOUT_MS });
      await waitFor(async () => (await items.getOrLoad('b', async () => ({ n: 0 }), { ttl: 60 }), near.stats().localHits > 0));
      expect(items.stats()).toMatchObject({ loads: 0, errors: 0 });
    } finally {
      near.close();
    }
  }
  expect(await sessions(reader).get('s2')).toEqual({ user: 'ada' });
  expect(await board(reader).top(1)).toEqual([{ member: 'ada', score: 10, rank: 1 }]);
  expect(await board(reader).rankOf('ada')).toEqual({ rank: 1, score: 10 });
  expect(await features(reader).getMany(['u1'])).toEqual([Float32Array.of(1)]);
  expect(await queue(reader).depth()).toMatchObject({ length: 1, deadLetters: 0 });
  await pubSub(reader, admin);

  const refused = async (write: Promise<unknown>, command: string, feature: RegExp) => {
    const error = await write.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(CachePermissionError);
    expect(error).toMatchObject({ command, message: expect.stringMatching(feature) });
    expect((error as Error).message).toMatch(/AccessString\.readWrite\(\) grants it/);
  };
  await refused(sessions(reader).set('s3', { user: 'x' }), 'set', /data writes/);
  await refused(board(reader).submit('x', 1), 'zadd', /data writes/);
  await refused(queue(reader).enqueue({ task: 'x' }), 'xadd', /data writes/);
  await refused(new RateLimiter(reader, { limit: 1, windowMs: 1_000, keyPrefix: 'app:rate:' }).consume('c'), 'evalsha', /scripts/);
  const sharded = reader instanceof Cluster;
  await refused(
    new PubSub(reader, { timeoutMs: TIMEOUT_MS }).publish('app-events', 'x'),
    sharded ? 'spublish' : 'publish',
    /pub\/sub \(publish\)/,
  );
}
