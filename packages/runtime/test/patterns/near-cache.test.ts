import { Redis } from 'ioredis';
import { CachePermissionError } from '../../src/errors';
import { INVALIDATION_CONNECTION_NAME } from '../../src/near-cache/invalidation-connection';
import { NearCache, NearCacheOptions, NearCacheStats, NearCacheTicket } from '../../src/near-cache/near-cache';
import { CacheAside } from '../../src/patterns/cache-aside';
import { startChild, TsChild } from '../child-process';
import { connectClient, useRedisServer, waitFor } from '../redis-server';

// Waits for conditions rather than fixed times: give them room on a loaded machine (jest's default is 5 s).
jest.setTimeout(20_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const suite = useRedisServer();
const caches: NearCache[] = [];

/** A near cache closed after the test; reads wait up to 2 s (these tests are about correctness, not bounds). */
function nearCache(client: Redis, options: NearCacheOptions = {}): NearCache {
  const cache = new NearCache(client, { timeoutMs: 2_000, ...options });
  caches.push(cache);
  return cache;
}

afterEach(() => caches.splice(0).forEach((cache) => cache.close()));

/** Kills the server's near-cache invalidation connections (as a network drop would). */
async function killInvalidationConnections(admin: Redis): Promise<number> {
  const list = (await admin.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter((line) => line.includes(`name=${INVALIDATION_CONNECTION_NAME}`))
    .map((line) => /^id=(\d+)/.exec(line)?.[1]);
  for (const id of ids) await admin.client('KILL', 'ID', String(id));
  return ids.length;
}

describe('NearCache in one process', () => {
  test('serves repeated reads from memory and drops a key as soon as another client writes it', async () => {
    const reader = await connectClient(suite.server);
    const near = nearCache(reader, { prefixes: ['one:'] });
    await near.ready();
    await suite.redis.set('one:k', 'v1');

    expect(await near.get('one:k')).toBe('v1');
    await waitFor(async () => (await near.get('one:k')) === 'v1' && near.stats().localHits > 0); // a stall fence may delay it
    expect(near.stats()).toMatchObject({ entries: 1, tracking: true });

    await suite.redis.set('one:k', 'v2');
    await waitFor(() => near.stats().entries === 0);
    expect(await near.get('one:k')).toBe('v2');
    reader.disconnect();
  });

  test('with the default prefixes, tracks every key', async () => {
    const near = nearCache(suite.redis);
    await near.ready();
    await suite.redis.set('any:key', 'v1');
    await waitFor(async () => (await near.get('any:key'), near.stats().localHits > 0));
    await suite.redis.set('any:key', 'v2');
    await waitFor(async () => (await near.get('any:key')) === 'v2');
  });

  test('a reply that was in flight when the invalidation arrived is not kept (it may predate the write)', async () => {
    const near = nearCache(suite.redis, { prefixes: ['race:'] });
    await near.ready();
    const invalidated = async (write: () => Promise<unknown>) => {
      const seen = near.stats().invalidations;
      await write();
      await waitFor(() => near.stats().invalidations > seen);
    };
    /** A ticket, once local reads are on (reserve() says undefined while a stall fence is up, on a loaded machine). */
    const reserve = async (key: string) => {
      let ticket: NearCacheTicket | undefined;
      await waitFor(() => (ticket = near.reserve(key)) !== undefined);
      return ticket;
    };
    await invalidated(() => suite.redis.set('race:k', 'old'));
    const ticket = await reserve('race:k'); // a GET of race:k is sent...
    const staleReply = await suite.redis.get('race:k'); // ...and answered 'old'...
    await invalidated(() => suite.redis.set('race:k', 'new')); // ...but before the reply is handled, another client writes
    near.fill(ticket, staleReply, 3, -1); // the late reply
    expect(near.stats().entries).toBe(0);
    expect(await near.get('race:k')).toBe('new');

    near.evict('race:k');
    const superseded = await reserve('race:k');
    const latest = near.reserve('race:k');
    near.fill(superseded, 'older read', 10, -1); // a newer read of the key is in flight: keep only that one
    expect(near.stats().entries).toBe(0);
    near.fill(latest, 'newest read', 11, -1);
    expect(near.stats().entries).toBe(1);
  });

  test('caches only keys under its prefixes, and refuses overlapping prefixes', async () => {
    const near = nearCache(suite.redis, { prefixes: ['a:', 'b:'] });
    await near.ready();
    await suite.redis.mset('a:1', 'x', 'c:1', 'y');
    await waitFor(async () => (await near.get('a:1'), near.stats().entries === 1)); // kept (unless a read raced a stall fence)
    for (let i = 0; i < 3; i++) await near.get('c:1');
    expect(near.stats().entries).toBe(1);
    expect(() => new NearCache(suite.redis, { prefixes: ['user:', 'user:admin:'] })).toThrow(
      "prefixes must not overlap: 'user:admin:' starts with 'user:'",
    );
  });

  test('stays within maxEntries and maxBytes, and caps every entry at maxTtlMs (eviction order: lru-store.test.ts)', async () => {
    const near = nearCache(suite.redis, { prefixes: ['lru:'], maxEntries: 3, maxBytes: 1_000, maxTtlMs: 150 });
    await near.ready();
    await suite.redis.mset('lru:1', '1', 'lru:2', '2', 'lru:3', '3', 'lru:4', '4', 'lru:big', 'x'.repeat(600), 'lru:big2', 'y'.repeat(600));
    /** Reads `key` until it is served from memory (a read that races a stall fence is not kept). */
    const cached = (key: string) =>
      waitFor(async () => {
        const hits = near.stats().localHits;
        await near.get(key);
        return near.stats().localHits > hits;
      });
    for (const key of ['lru:1', 'lru:2', 'lru:3', 'lru:4']) await cached(key);
    expect(near.stats()).toMatchObject({ entries: 3, evictions: 1 });

    await cached('lru:big');
    await cached('lru:big2');
    expect(near.stats().bytes).toBeLessThanOrEqual(1_000);

    await sleep(200);
    const before = near.stats().localHits;
    await near.get('lru:big2');
    expect(near.stats().localHits).toBe(before); // expired locally, read again from the server
  });

  test('after a stall without heartbeats (a frozen Lambda, a blocked event loop) it flushes before serving again', async () => {
    const near = nearCache(suite.redis, { prefixes: ['stall:'], heartbeatMs: 100 });
    await near.ready();
    await suite.redis.set('stall:1', 'v');
    const servedFromMemory = async () => {
      const hits = near.stats().localHits;
      return (await near.get('stall:1')) === 'v' && near.stats().localHits > hits;
    };
    await waitFor(servedFromMemory);
    const before = near.stats();
    expect(before).toMatchObject({ entries: 1, flushes: 0 });

    const blockedUntil = Date.now() + 300; // no timer, no socket read for 3 heartbeats
    while (Date.now() < blockedUntil);
    expect(await near.get('stall:1')).toBe('v');
    expect(near.stats()).toMatchObject({ localHits: before.localHits, flushes: 1 });
    await waitFor(servedFromMemory); // back after a heartbeat
  });

  test("honours the client's ioredis keyPrefix: the server's invalidations name the prefixed key", async () => {
    const tenant = await connectClient(suite.server, { keyPrefix: 'tenant1:' });
    const near = nearCache(tenant, { prefixes: ['cfg:'] });
    await near.ready();
    await suite.redis.set('tenant1:cfg:a', 'old');
    await waitFor(async () => (await near.get('cfg:a'), near.stats().entries === 1)); // kept (unless it raced a stall fence)
    await suite.redis.set('tenant1:cfg:a', 'new');
    await waitFor(() => near.stats().entries === 0);
    expect(await near.get('cfg:a')).toBe('new');
    tenant.disconnect();
  });

  test('CacheAside refuses a near cache that tracks none of its keys', () => {
    const near = nearCache(suite.redis, { prefixes: ['session:'] });
    expect(() => new CacheAside(suite.redis, { keyPrefix: 'item:', nearCache: near })).toThrow(
      "nearCache tracks no prefix that covers keyPrefix 'item:'; nothing would be kept locally",
    );
  });

  test('a server flush drops the local cache', async () => {
    const near = nearCache(suite.redis, { prefixes: ['f:'] });
    await near.ready();
    await suite.redis.set('f:1', 'old');
    await near.get('f:1');
    await suite.redis.flushall();
    await waitFor(() => near.stats().flushes === 1);
    expect(await near.get('f:1')).toBeNull();
  });

  test('CacheAside with a near cache: a hit costs no round trip, a write elsewhere is seen', async () => {
    const near = nearCache(suite.redis, { prefixes: ['item:'] });
    await near.ready();
    const items = new CacheAside<{ n: number }>(suite.redis, { keyPrefix: 'item:', nearCache: near, timeoutMs: 2_000 });
    const loader = jest.fn(async () => ({ n: 1 }));

    expect(await items.getOrLoad('a', loader, { ttl: 60 })).toEqual({ n: 1 }); // miss: loads, writes
    // The invalidation of that very write may still be on its way; a read racing it is not kept locally.
    await waitFor(async () => (await items.getOrLoad('a', loader, { ttl: 60 }), near.stats().entries === 1));
    const hitsBefore = near.stats().localHits;
    const commandsBefore = Number(/total_commands_processed:(\d+)/.exec(await suite.redis.info('stats'))?.[1]);
    for (let i = 0; i < 100; i++) await items.getOrLoad('a', loader, { ttl: 60 });
    const commandsAfter = Number(/total_commands_processed:(\d+)/.exec(await suite.redis.info('stats'))?.[1]);
    // A local hit sends nothing. On a loaded machine the process can be descheduled mid-loop: the stall fence then
    // sends some reads to the server (GET + PTTL) until its PING returns. Besides those: the INFO, maybe a heartbeat.
    const localHits = near.stats().localHits - hitsBefore;
    expect(localHits).toBeGreaterThan(50);
    expect(commandsAfter - commandsBefore).toBeLessThanOrEqual(10 + 3 * (100 - localHits));

    await suite.redis.set('item:a', JSON.stringify({ n: 2 }));
    await waitFor(async () => (await items.getOrLoad('a', loader, { ttl: 60 }))?.n === 2);
    expect(loader).toHaveBeenCalledTimes(1);
  });

  test('ready() rejects naming the permission, onDisabled is called once, and reads still work, when the server refuses CLIENT TRACKING', async () => {
    await suite.redis.acl('SETUSER', 'notracking', 'on', '>pw', '~*', '&*', '+@all', '-client');
    const limited = await connectClient(suite.server, { username: 'notracking', password: 'pw' });
    const onDisabled = jest.fn();
    const near = nearCache(limited, { prefixes: ['nt:'], onDisabled });
    const refusal = near.ready().catch((err: unknown) => err);
    await expect(refusal).resolves.toBeInstanceOf(CachePermissionError);
    await expect(refusal).resolves.toMatchObject({
      message: expect.stringMatching(/^near cache disabled, every read goes to the cache: the cache user may not run CLIENT ID/),
      rules: ['+@connection'],
    });
    await suite.redis.set('nt:1', 'v');
    expect([await near.get('nt:1'), await near.get('nt:1')]).toEqual(['v', 'v']);
    expect(near.stats()).toMatchObject({ localHits: 0, remoteHits: 2, tracking: false });
    expect(onDisabled).toHaveBeenCalledTimes(1);
    limited.disconnect();
    await suite.redis.acl('DELUSER', 'notracking');
  });
});

describe('NearCache across two processes', () => {
  let child: TsChild;
  const childStats = async (): Promise<NearCacheStats> =>
    (await child.request<{ stats: NearCacheStats }>({ op: 'get', key: 'nc:none' })).stats;

  /**
   * The other process reads `key` until it shows `fresh`. It must have flushed since `flushesBefore`, no read
   * after that flush may show `stale`, and tracking must be back afterwards.
   */
  async function expectCaughtUp(key: string, stale: string, fresh: string, flushesBefore: number): Promise<void> {
    type Reads = { reads: { value: string; flushes: number }[]; stats: NearCacheStats };
    const { reads, stats } = await child.request<Reads>({ op: 'readUntil', key, expected: fresh });
    expect(reads.at(-1)?.value).toBe(fresh);
    expect(reads.filter((r) => r.flushes > flushesBefore && r.value === stale)).toEqual([]);
    expect(stats.flushes).toBeGreaterThan(flushesBefore);
    expect((await child.request<{ stats: NearCacheStats }>({ op: 'ready' })).stats.tracking).toBe(true);
  }

  beforeAll(async () => {
    child = await startChild('near-cache-reader', [String(suite.server.port)]);
  }, 20_000);
  afterAll(() => child?.kill());

  test('once the invalidation of a write has arrived, the other process never serves the old value', async () => {
    // 150 writes, each waiting for the other process over IPC: give a loaded machine time.
    await suite.redis.set('nc:race', 'v0');
    expect((await child.request({ op: 'get', key: 'nc:race' })).value).toBe('v0');
    await child.request({ op: 'hammer', key: 'nc:race', on: true });

    const stale: string[] = [];
    let flushed = 0;
    for (let i = 1; i <= 150; i++) {
      const { invalidations, flushes } = await childStats();
      await suite.redis.set('nc:race', `v${i}`);
      type Reply = { value?: string; flushed?: boolean; timedOut?: boolean };
      const reply = await child.request<Reply>({ op: 'readAfterInvalidations', key: 'nc:race', atLeast: invalidations + 1, flushes });
      if (reply.timedOut) stale.push(`wrote v${i}: neither its invalidation nor a flush within 5 s`);
      else if (reply.flushed) flushed++;
      else if (reply.value !== `v${i}`) stale.push(`wrote v${i}, read ${reply.value}`);
    }
    const { stats } = await child.request<{ stats: NearCacheStats }>({ op: 'hammer', key: 'nc:race', on: false });

    expect(stale).toEqual([]);
    expect(flushed).toBeLessThan(15); // a reconnect on a loaded machine excuses a few writes, not the test
    expect(stats.localHits).toBeGreaterThan(0); // the hammer was served from memory between writes
    expect(stats.invalidations).toBeGreaterThanOrEqual(150 - flushed);
  }, 30_000);

  test('a dropped invalidation connection flushes the other process, which then reads the write it missed', async () => {
    await suite.redis.set('nc:drop', 'before');
    await child.request({ op: 'get', key: 'nc:drop' });
    expect((await child.request<{ stats: NearCacheStats }>({ op: 'get', key: 'nc:drop' })).stats.localHits).toBeGreaterThan(0);
    const flushesBefore = (await childStats()).flushes;

    expect(await killInvalidationConnections(suite.redis)).toBeGreaterThanOrEqual(1);
    await suite.redis.set('nc:drop', 'after'); // its invalidation has nowhere to go

    await expectCaughtUp('nc:drop', 'before', 'after', flushesBefore);
  });

  test('through a server restart: the other process flushes, reconnects, and serves the new value', async () => {
    await suite.redis.set('nc:restart', 'v1');
    await child.request({ op: 'get', key: 'nc:restart' });
    const flushesBefore = (await childStats()).flushes;

    await suite.server.kill();
    await suite.server.restart(); // same port, empty dataset
    await waitFor(() => suite.redis.status === 'ready');
    await suite.redis.set('nc:restart', 'v2');

    await expectCaughtUp('nc:restart', 'v1', 'v2', flushesBefore);
  });
});
