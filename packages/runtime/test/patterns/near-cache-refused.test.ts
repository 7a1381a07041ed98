/**
 * A server that does not support CLIENT TRACKING, as ElastiCache Serverless (its restricted commands include CLIENT ID,
 * CLIENT TRACKING and CLIENT TRACKINGINFO): here a redis-server with the CLIENT command renamed away. The near cache
 * says so once, and every read goes to the server, with no second command per read.
 */
import { Redis } from 'ioredis';
import { CacheConfigurationError } from '../../src/errors';
import { NearCache } from '../../src/near-cache/near-cache';
import { connectClient, RedisServer, startRedisServer, waitFor } from '../redis-server';

let server: RedisServer;
let client: Redis;

beforeAll(async () => {
  server = await startRedisServer({ args: ['--rename-command', 'CLIENT', ''] });
  client = await connectClient(server);
}, 20_000);
afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

test('reports the refusal once, through reconnects, and reads every key from the server', async () => {
  const onDisabled = jest.fn();
  const near = new NearCache(client, { prefixes: ['sl:'], onDisabled, timeoutMs: 1_000 });
  try {
    const refusal = await near.ready().catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(CacheConfigurationError);
    expect(refusal).toMatchObject({
      message: expect.stringMatching(
        /^near cache disabled, every read goes to the cache: .*ElastiCache Serverless does not support CLIENT TRACKING/,
      ),
    });
    await client.set('sl:k', 'v');
    const commands = async () => Number(/cmdstat_get:calls=(\d+)/.exec(await client.info('commandstats'))?.[1] ?? 0);
    const getsBefore = await commands();
    expect([await near.get('sl:k'), await near.get('sl:k')]).toEqual(['v', 'v']);
    expect(await commands()).toBe(getsBefore + 2);
    expect(/cmdstat_pttl/.test(await client.info('commandstats'))).toBe(false); // no TTL read for a value never kept

    await server.restart(); // the invalidation connections reconnect and are refused again: a new error, no new report
    await waitFor(async () => (await near.ready().catch((err: unknown) => err)) !== refusal);
    await expect(near.ready()).rejects.toThrow(CacheConfigurationError);
    expect(onDisabled).toHaveBeenCalledTimes(1);
    expect(near.stats()).toMatchObject({ localHits: 0, tracking: false });
  } finally {
    near.close();
  }
}, 20_000);
