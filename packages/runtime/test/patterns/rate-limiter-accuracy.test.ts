/**
 * The token bucket against theory: 4 clients (their own connections, one shared bucket) call as fast as they can for
 * 5 s at 100 per second with a burst of 10. From its first call, a bucket under constant demand allows exactly
 * burst + rate × elapsed whole tokens, elapsed on the server's clock (the same host clock as Date.now() here).
 *
 * Demand is constant only while every client is calling: the window ends when the first client sent its last call
 * (`until`), and counts the calls answered by then; the few in flight at that moment (at most one per client) widen
 * the count into a range. On a loaded machine the callers (or the server) can also be descheduled for longer than
 * the bucket takes to fill (burst / rate = 100 ms): tokens that overflow a full bucket are lost for any correct
 * limiter. Those periods are read from the replies, not guessed: a call allowed with `remaining = burst - 1` found
 * the bucket full; it ran one interval before its `resetAt`, and the bucket had been full since the previous allowed
 * call's next token was due. Likewise, the window can end with tokens waiting in the bucket (every client descheduled
 * just before `until`): issued by then but taken after, they are read from the last reply before `until` and counted.
 */
import { Redis } from 'ioredis';
import { RateLimiter, RateLimitResult } from '../../src/patterns/rate-limiter';
import { connectClient, useRedisServer } from '../redis-server';

const RATE = 100;
const BURST = 10;
const CLIENTS = 4;
const DURATION_MS = 5_000;
const INTERVAL_MS = 1_000 / RATE;

const suite = useRedisServer();
let clients: Redis[] = [];

beforeAll(async () => {
  clients = await Promise.all(Array.from({ length: CLIENTS }, () => connectClient(suite.server)));
});
afterAll(() => clients.forEach((client) => client.disconnect()));

interface Call extends RateLimitResult {
  readonly sentAt: number;
  readonly answeredAt: number;
}

test(`at ${RATE}/s with a burst of ${BURST}, ${CLIENTS} concurrent clients get within 2 % of theory`, async () => {
  const limiters = clients.map(
    (client) => new RateLimiter(client, { algorithm: 'token-bucket', rate: RATE, per: 'second', burst: BURST, timeoutMs: 5_000 }),
  );
  await Promise.all(limiters.map((limiter) => limiter.consume('warm-up'))); // every connection knows the script
  const end = Date.now() + DURATION_MS;
  const perClient: Call[][] = await Promise.all(
    limiters.map(async (limiter) => {
      const calls: Call[] = [];
      while (Date.now() < end) {
        const sentAt = Date.now();
        const result = await limiter.consume('accuracy');
        calls.push({ ...result, sentAt, answeredAt: Date.now() });
      }
      return calls;
    }),
  );
  const until = Math.min(...perClient.map((calls) => calls[calls.length - 1].sentAt)); // every client called up to here

  // Allowed calls in the order the server ran them: each moved the bucket's "next token" time (TAT) one interval on;
  // TAT = resetAt + (burst - remaining - 1) intervals.
  const allowed = perClient
    .flat()
    .filter((call) => call.allowed)
    .map((call) => ({ ...call, tat: call.resetAt + (BURST - call.remaining - 1) * INTERVAL_MS }))
    .sort((a, b) => a.tat - b.tat);
  const startedAt = allowed[0].tat - INTERVAL_MS; // the first call, from a full bucket
  let fullMs = 0; // time the bucket sat full before `until`: its refill was lost for any limiter
  for (let i = 1; i < allowed.length && allowed[i].sentAt < until; i++) {
    if (allowed[i].remaining === BURST - 1) fullMs += Math.max(0, allowed[i].tat - INTERVAL_MS - allowed[i - 1].tat);
  }
  const theory = BURST + Math.floor((RATE * (until - startedAt - fullMs)) / 1_000);
  const ranBefore = allowed.filter((call) => call.answeredAt <= until); // ran before `until`
  const answered = ranBefore.length;
  const inFlight = allowed.filter((call) => call.sentAt <= until && call.answeredAt > until).length; // may have
  // Tokens in the bucket at `until`, from the latest TAT that surely precedes it (an in-flight call that ran before
  // `until` took one of these, so it is counted either way).
  const lastTat = Math.max(...ranBefore.map((call) => call.tat));
  const waiting = lastTat <= until ? BURST : Math.max(0, Math.floor(BURST - (lastTat - until) / INTERVAL_MS));
  const issued = answered + waiting;
  const error = theory < issued ? (issued - theory) / theory : Math.max(0, theory - issued - inFlight) / theory; // in-flight calls may count
  console.log(
    `token bucket ${RATE}/s, burst ${BURST}, ${CLIENTS} clients: ${answered} (+${inFlight} in flight) allowed and ${waiting} waiting over ` +
      `${Math.round(until - startedAt)} ms, theory ${theory} (${Math.round(fullMs)} ms idle and full), error ${(error * 100).toFixed(2)} %, ` +
      `per client ${perClient.map((calls) => calls.filter((call) => call.allowed).length).join(' / ')}`,
  );
  // Symmetric: the reply times are whole ms, so theory can be a token off either way. That the limiter never allows
  // more than its burst is exact in rate-limiter.test.ts.
  expect(error).toBeLessThanOrEqual(0.02);
}, 20_000);
