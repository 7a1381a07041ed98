/**
 * The near cache's tracking setup, interrupted at each step by a dropped connection (a loopback proxy, in its own
 * process, that cuts the connection when it sees the step's command). Whatever step the drop hits, the near cache must
 * never serve a value that another client overwrote more than 50 ms before, and must get tracking back (ready()
 * resolves, hits from memory resume).
 */
import { Redis } from 'ioredis';
import { NearCache } from '../../src/near-cache/near-cache';
import { startChild, TsChild } from '../child-process';
import { connectClient, useRedisServer, waitFor } from '../redis-server';
import { NONE_STALE, readUntil, staleSummary, Write } from '../staleness';

const BOUND_MS = 50;
const OBSERVE_MS = 2_500;
const HEARTBEAT_MS = 200;

/** The setup steps, in the order the near cache runs them, and the first heartbeat after it. */
const STEPS = [
  { step: 'CLIENT ID', words: ['CLIENT', 'ID'], afterReady: false },
  { step: 'SUBSCRIBE', words: ['SUBSCRIBE'], afterReady: false },
  { step: 'CLIENT TRACKING', words: ['CLIENT', 'TRACKING'], afterReady: false },
  { step: 'CLIENT TRACKINGINFO', words: ['CLIENT', 'TRACKINGINFO'], afterReady: false },
  { step: 'the first heartbeat', words: ['PING'], afterReady: true },
];

const suite = useRedisServer();
/** The proxy process, which is also the other client that overwrites the key (see fixtures/tcp-proxy.ts). */
let proxy: TsChild;
let reader: Redis;

beforeAll(async () => {
  proxy = await startChild('tcp-proxy', [String(suite.server.port)]);
  const { port } = await proxy.request<{ port: number }>({ op: 'port' });
  reader = await connectClient({ ...suite.server, port });
}, 20_000);
afterAll(async () => {
  reader?.disconnect();
  await proxy?.kill();
});

test.each(STEPS)(
  'a drop at $step: no read is stale beyond 50 ms, and tracking comes back',
  async ({ step, words, afterReady }) => {
    const key = `px:${step}`;
    await suite.redis.set(key, 'v0');
    /** Arms the proxy; resolves once armed, with the drop to wait for. */
    const arm = async () => {
      const dropped = proxy.next((message) => message.dropped !== undefined, 5_000);
      await proxy.request({ op: 'dropOn', words });
      return { dropped };
    };
    const armed = afterReady ? undefined : await arm(); // before the near cache starts its setup
    const near = new NearCache(reader, { prefixes: ['px:'], heartbeatMs: HEARTBEAT_MS, timeoutMs: 2_000 });
    let done = false;
    try {
      const { dropped } = armed ?? (await near.ready(), await arm());
      const ready = near.ready(10_000).then(
        () => 'resolved',
        (err: Error) => `rejected: ${err.message}`,
      );
      await proxy.request({ op: 'write', key, on: true });
      const reading = readUntil(
        (k) => near.get(k),
        key,
        () => done,
      );
      await dropped; // within the setup (or at the first heartbeat); reads and writes go on meanwhile
      await new Promise((resolve) => setTimeout(resolve, OBSERVE_MS));
      done = true;
      const [{ writes }, reads] = await Promise.all([proxy.request<{ writes: Write[] }>({ op: 'write', key, on: false }), reading]);

      expect(staleSummary(reads, writes, BOUND_MS)).toEqual(NONE_STALE);
      expect(await ready).toBe('resolved');
      // Tracking is really back: a write after the drop is seen, and then served from memory.
      await proxy.request({ op: 'set', key, value: 'final' });
      const servedFromMemory = async () => {
        const hits = near.stats().localHits;
        return (await near.get(key)) === 'final' && near.stats().localHits > hits;
      };
      await waitFor(servedFromMemory);
      expect(near.stats().tracking).toBe(true);
    } finally {
      done = true;
      await proxy.request({ op: 'disarm' });
      near.close();
    }
  },
  30_000,
);
