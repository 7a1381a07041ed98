/**
 * A node that dies or stops answering, on a local 3-node TLS cluster. Bounds: calls are bounded by `timeoutMs`
 * (500 ms here); a failed call must settle within it plus 500 ms of slack for a loaded 2-core machine (timers fire
 * late there), and the measured figures are printed.
 */
import { CacheUnavailableError } from '../../src/errors';
import { MemcachedClient } from '../../src/memcached/client';
import { CacheTimeoutError } from '../../src/patterns/timeout';
import { waitFor } from '../redis-server';
import { useLocalCluster } from './local-cluster';

const TIMEOUT_MS = 500;
const SLACK_MS = 500;
const RETRY_DELAY_MS = 1_000;

const cluster = useLocalCluster({ nodes: 3, tls: true });
const KEYS = Array.from({ length: 300 }, (_, i) => `key:${i}`);

interface Outcome {
  readonly key: string;
  readonly ok: boolean;
  readonly error?: Error;
  readonly ms: number;
}

async function timed(key: string, call: () => Promise<unknown>): Promise<Outcome> {
  const started = performance.now();
  try {
    await call();
    return { key, ok: true, ms: performance.now() - started };
  } catch (err) {
    return { key, ok: false, error: err as Error, ms: performance.now() - started };
  }
}

function connect(extra: Partial<Parameters<typeof MemcachedClient.connect>[0]> = {}): Promise<MemcachedClient> {
  return MemcachedClient.connect({
    address: '127.0.0.1',
    port: cluster.endpoint.port,
    tls: { ca: cluster.certificate!.ca },
    timeoutMs: TIMEOUT_MS,
    retryDelayMs: RETRY_DELAY_MS,
    discoveryIntervalMs: 60_000,
    ...extra,
  });
}

const maxMs = (outcomes: readonly Outcome[]) => Math.max(...outcomes.map((o) => o.ms));

test('a node that stops answering: its calls time out within the bound, then fail at once while it is taken out, the rest keep serving, and it comes back', async () => {
  const client = await connect();
  try {
    await Promise.all(KEYS.map((key) => client.set(key, key, 600)));
    const hung = cluster.servers[1];
    const hungId = `127.0.0.1:${hung.port}`;
    const [theirs, others] = [KEYS.filter((k) => client.nodeFor(k) === hungId), KEYS.filter((k) => client.nodeFor(k) !== hungId)];
    await hung.pause();
    try {
      const first = await Promise.all(theirs.map((key) => timed(key, () => client.get(key))));
      expect(first.every((o) => !o.ok && o.error instanceof CacheUnavailableError)).toBe(true);
      expect(first.some((o) => o.error instanceof CacheTimeoutError)).toBe(true);
      expect(Math.min(...first.map((o) => o.ms))).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
      expect(maxMs(first)).toBeLessThan(TIMEOUT_MS + SLACK_MS);

      const [again, rest] = await Promise.all([
        Promise.all(theirs.map((key) => timed(key, () => client.get(key)))),
        Promise.all(others.map((key) => timed(key, async () => expect(await client.get(key)).toBe(key)))),
      ]);
      expect(again.every((o) => !o.ok && (o.error as CacheUnavailableError).code === 'MemcachedNodeDown')).toBe(true);
      expect(maxMs(again)).toBeLessThan(TIMEOUT_MS / 2); // well under a timeout: failed at once, not waited for
      expect(rest.filter((o) => !o.ok)).toEqual([]);
      console.log(
        `hung node: first calls failed after ${Math.min(...first.map((o) => o.ms)).toFixed(0)}-${maxMs(first).toFixed(0)} ms (timeout ${TIMEOUT_MS} ms); ` +
          `then taken out: calls failed within ${maxMs(again).toFixed(1)} ms; other nodes answered within ${maxMs(rest).toFixed(1)} ms`,
      );
    } finally {
      hung.resume();
    }
    await waitFor(async () => (await client.get(theirs[0]).catch(() => 'down')) === theirs[0], 5_000);
  } finally {
    client.close();
  }
});

test('a killed node fails its calls within the timeout while the others keep serving; restarted, it serves again', async () => {
  const client = await connect();
  try {
    await Promise.all(KEYS.map((key) => client.set(key, key, 600)));
    const killed = cluster.servers[2];
    const killedId = `127.0.0.1:${killed.port}`;
    await killed.kill();
    const outcomes = await Promise.all(KEYS.map((key) => timed(key, () => client.get(key))));
    const [theirs, others] = [
      outcomes.filter((o) => client.nodeFor(o.key) === killedId),
      outcomes.filter((o) => client.nodeFor(o.key) !== killedId),
    ];
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((o) => !o.ok && o.error instanceof CacheUnavailableError)).toBe(true);
    expect(maxMs(theirs)).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(others.filter((o) => !o.ok)).toEqual([]);
    console.log(`killed node: ${theirs.length} calls failed within ${maxMs(theirs).toFixed(1)} ms; ${others.length} others served`);

    await killed.restart(); // same port, empty
    await waitFor(
      async () =>
        await client.set(theirs[0].key, 'back').then(
          () => true,
          () => false,
        ),
      5_000,
    );
    expect(await client.get(theirs[0].key)).toBe('back');
  } finally {
    client.close();
  }
});

test("with whenNodeDown 'redistribute', a taken-out node's keys go to the next node on the circle", async () => {
  const client = await connect({ whenNodeDown: 'redistribute' });
  try {
    const victim = cluster.servers[0];
    const victimId = `127.0.0.1:${victim.port}`;
    const theirs = KEYS.filter((k) => client.nodeFor(k) === victimId);
    await victim.kill();
    // Two failed calls take the node out (failureThreshold 2); a lost connection fails all calls in flight at once.
    await Promise.all(theirs.map((key) => client.get(key).catch(() => undefined)));
    expect(theirs.every((k) => client.nodeFor(k) !== victimId)).toBe(true);
    await Promise.all(theirs.map((key) => client.set(key, `moved ${key}`, 60)));
    expect(await Promise.all(theirs.map((key) => client.get(key)))).toEqual(theirs.map((key) => `moved ${key}`));
    await victim.restart();
  } finally {
    client.close();
  }
});
