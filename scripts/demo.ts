/**
 * `npm run demo`: the sample API end to end on a local redis-server, no AWS needed.
 * A Map with ~20 ms of artificial latency stands in for the DynamoDB table.
 */
import { Redis } from 'ioredis';
import { createHandler, FunctionUrlEvent, FunctionUrlResult, Item } from '../lib/sample/handler';
import { startRedisServer } from './redis-server';

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
  return [result, `${(performance.now() - started).toFixed(1).padStart(5)} ms`];
}

async function main(): Promise<void> {
  const server = await startRedisServer();
  const redis = new Redis({ host: server.host, port: server.port, enableOfflineQueue: false, lazyConnect: true });
  try {
    await redis.connect();
    const handle = createHandler({
      redis,
      loadItem: async (id) => (await sleep(TABLE_LATENCY_MS), table.get(id)),
      rateLimitPerMinute: 5,
    });
    console.log(`redis-server ${server.host}:${server.port}, table latency ${TABLE_LATENCY_MS} ms, rate limit 5/min\n`);

    console.log('1. Cache-aside: GET /items/book-1 twice');
    for (let i = 0; i < 2; i++) {
      const [result, took] = await timed(handle(request('GET', '/items/book-1', '10.0.0.1')));
      const { cache, item } = JSON.parse(result.body) as { cache: string; item: Item };
      console.log(`   ${result.statusCode} ${cache.padEnd(4)} ${took}  ${JSON.stringify(item)}`);
    }
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
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
