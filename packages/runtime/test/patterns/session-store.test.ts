import { SessionStore } from '../../src/patterns/session-store';
import { useRedisServer } from '../redis-server';

// Waits for conditions rather than fixed times: give them room on a loaded machine (jest's default is 5 s).
jest.setTimeout(20_000);

interface Session {
  readonly userId: string;
  readonly roles: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const suite = useRedisServer();

describe('SessionStore', () => {
  test('stores, reads and destroys a session', async () => {
    const sessions = new SessionStore<Session>(suite.redis);
    await sessions.set('s1', { userId: 'u1', roles: ['admin'] });

    expect(await sessions.get('s1')).toEqual({ userId: 'u1', roles: ['admin'] });
    expect(await suite.redis.ttl('session:s1')).toBe(1800);
    expect(await sessions.destroy('s1')).toBe(true);
    expect(await sessions.destroy('s1')).toBe(false);
    expect(await sessions.get('s1')).toBeUndefined();
    expect(await sessions.touch('s1')).toBeUndefined();
  });

  test('touch slides the expiry: a session used within its TTL outlives it, an idle one expires', async () => {
    // A 2 s TTL and 1.2 s steps: a sleep that wakes up to 800 ms late (a loaded machine) changes nothing.
    const sessions = new SessionStore<Session>(suite.redis, { keyPrefix: 'sess:', ttl: 2, timeoutMs: 2_000 });
    await sessions.set('active', { userId: 'a', roles: [] });
    await sessions.set('idle', { userId: 'i', roles: [] });

    await sleep(1_200);
    expect(await sessions.touch('active')).toEqual({ userId: 'a', roles: [] });
    expect(await suite.redis.pttl('sess:active')).toBeGreaterThan(1_500);
    expect(await sessions.get('idle')).toBeDefined(); // get() reads without extending…
    expect(await suite.redis.pttl('sess:idle')).toBeLessThan(1_000);

    await sleep(1_200); // 2.4 s after set(): past the original TTL
    expect(await sessions.get('active')).toEqual({ userId: 'a', roles: [] });
    expect(await sessions.get('idle')).toBeUndefined(); // …so the idle session expired on time
  }, 10_000);

  test('set and touch accept a per-call TTL', async () => {
    const sessions = new SessionStore<Session>(suite.redis);
    await sessions.set('s2', { userId: 'u2', roles: [] }, 60);
    expect(await suite.redis.ttl('session:s2')).toBe(60);
    await sessions.touch('s2', 120);
    expect(await suite.redis.ttl('session:s2')).toBe(120);
  });

  test('rejects a TTL that is not a whole number of seconds', async () => {
    expect(() => new SessionStore(suite.redis, { ttl: 0.5 })).toThrow(/whole number of seconds/);
    await expect(new SessionStore(suite.redis).set('x', {}, -1)).rejects.toThrow(/whole number of seconds/);
  });
});
