import { CacheUnavailableError } from '../../src/errors';
import { Leaderboard } from '../../src/patterns/leaderboard';
import { PubSub } from '../../src/patterns/pubsub';
import { RateLimiter } from '../../src/patterns/rate-limiter';
import { SessionStore } from '../../src/patterns/session-store';
import { boundedCall, CacheTimeoutError, isUnavailableError } from '../../src/patterns/timeout';
import { WorkQueue } from '../../src/patterns/work-queue';
import { watchLoopLag } from '../loop-lag';
import { connectClient, useRedisServer, waitFor } from '../redis-server';

const TIMEOUT_MS = 100;
const SLACK_MS = 100;
const suite = useRedisServer();

/** One call of every pattern that reports errors, each bounded by TIMEOUT_MS. */
function calls(redis: typeof suite.redis): Record<string, () => Promise<unknown>> {
  const pubsub = new PubSub(redis, { timeoutMs: TIMEOUT_MS });
  return {
    'SessionStore.get': () => new SessionStore(redis, { timeoutMs: TIMEOUT_MS }).get('s'),
    'RateLimiter.consume': () => new RateLimiter(redis, { limit: 5, windowMs: 1_000, timeoutMs: TIMEOUT_MS }).consume('c'),
    'Leaderboard.top': () => new Leaderboard(redis, 'b', { timeoutMs: TIMEOUT_MS }).top(3),
    'PubSub.publish': () => pubsub.publish('ch', 'm'),
    'WorkQueue.enqueue': () => new WorkQueue(redis, 'q', { timeoutMs: TIMEOUT_MS }).enqueue('job'),
  };
}

async function outcomes(redis: typeof suite.redis): Promise<Record<string, string>> {
  const lag = watchLoopLag();
  const measured = await Promise.all(
    Object.entries(calls(redis)).map(async ([name, call]) => {
      const started = performance.now();
      const outcome = await call().then(
        () => 'ok',
        (err: unknown) => (err as Error).constructor.name,
      );
      return [name, outcome, performance.now() - started] as const;
    }),
  );
  const bound = TIMEOUT_MS + SLACK_MS + lag.stop(); // load-proof: timers late by the loop's own lag
  return Object.fromEntries(
    measured.map(([name, outcome, elapsed]) => [name, elapsed > bound ? `${outcome} after ${elapsed.toFixed(0)} ms` : outcome]),
  );
}

test('a frozen server: every pattern rejects with CacheTimeoutError (a CacheUnavailableError) within its bound', async () => {
  const pausedUntil = Date.now() + 400;
  await suite.redis.call('CLIENT', 'PAUSE', '400', 'ALL'); // the calls run at once: 100 ms + slack fit in
  const result = await outcomes(suite.redis);
  expect(result).toEqual(Object.fromEntries(Object.keys(result).map((name) => [name, 'CacheTimeoutError'])));
  expect(new CacheTimeoutError(1)).toBeInstanceOf(CacheUnavailableError);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, pausedUntil - Date.now())));
});

test('a dead server: every pattern rejects with CacheUnavailableError within its bound', async () => {
  const client = await connectClient(suite.server);
  await suite.server.kill();
  await waitFor(() => client.status !== 'ready');
  const result = await outcomes(client);
  client.disconnect();
  await suite.server.restart();
  for (const [name, outcome] of Object.entries(result))
    expect([name, outcome]).toEqual([name, expect.stringMatching(/^Cache(Unavailable|Timeout)Error$/)]);
});

test('a bug is not an outage: a wrong-type reply passes through as the server error', async () => {
  await waitFor(() => suite.redis.status === 'ready');
  await suite.redis.set('leaderboard:not-a-zset', 'x');
  const error = await new Leaderboard(suite.redis, 'not-a-zset').top(3).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(CacheUnavailableError);
  expect((error as Error).message).toMatch(/^WRONGTYPE/);
});

test('isUnavailableError tells outages from bugs', async () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
  for (const outage of [
    new Error('Connection is closed.'),
    new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    new Error('CLUSTERDOWN The cluster is down'),
    new Error("READONLY You can't write against a read only replica."),
    new Error('LOADING Redis is loading the dataset in memory'),
    withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'),
  ]) {
    expect([outage.message, isUnavailableError(outage)]).toEqual([outage.message, true]);
  }
  for (const bug of [
    new Error('WRONGTYPE Operation against a key holding the wrong kind of value'),
    new Error('BUSYGROUP Consumer Group name already exists'),
    new RangeError('n must be an integer'),
  ]) {
    expect([bug.message, isUnavailableError(bug)]).toEqual([bug.message, false]);
  }
  await expect(boundedCall(Promise.reject(new Error('Connection is closed.')), 50)).rejects.toBeInstanceOf(CacheUnavailableError);
});
