/**
 * `npm run demo`: the sample API end to end on a local redis-server, no AWS needed.
 * A Map with ~20 ms of artificial latency stands in for the DynamoDB table; a second client plays
 * "another process" that writes to the cache; an in-process worker consumes the job queue.
 */
import { Redis } from 'ioredis';
import { NearCache, WorkQueue } from 'cdk-elasticache-runtime';
import { createHandler, FunctionUrlEvent, FunctionUrlResult, Item, Job } from '../lib/sample/handler';
import { startRedisServer } from '../packages/runtime/scripts/redis-server';

const TABLE_LATENCY_MS = 20;
const table = new Map<string, Item>([
  ['book-1', { pk: 'book-1', title: 'Dune', author: 'Frank Herbert' }],
  ['book-2', { pk: 'book-2', title: 'Neuromancer', author: 'William Gibson' }],
]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function request(method: string, path: string, ip: string, extra: Partial<FunctionUrlEvent> = {}): FunctionUrlEvent {
  return { rawPath: path, requestContext: { http: { method, sourceIp: ip } }, ...extra };
}

async function timed(call: Promise<FunctionUrlResult>): Promise<[FunctionUrlResult, string]> {
  const started = performance.now();
  const result = await call;
  return [result, `${(performance.now() - started).toFixed(2).padStart(6)} ms`];
}

async function main(): Promise<void> {
  const server = await startRedisServer();
  const redis = new Redis({ host: server.host, port: server.port, enableOfflineQueue: false, lazyConnect: true });
  const otherProcess = new Redis({ host: server.host, port: server.port, lazyConnect: true });
  let nearCache: NearCache | undefined;
  try {
    await Promise.all([redis.connect(), otherProcess.connect()]);
    nearCache = new NearCache(redis, { prefixes: ['item:'] });
    await nearCache.ready();
    const handle = createHandler({
      redis,
      loadItem: async (id) => (await sleep(TABLE_LATENCY_MS), table.get(id)),
      rateLimitPerMinute: 5,
      nearCache,
    });
    console.log(`redis-server ${server.host}:${server.port}, table latency ${TABLE_LATENCY_MS} ms, rate limit 5/min\n`);

    const getItem = async (ip: string) => {
      const [result, took] = await timed(handle(request('GET', '/items/book-1', ip)));
      const { cache, item } = JSON.parse(result.body) as { cache: string; item: Item };
      console.log(`   ${result.statusCode} ${cache.padEnd(4)} ${took}  ${JSON.stringify(item)}`);
    };
    console.log('1. Cache-aside with a near cache: GET /items/book-1 four times');
    console.log('   (miss: read the table; hit: read the cache; near: process memory, the only round trip left is the rate limiter)');
    for (let i = 0; i < 4; i++) await getItem('10.0.0.1');
    const [missing, took] = await timed(handle(request('GET', '/items/nope', '10.0.0.1')));
    console.log(`   GET /items/nope -> ${missing.statusCode} ${took}  ${missing.body}\n`);

    console.log('2. Rate limit: 7 calls from 10.0.0.2 against 5 per minute');
    for (let i = 1; i <= 7; i++) {
      const result = await handle(request('GET', '/leaderboard', '10.0.0.2'));
      const detail =
        result.statusCode === 429
          ? `retry-after ${result.headers['retry-after']} s`
          : `remaining ${result.headers['x-ratelimit-remaining']}`;
      console.log(`   call ${i}: ${result.statusCode} ${detail}`);
    }

    console.log('\n3. Leaderboard: POST /scores, then GET /leaderboard?n=3');
    const scores: [string, number][] = [
      ['ana', 40],
      ['bo', 25],
      ['cy', 40],
      ['bo', 30],
      ['dee', 10],
    ];
    for (const [i, [player, score]] of scores.entries()) {
      const result = await handle(request('POST', '/scores', `10.0.1.${i}`, { body: JSON.stringify({ player, score }) }));
      console.log(`   +${String(score).padStart(2)} ${player.padEnd(3)} -> ${result.body}`);
    }
    const top = await handle(request('GET', '/leaderboard', '10.0.0.3', { queryStringParameters: { n: '3' } }));
    for (const { rank, member, score } of (JSON.parse(top.body) as { leaders: { rank: number; member: string; score: number }[] })
      .leaders) {
      console.log(`   #${rank} ${member.padEnd(3)} ${score}`);
    }
    console.log('   (ties: higher score first, then player name ascending)');

    console.log('\n4. Near cache invalidation: another process rewrites item:book-1 in the cache');
    const invalidationsBefore = nearCache.stats().invalidations;
    await otherProcess.set('item:book-1', JSON.stringify({ pk: 'book-1', title: 'Dune (2nd edition)', author: 'Frank Herbert' }));
    while (nearCache.stats().invalidations === invalidationsBefore) await sleep(1);
    console.log('   the server reported the write (CLIENT TRACKING); the local copy is gone:');
    for (let i = 0; i < 2; i++) await getItem('10.0.0.4');
    const { localHits, remoteHits, invalidations, flushes } = nearCache.stats();
    console.log(`   near cache: ${localHits} local hits, ${remoteHits} remote hits, ${invalidations} invalidations, ${flushes} flushes`);

    console.log('\n5. Work queue: POST /jobs three times; a worker consumes, a failing job is dead-lettered');
    for (const [i, task] of ['resize cover book-1', 'email receipt 42', 'fail: corrupt upload'].entries()) {
      const result = await handle(request('POST', '/jobs', `10.0.2.${i}`, { body: JSON.stringify({ task }) }));
      console.log(`   POST /jobs ${JSON.stringify(task).padEnd(24)} -> ${result.statusCode} ${result.body}`);
    }
    console.log(`   GET /jobs -> ${(await handle(request('GET', '/jobs', '10.0.2.9'))).body}`);
    const worker = new WorkQueue<Job>(redis, 'jobs', { visibilityTimeoutMs: 200, maxDeliveries: 2, blockMs: 50 });
    await worker.consume(
      ({ payload, deliveries }) => {
        if (payload.task.startsWith('fail')) return Promise.reject(new Error(`cannot do "${payload.task}"`));
        console.log(`   worker: done "${payload.task}" (delivery ${deliveries})`);
        return Promise.resolve();
      },
      { onError: (err, message) => console.log(`   worker: failed delivery ${message?.deliveries}: ${(err as Error).message}`) },
    );
    while (worker.stats().deadLettered === 0) await sleep(20);
    await worker.stop();
    const [dead] = await worker.deadLetters();
    console.log(`   dead letter: ${JSON.stringify(dead.payload)} after ${dead.deliveries} deliveries`);
    console.log(`   GET /jobs -> ${(await handle(request('GET', '/jobs', '10.0.2.9'))).body}`);
  } finally {
    nearCache?.close();
    redis.disconnect();
    otherProcess.disconnect();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
