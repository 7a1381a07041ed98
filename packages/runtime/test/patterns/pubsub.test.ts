import { PubSub } from '../../src/patterns/pubsub';
import { useRedisServer, waitFor } from '../redis-server';

// Waits for conditions rather than fixed times: give them room on a loaded machine (jest's default is 5 s).
jest.setTimeout(20_000);

const suite = useRedisServer();
let pubsub: PubSub;
let handlerErrors: string[];

beforeEach(() => {
  handlerErrors = [];
  // Correctness, not bounds (bounds.test.ts): a generous timeout for a loaded machine.
  pubsub = new PubSub(suite.redis, {
    timeoutMs: 2_000,
    onHandlerError: (error, channel) => handlerErrors.push(`${channel}: ${(error as Error).message}`),
  });
});

afterEach(() => pubsub.close());

/** Publishes until `received` grows, tolerating a publisher that is still reconnecting. */
async function publishUntilReceived(channel: string, message: string, received: () => number): Promise<void> {
  const before = received();
  await waitFor(async () => {
    await pubsub.publish(channel, message).catch(() => 0);
    return received() > before;
  });
}

describe('PubSub', () => {
  test('delivers published messages to every handler of the channel only', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const other: string[] = [];
    await pubsub.subscribe('news', (m) => a.push(m));
    await pubsub.subscribe('news', (m, channel) => b.push(`${channel}:${m}`));
    await pubsub.subscribe('other', (m) => other.push(m));

    expect(await pubsub.publish('news', 'hello')).toBe(1); // one subscriber connection
    await waitFor(() => a.length === 1 && b.length === 1);

    expect(a).toEqual(['hello']);
    expect(b).toEqual(['news:hello']);
    expect(other).toEqual([]);
  });

  test('unsubscribing the last handler unsubscribes the connection', async () => {
    const got: string[] = [];
    const unsubscribe = await pubsub.subscribe('c', (m) => got.push(m));
    await unsubscribe();

    expect(await pubsub.publish('c', 'ignored')).toBe(0);
    expect(got).toEqual([]);
  });

  test('a throwing handler does not stop the others', async () => {
    const got: string[] = [];
    await pubsub.subscribe('e', () => {
      throw new Error('boom');
    });
    await pubsub.subscribe('e', (m) => got.push(m));

    await pubsub.publish('e', 'still delivered');
    await waitFor(() => got.length === 1);
    expect(handlerErrors).toEqual(['e: boom']);
  });

  test('re-subscribes after a server restart (autoResubscribe)', async () => {
    const got: string[] = [];
    await pubsub.subscribe('events', (m) => got.push(m));
    await pubsub.publish('events', 'before');
    await waitFor(() => got.includes('before'));

    await suite.server.kill();
    await suite.server.restart(); // a fresh server on the same port knows no subscriptions

    await publishUntilReceived('events', 'after', () => got.length);
    expect(got[0]).toBe('before');
    expect(got.slice(1).every((m) => m === 'after')).toBe(true);
  });
});
