import { connectFromEnvironment } from '../../src/connect-from-environment';
import { CacheConfigurationError } from '../../src/errors';
import { CacheConnectionSettings, toEnvironment } from '../../src/variables';
import { localNode, startFakeConfigEndpoint } from './fake-config-endpoint';
import { makeCertificate, MemcachedServer, startMemcached, TestCertificate } from './memcached-server';

let certificate: TestCertificate;
let server: MemcachedServer;
beforeAll(async () => {
  certificate = makeCertificate();
  server = await startMemcached({ certificate });
});
afterAll(async () => {
  await server?.stop();
  certificate?.remove();
});

function env(overrides: Partial<CacheConnectionSettings> = {}): Record<string, string> {
  return toEnvironment({
    endpointKind: 'memcached',
    address: 'localhost',
    port: String(server.port),
    tls: true,
    readOnly: false,
    authMode: 'none',
    region: 'us-east-1',
    ...overrides,
  });
}

describe("connectFromEnvironment({ engine: 'memcached' })", () => {
  test('connects over TLS to a server without Auto Discovery (as a serverless endpoint), using it alone', async () => {
    const client = await connectFromEnvironment({ engine: 'memcached', env: env(), tls: { ca: certificate.ca } });
    try {
      expect(client.topology).toBe('single-endpoint');
      await client.set('k', 'v');
      expect(await client.get('k')).toBe('v');
    } finally {
      client.close();
    }
  });

  test('SERVERLESS=true skips the discovery probe', async () => {
    const endpoint = await startFakeConfigEndpoint([localNode(server.port)], certificate);
    try {
      const address = { address: '127.0.0.1', port: String(endpoint.port) };
      const discovered = await connectFromEnvironment({ engine: 'memcached', env: env(address), tls: { ca: certificate.ca } });
      expect(discovered.topology).toBe('discovered');
      discovered.close();
      const serverless = await connectFromEnvironment({
        engine: 'memcached',
        env: env({ ...address, serverless: true }),
        tls: { ca: certificate.ca },
      });
      expect(serverless.topology).toBe('single-endpoint');
      expect(endpoint.requests).toBe(1); // only the first client asked
      serverless.close();
    } finally {
      await endpoint.close();
    }
  });

  test('names every missing variable', async () => {
    await expect(connectFromEnvironment({ engine: 'memcached', env: { CACHE_ENDPOINT_KIND: 'memcached' } })).rejects.toThrow(
      /CACHE_ADDRESS is not set[\s\S]*CACHE_PORT is not set/,
    );
  });

  test('refuses variables that describe a Valkey or Redis OSS cache, or a Memcached cache with users', async () => {
    await expect(connectFromEnvironment({ engine: 'memcached', env: env({ endpointKind: 'cluster' }) })).rejects.toThrow(
      /CACHE_ENDPOINT_KIND is cluster, a Valkey or Redis OSS cache/,
    );
    await expect(connectFromEnvironment({ engine: 'memcached', env: env({ authMode: 'auth-token', secretArn: 'arn:x' }) })).rejects.toThrow(
      CacheConfigurationError,
    );
  });

  test('without engine, Memcached variables say how to connect', async () => {
    await expect(connectFromEnvironment({ env: env() })).rejects.toThrow(/call connectFromEnvironment\(\{ engine: 'memcached' \}\)/);
  });
});
