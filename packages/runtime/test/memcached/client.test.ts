import { CacheConfigurationError, CacheUnavailableError } from '../../src/errors';
import { MemcachedClient } from '../../src/memcached/client';
import { CacheValueTooLargeError, MemcachedCommandError } from '../../src/memcached/errors';
import { makeCertificate, MemcachedServer, startMemcached, TestCertificate } from './memcached-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let certificate: TestCertificate;
let plain: MemcachedServer;
let tls: MemcachedServer;

beforeAll(async () => {
  certificate = makeCertificate();
  [plain, tls] = await Promise.all([startMemcached(), startMemcached({ certificate })]);
});
afterAll(async () => {
  await Promise.all([plain?.stop(), tls?.stop()]);
  certificate?.remove();
});

describe.each([
  ['plaintext', () => ({ address: '127.0.0.1', port: plain.port })],
  ['TLS', () => ({ address: 'localhost', port: tls.port, tls: { ca: certificate.ca } })],
])('MemcachedClient over %s, one server', (_name, target) => {
  let client: MemcachedClient;
  beforeAll(async () => {
    client = await MemcachedClient.connect(target());
  });
  afterAll(() => client?.close());

  test('a server without config get cluster is used alone', () => {
    expect(client.topology).toBe('single-endpoint');
    expect(client.configVersion).toBeUndefined();
    expect(client.nodes()).toHaveLength(1);
  });

  test('set, get, add, replace, delete, with UTF-8 and binary values', async () => {
    await client.set('greeting', 'grüß dich', 60);
    expect(await client.get('greeting')).toBe('grüß dich');
    expect(await client.add('greeting', 'other')).toBe(false);
    expect(await client.replace('greeting', 'hello')).toBe(true);
    expect(await client.replace('absent', 'x')).toBe(false);
    const bytes = Buffer.from([0, 13, 10, 255]);
    await client.set('bytes', bytes);
    expect((await client.getBuffer('bytes'))?.equals(bytes)).toBe(true);
    expect(await client.delete('greeting')).toBe(true);
    expect(await client.delete('greeting')).toBe(false);
    expect(await client.get('greeting')).toBeNull();
  });

  test('incr and decr are counters that report a missing key as null', async () => {
    expect(await client.incr('counter')).toBeNull();
    expect(await client.add('counter', '10')).toBe(true);
    expect(await client.incr('counter', 5)).toBe(15);
    expect(await client.decr('counter', 20)).toBe(0);
    await client.set('text', 'abc');
    await expect(client.incr('text')).rejects.toThrow(MemcachedCommandError);
  });

  test('TTLs expire; touch and getAndTouch restart them', async () => {
    // memcached's clock ticks in whole seconds, so a TTL of n s lasts between n − 1 and n s.
    await client.set('short', 'a', 1);
    await client.set('touched', 'b', 2);
    await client.set('gat', 'c', 2);
    expect(await client.touch('touched', 60)).toBe(true);
    expect(await client.getAndTouch('gat', 60)).toBe('c');
    await sleep(3_100);
    expect(await client.get('short')).toBeNull();
    expect(await client.get('touched')).toBe('b');
    expect(await client.get('gat')).toBe('c');
    expect(await client.touch('short', 60)).toBe(false);
  });

  test('pipelines hundreds of calls on one connection, replies matched to their calls', async () => {
    const keys = Array.from({ length: 500 }, (_, i) => `pipelined:${i}`);
    await Promise.all(keys.map((k, i) => client.set(k, `value ${i}`)));
    expect(await Promise.all(keys.map((k) => client.get(k)))).toEqual(keys.map((_, i) => `value ${i}`));
  });

  test('refuses a value over the item size limit before sending it, clearly, and stores nothing', async () => {
    const err = await client.set('big', 'x'.repeat(1024 * 1024)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheValueTooLargeError);
    expect(err).toMatchObject({ code: 'ValueTooLarge', key: 'big', limit: 1048576 });
    expect((err as Error).message).toMatch(/over the 1048576-byte item size limit/);
    expect(await client.get('big')).toBeNull();
    await client.set('just-fits', 'y'.repeat(1024 * 1024 - 64 - 'just-fits'.length));
    expect((await client.getBuffer('just-fits'))?.length).toBe(1024 * 1024 - 73);
  });

  test('invalid keys are a RangeError, not a cache error', async () => {
    await expect(client.get('has space')).rejects.toThrow(RangeError);
    await expect(client.set('k'.repeat(251), 'v')).rejects.toThrow(RangeError);
  });
});

describe('errors', () => {
  test('a server that refuses an item as too large fails the call with CacheValueTooLargeError, and the calls behind it on the same TLS connection still get their replies', async () => {
    const client = await MemcachedClient.connect({
      address: 'localhost',
      port: tls.port,
      tls: { ca: certificate.ca },
      maxItemSize: 4 * 1024 * 1024,
      timeoutMs: 2_000,
    });
    try {
      await client.set('neighbour', 'still here');
      const started = Date.now();
      const [big, neighbour] = await Promise.allSettled([client.set('big', 'z'.repeat(2 * 1024 * 1024)), client.get('neighbour')]);
      expect(big.status === 'rejected' && big.reason).toBeInstanceOf(CacheValueTooLargeError);
      expect(neighbour).toEqual({ status: 'fulfilled', value: 'still here' });
      expect(Date.now() - started).toBeLessThan(1_500); // not stalled until the call's timeout
    } finally {
      client.close();
    }
  });

  test("discovery 'on' against a server without config get cluster is a configuration error", async () => {
    await expect(MemcachedClient.connect({ address: '127.0.0.1', port: plain.port, discovery: 'on' })).rejects.toThrow(
      CacheConfigurationError,
    );
  });

  test('a TLS server with a certificate from an unknown CA is refused', async () => {
    const err = await MemcachedClient.connect({ address: 'localhost', port: tls.port, tls: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheUnavailableError);
    expect((err as Error).message).toMatch(/self-signed certificate|unable to verify/i);
  });

  test('plaintext against a TLS-only port fails within the timeout', async () => {
    const started = Date.now();
    await expect(MemcachedClient.connect({ address: '127.0.0.1', port: tls.port, connectTimeoutMs: 300, timeoutMs: 300 })).rejects.toThrow(
      CacheUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('nothing listening: CacheUnavailableError at once', async () => {
    const server = await startMemcached();
    await server.stop();
    await expect(MemcachedClient.connect({ address: '127.0.0.1', port: server.port })).rejects.toThrow(/ECONNREFUSED/);
  });
});
