import { QueueMessage, WorkQueue } from '../../src/patterns/work-queue';
import { startChild } from '../child-process';
import { useRedisServer, waitFor } from '../redis-server';

// Waits for conditions rather than fixed times: give them room on a loaded machine (jest's default is 5 s).
jest.setTimeout(20_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const suite = useRedisServer();
const queues: WorkQueue<string>[] = [];

function queue(name: string, options: ConstructorParameters<typeof WorkQueue<string>>[2] = {}): WorkQueue<string> {
  const q = new WorkQueue<string>(suite.redis, name, { visibilityTimeoutMs: 300, blockMs: 100, timeoutMs: 2_000, ...options });
  queues.push(q);
  return q;
}

afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop(1_000)));
});

describe('WorkQueue', () => {
  test('delivers every message once to one of several consumers, and acknowledges (deletes) it', async () => {
    const [a, b] = [queue('jobs'), queue('jobs')];
    const seen: string[] = [];
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => a.enqueue(`job-${i}`)));
    expect(new Set(ids).size).toBe(50);

    const processor = async (m: QueueMessage<string>) => void seen.push(m.payload);
    await a.consume(processor, { concurrency: 4 });
    await b.consume(processor, { concurrency: 4 });
    await waitFor(() => seen.length === 50);
    await waitFor(async () => a.stats().processed + b.stats().processed === 50 && (await suite.redis.xlen(a.key)) === 0); // acks follow

    expect(seen.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `job-${i}`).sort());
    expect(a.stats().processed + b.stats().processed).toBe(50);
    expect(await suite.redis.xlen(a.key)).toBe(0);
    expect(await suite.redis.xpending(a.key, a.group)).toEqual([0, null, null, null]);
  });

  test('a consumer process killed mid-message: the message is delivered again and nothing is lost', async () => {
    const name = 'killed';
    const payloads = Array.from({ length: 20 }, (_, i) => (i === 7 ? 'hang' : `m${i}`));
    const producer = queue(name);
    for (const payload of payloads) await producer.enqueue(payload);

    const child = await startChild('queue-consumer', [String(suite.server.port), name]);
    const finishedByChild: string[] = [];
    child.process.on('message', (m: { finished?: string }) => m.finished && finishedByChild.push(m.finished));
    await child.next((m) => m.started === 'hang');
    await child.kill(); // SIGKILL while it holds "hang"

    const survivor = queue(name, { consumer: 'survivor' });
    const delivered: QueueMessage<string>[] = [];
    await survivor.consume(async (m) => void delivered.push(m));
    await waitFor(() => finishedByChild.length + delivered.length >= payloads.length, 5_000);
    await waitFor(async () => (await suite.redis.xlen(survivor.key)) === 0); // the last acknowledgement

    const processed = [...finishedByChild, ...delivered.map((m) => m.payload)];
    expect([...new Set(processed)].sort()).toEqual([...payloads].sort()); // nothing lost
    // At least once: a message the child finished but had not acknowledged yet when it died runs again.
    expect(processed.length - payloads.length).toBeLessThanOrEqual(1);
    expect(delivered.find((m) => m.payload === 'hang')?.deliveries).toBe(2);
    expect(survivor.stats().deadLettered).toBe(0);
    expect(await suite.redis.xlen(survivor.key)).toBe(0);
  }, 20_000);

  test('moves a message that keeps failing to the dead-letter stream after maxDeliveries', async () => {
    const q = queue('poison', { maxDeliveries: 2, visibilityTimeoutMs: 100 });
    await q.enqueue('bad');
    await q.enqueue('good');
    const ok: string[] = [];
    const errors: string[] = [];
    await q.consume(
      async (m) => {
        if (m.payload === 'bad') throw new Error(`cannot process (delivery ${m.deliveries})`);
        ok.push(m.payload);
      },
      { onError: (err) => errors.push((err as Error).message) },
    );
    await waitFor(() => q.stats().deadLettered === 1);

    expect(ok).toEqual(['good']);
    expect(errors).toEqual(['cannot process (delivery 1)', 'cannot process (delivery 2)']);
    expect(await q.depth()).toEqual({ length: 0, pending: 0, deadLetters: 1 });
    const dead = await q.deadLetters();
    expect(dead).toEqual([expect.objectContaining({ payload: 'bad', deliveries: 2 })]);
    expect(dead[0].sourceId).toMatch(/^\d+-\d+$/);
    expect(await suite.redis.xlen(q.key)).toBe(0);
  });

  test('a slow consumer keeps its message past the visibility timeout while it is still working', async () => {
    // Extended every 333 ms while the job runs 2.5 s: a timer would have to fire 667 ms late to lose it.
    const slow = queue('slow', { visibilityTimeoutMs: 1_000 });
    const other = queue('slow', { visibilityTimeoutMs: 1_000 });
    await slow.enqueue('long job');
    const runs: string[] = [];
    await slow.consume(async (m) => {
      runs.push(`slow:${m.deliveries}`);
      await sleep(2_500);
    });
    await waitFor(() => runs.length === 1);
    await other.consume(async (m) => void runs.push(`other:${m.deliveries}`));
    await waitFor(() => slow.stats().processed === 1, 6_000);
    expect(runs).toEqual(['slow:1']);
  }, 10_000);

  test('bounds the stream with MAXLEN ~', async () => {
    const q = queue('bounded', { maxLength: 100 });
    for (let i = 0; i < 1_000; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => q.enqueue(`e${i + j}`)));
    const length = await suite.redis.xlen(q.key);
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(300); // "~" trims whole radix-tree nodes (100 entries by default)
  });

  test('stop() waits for the messages in hand, takes no new ones, and leaves the rest queued', async () => {
    const q = queue('graceful');
    for (let i = 0; i < 5; i++) await q.enqueue(`g${i}`);
    const started: string[] = [];
    const finished: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await q.consume(
      async (m) => {
        started.push(m.payload);
        await held; // in hand until stop() has begun, however slow the machine
        finished.push(m.payload);
      },
      { concurrency: 2 },
    );
    await waitFor(() => started.length === 2);
    const stopped = q.stop();
    release();
    await stopped;

    expect(finished.sort()).toEqual(['g0', 'g1']);
    expect(await q.depth()).toEqual({ length: 3, pending: 0, deadLetters: 0 });
  });

  test('rejects settings that cannot work', () => {
    expect(() => new WorkQueue(suite.redis, 'q', { maxDeliveries: 0 })).toThrow('maxDeliveries must be an integer ≥ 1, got 0');
    expect(() => new WorkQueue(suite.redis, 'q', { visibilityTimeoutMs: 1.5 })).toThrow(/visibilityTimeoutMs must be an integer/);
  });
});
