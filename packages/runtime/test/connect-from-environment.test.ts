import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { Redis } from 'ioredis';
import { CacheConnectionSettings, toEnvironment } from '../src/variables';
import { CacheConfigurationError, connectFromEnvironment } from '../src';
import { createIamAuthToken } from '../src/iam-auth-token';
import { runtimeAccessRules } from '../src/permissions';
import { startRedisServer } from '../scripts/redis-server';
import { TestRedis, startTestRedis } from './tls-redis';

/**
 * The handler half of grantAccess, against a real TLS redis-server with ACL users: the variables are produced by
 * the same `toEnvironment` the constructs call, so a name changed on one side only fails here.
 */
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TOKEN = 'a'.repeat(64);

describe('connectFromEnvironment', () => {
  let server: TestRedis;
  let admin: Redis;
  const secrets = mockClient(SecretsManagerClient);
  const secretsManager = new SecretsManagerClient({ region: 'eu-west-1' });
  const clients: Redis[] = [];

  beforeAll(async () => {
    server = await startTestRedis({ args: ['--requirepass', TOKEN] });
    admin = new Redis({ host: server.host, port: server.port, password: TOKEN, tls: { ca: server.ca } });
    // The rules AccessString.readOnly grants (plus ACL WHOAMI, to see who connected).
    const readOnly = runtimeAccessRules('readOnly');
    await admin.acl('SETUSER', 'reporting', 'on', '>reporting-password-0123456789', '~*', ...readOnly, '+acl|whoami');
  });
  afterAll(async () => {
    clients.forEach((client) => client.disconnect());
    admin.disconnect();
    await server.stop();
  });
  afterEach(() => secrets.reset());

  const settings = (overrides: Partial<CacheConnectionSettings>): CacheConnectionSettings => ({
    endpointKind: 'single',
    address: server.host,
    port: String(server.port),
    tls: true,
    readOnly: false,
    authMode: 'auth-token',
    secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:token',
    region: 'eu-west-1',
    ...overrides,
  });
  const connect = async (env: Record<string, string>, extra = {}) => {
    const client = (await connectFromEnvironment({ env, tls: { ca: server.ca }, secretsManager, ...extra })) as Redis;
    clients.push(client);
    return client;
  };

  test('AUTH token: reads the secret the variables name and connects over TLS', async () => {
    secrets
      .on(GetSecretValueCommand, { SecretId: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:token' })
      .resolves({ SecretString: TOKEN });
    const client = await connect(toEnvironment(settings({})));
    expect(await client.ping()).toBe('PONG');
    expect(client.options.tls).toBeDefined();
  });

  test('RBAC: the JSON secret gives username and password; a custom prefix names the variables', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ username: 'reporting', password: 'reporting-password-0123456789' }) });
    const client = await connect(toEnvironment(settings({ authMode: 'rbac', readOnly: true }), 'SESSIONS'), { prefix: 'SESSIONS' });
    expect(await client.acl('WHOAMI')).toBe('reporting');
  });

  test('IAM: signs the token for the user and cache the variables name (credentials injected, nothing mocked below)', async () => {
    const now = Date.UTC(2026, 10, 27, 12, 0, 0);
    const token = await createIamAuthToken({
      userId: 'app-iam',
      replicationGroupId: 'orders',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      now: new Date(now),
    });
    await admin.acl('SETUSER', 'app-iam', 'on', `>${token}`, '~*', '+@all');
    const env = toEnvironment(settings({ authMode: 'iam', secretArn: undefined, userId: 'app-iam', cacheName: 'orders' }));
    const client = await connect(env, { credentials: CREDENTIALS, clock: () => now });
    expect(await client.acl('WHOAMI')).toBe('app-iam');
  });

  test('names every missing or malformed variable', async () => {
    const env = toEnvironment(settings({}));
    delete env.CACHE_ADDRESS;
    env.CACHE_PORT = 'six';
    env.CACHE_AUTH_MODE = 'kerberos';
    await expect(connectFromEnvironment({ env })).rejects.toThrow(CacheConfigurationError);
    await expect(connectFromEnvironment({ env })).rejects.toThrow(
      /CACHE_ADDRESS is not set\n {2}- CACHE_PORT is 'six', expected a port number\n {2}- CACHE_AUTH_MODE is 'kerberos', expected one of none, auth-token, rbac, iam/,
    );
    await expect(connectFromEnvironment({ env: {} })).rejects.toThrow(/CACHE_ENDPOINT_KIND is not set/);
  });

  test('IAM mode without its user id, or a Memcached endpoint, is reported clearly', async () => {
    const iam = toEnvironment(settings({ authMode: 'iam', secretArn: undefined }));
    await expect(connectFromEnvironment({ env: iam })).rejects.toThrow(/CACHE_USER_ID is not set\n {2}- CACHE_CACHE_NAME is not set/);
    const memcached = toEnvironment(settings({ endpointKind: 'memcached', authMode: 'none', secretArn: undefined }));
    await expect(connectFromEnvironment({ env: memcached })).rejects.toThrow(/use a Memcached client with CACHE_ADDRESS and CACHE_PORT/);
  });
});

describe('connectFromEnvironment without waiting (a Lambda whose cache is down at cold start)', () => {
  test('returns at once, fails commands fast while the cache is down, and connects once it is back', async () => {
    const server = await startRedisServer();
    await server.kill();
    const env = toEnvironment({
      endpointKind: 'single',
      address: server.host,
      port: String(server.port),
      tls: false,
      readOnly: false,
      authMode: 'none',
      region: 'eu-west-1',
    });
    const started = Date.now();
    const client = (await connectFromEnvironment({ env, waitUntilConnected: false, maxReconnectAttempts: 1_000 })) as Redis;
    try {
      expect(Date.now() - started).toBeLessThan(1_000);
      await expect(client.get('k')).rejects.toThrow(/Stream isn't writeable|enableOfflineQueue/);
      await server.restart();
      await new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())));
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});
