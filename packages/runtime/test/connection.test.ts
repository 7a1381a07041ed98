import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { Cluster, Redis } from 'ioredis';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { freePort } from '../scripts/redis-server';
import { createCacheClient, createReaderClient, type CacheClient } from '../src/connection';
import type { CacheTopology } from '../src/discovery';
import { CacheConfigurationError } from '../src/errors';
import { createIamAuthToken } from '../src/iam-auth-token';
import { startTestRedis, type TestRedis } from './tls-redis';

jest.setTimeout(10_000);

const PASSWORD = 'default-user-password-0123456789';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

const clients: CacheClient[] = [];
/** Remember every client a test opens so afterEach can close it even when an assertion failed. */
function track<T extends CacheClient>(client: T): T {
  clients.push(client);
  client.on('error', () => undefined); // expected during failover and kill tests
  return client;
}
afterEach(() => {
  clients.splice(0).forEach((client) => client.disconnect());
});

function topologyFor(server: TestRedis, overrides: Partial<CacheTopology> = {}): CacheTopology {
  const endpoint = { address: server.host, port: server.port };
  return {
    replicationGroupId: 'orders',
    clusterMode: 'disabled',
    primaryEndpoint: endpoint,
    readerEndpoint: endpoint,
    transitEncryption: true,
    authTokenEnabled: true,
    rbacEnabled: false,
    status: 'available',
    nodes: [],
    ...overrides,
  };
}

describe('against a TLS redis-server with requirepass and an ACL user', () => {
  let server: TestRedis;
  let admin: Redis;

  beforeAll(async () => {
    server = await startTestRedis({ args: ['--requirepass', PASSWORD] });
    admin = new Redis({ host: server.host, port: server.port, tls: { ca: server.ca }, password: PASSWORD });
    await admin.acl('SETUSER', 'app', 'on', '>app-password-0123456789', '~*', '+@all');
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  test('TLS + password connects and round-trips', async () => {
    const client = track(
      await createCacheClient({
        endpoint: { host: server.host, port: server.port },
        tls: { ca: server.ca },
        auth: { kind: 'password', password: PASSWORD },
      }),
    );
    expect(client).toBeInstanceOf(Redis);
    await client.set('greeting', 'hello');
    expect(await client.get('greeting')).toBe('hello');
  });

  test('TLS is on by default and verifies the server certificate', async () => {
    await expect(
      createCacheClient({ endpoint: { host: server.host, port: server.port }, auth: { kind: 'password', password: PASSWORD } }),
    ).rejects.toThrow(/self[- ]signed certificate/);
  });

  test("a wrong password fails with the server's WRONGPASS reason", async () => {
    await expect(
      createCacheClient({
        endpoint: { host: server.host, port: server.port },
        tls: { ca: server.ca },
        auth: { kind: 'password', password: 'wrong-password-0123' },
      }),
    ).rejects.toThrow(/WRONGPASS/);
  });

  test('ACL username + password authenticates as that user', async () => {
    const client = track(
      await createCacheClient({
        endpoint: { host: server.host, port: server.port },
        tls: { ca: server.ca },
        auth: { kind: 'password', username: 'app', password: 'app-password-0123456789' },
      }),
    ) as Redis;
    expect(await client.acl('WHOAMI')).toBe('app');
  });

  describe('secretsManager auth', () => {
    const secrets = mockClient(SecretsManagerClient);
    afterEach(() => secrets.reset());
    const secretsClient = new SecretsManagerClient({ region: 'eu-west-1' });

    test('uses a plain secret string as the token', async () => {
      secrets.on(GetSecretValueCommand, { SecretId: 'orders/auth-token' }).resolves({ SecretString: PASSWORD });
      const client = track(
        await createCacheClient({
          endpoint: topologyFor(server),
          tls: { ca: server.ca },
          auth: { kind: 'secretsManager', secretId: 'orders/auth-token', client: secretsClient },
        }),
      ) as Redis;
      expect(await client.acl('WHOAMI')).toBe('default');
    });

    test('uses username and password from a JSON secret', async () => {
      secrets
        .on(GetSecretValueCommand)
        .resolves({ SecretString: JSON.stringify({ username: 'app', password: 'app-password-0123456789' }) });
      const client = track(
        await createCacheClient({
          endpoint: topologyFor(server),
          tls: { ca: server.ca },
          auth: { kind: 'secretsManager', secretId: 'orders/app-user', client: secretsClient },
        }),
      ) as Redis;
      expect(await client.acl('WHOAMI')).toBe('app');
    });

    test('re-reads a rotated secret when it reconnects', async () => {
      await admin.acl('SETUSER', 'rotating', 'on', '>token-A-0123456789abcdef', '~*', '+@all');
      secrets
        .on(GetSecretValueCommand)
        .resolves({ SecretString: JSON.stringify({ username: 'rotating', password: 'token-A-0123456789abcdef' }) });
      const client = track(
        await createCacheClient({
          endpoint: topologyFor(server),
          tls: { ca: server.ca },
          auth: { kind: 'secretsManager', secretId: 'orders/rotating', client: secretsClient },
        }),
      ) as Redis;
      expect(await client.acl('WHOAMI')).toBe('rotating');

      // The rotation's SET: only token B is valid now, the secret holds B, and the connection drops.
      await admin.acl('SETUSER', 'rotating', 'resetpass', '>token-B-0123456789abcdef');
      secrets
        .on(GetSecretValueCommand)
        .resolves({ SecretString: JSON.stringify({ username: 'rotating', password: 'token-B-0123456789abcdef' }) });
      await admin.client('KILL', 'USER', 'rotating');
      await client.set('after-rotation', 'yes');
      expect(await admin.get('after-rotation')).toBe('yes');
      expect(secrets.commandCalls(GetSecretValueCommand).length).toBeGreaterThanOrEqual(2);
    });

    test('rejects a JSON secret without a password key', async () => {
      secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: 'x' }) });
      await expect(
        createCacheClient({
          endpoint: topologyFor(server),
          tls: { ca: server.ca },
          auth: { kind: 'secretsManager', secretId: 'orders/app-user', client: secretsClient },
        }),
      ).rejects.toThrow("secret 'orders/app-user' is JSON without a string 'password' key");
    });
  });

  test('iam auth signs a fresh token on every reconnect', async () => {
    const t0 = Date.UTC(2024, 4, 6, 7, 8, 9);
    let now = t0;
    const iam = { userId: 'iam-user', replicationGroupId: 'orders', region: 'eu-west-1', credentials: CREDENTIALS };
    const tokenAt = (ms: number) => createIamAuthToken({ ...iam, now: new Date(ms) });
    await admin.acl('SETUSER', 'iam-user', 'on', `>${await tokenAt(t0)}`, '~*', '+@all');

    const client = track(
      await createCacheClient({
        endpoint: topologyFor(server),
        tls: { ca: server.ca },
        auth: { kind: 'iam', ...iam, clock: () => now },
      }),
    ) as Redis;
    expect(await client.acl('WHOAMI')).toBe('iam-user');

    // 11 minutes later only the token signed then is valid, and the server drops the connection.
    now = t0 + 11 * 60_000;
    await admin.acl('SETUSER', 'iam-user', 'resetpass', `>${await tokenAt(now)}`);
    await admin.client('KILL', 'USER', 'iam-user');
    await client.set('after-reconnect', 'yes');
    expect(await admin.get('after-reconnect')).toBe('yes');
  });

  test('connects to the primary endpoint of a discovered topology', async () => {
    const client = track(
      await createCacheClient({ endpoint: topologyFor(server), tls: { ca: server.ca }, auth: { kind: 'password', password: PASSWORD } }),
    );
    expect(await client.ping()).toBe('PONG');
  });

  test('createReaderClient connects to the reader endpoint', async () => {
    const reader = track(
      await createReaderClient({
        endpoint: topologyFor(server, { readerEndpoint: { address: 'localhost', port: server.port } }),
        tls: { ca: server.ca },
        auth: { kind: 'password', password: PASSWORD },
      }),
    );
    expect(reader.options.host).toBe('localhost');
    expect(await reader.ping()).toBe('PONG');
  });
});

describe('settings that cannot work', () => {
  const server = { host: '127.0.0.1', port: 1 } as TestRedis;

  test('TLS against a group without transit encryption asks for tls: false', async () => {
    await expect(createCacheClient({ endpoint: topologyFor(server, { transitEncryption: false }) })).rejects.toThrow(
      new CacheConfigurationError("replication group 'orders' has transit encryption off; pass tls: false to connect in plaintext"),
    );
  });

  test('a group without a primary endpoint yet', async () => {
    await expect(createCacheClient({ endpoint: topologyFor(server, { primaryEndpoint: undefined, status: 'creating' }) })).rejects.toThrow(
      "replication group 'orders' has no primary endpoint (status 'creating', cluster mode disabled)",
    );
  });

  test('readFromReplicas with cluster mode off points at createReaderClient', async () => {
    await expect(createCacheClient({ endpoint: topologyFor(server), readFromReplicas: true })).rejects.toThrow(
      'readFromReplicas needs cluster mode; with cluster mode off use createReaderClient',
    );
  });

  test('createReaderClient on a cluster-mode group', async () => {
    await expect(createReaderClient({ endpoint: topologyFor(server, { clusterMode: 'enabled' }) })).rejects.toThrow(
      "replication group 'orders' runs in cluster mode; use createCacheClient with readFromReplicas instead",
    );
  });
});

describe('cluster mode', () => {
  let server: TestRedis;
  let admin: Redis;

  beforeAll(async () => {
    const busPort = await freePort();
    server = await startTestRedis({
      args: [
        '--requirepass',
        PASSWORD,
        '--masterauth',
        PASSWORD,
        '--cluster-enabled',
        'yes',
        '--cluster-port',
        String(busPort),
        '--tls-cluster',
        'yes',
        '--cluster-announce-ip',
        '127.0.0.1',
        '--cluster-config-file',
        'nodes.conf',
      ],
    });
    admin = new Redis({ host: server.host, port: server.port, tls: { ca: server.ca }, password: PASSWORD });
    await admin.cluster('ADDSLOTSRANGE', 0, 16383);
    for (let i = 0; !(await admin.cluster('INFO')).includes('cluster_state:ok'); i++) {
      if (i > 100) throw new Error('single-node cluster never became ok');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  const clusterTopology = () =>
    topologyFor(server, {
      clusterMode: 'enabled',
      primaryEndpoint: undefined,
      configurationEndpoint: { address: 'localhost', port: server.port },
    });

  test('a TLS cluster through its configuration endpoint round-trips', async () => {
    const client = track(
      await createCacheClient({
        endpoint: clusterTopology(),
        tls: { ca: server.ca },
        auth: { kind: 'password', password: PASSWORD },
        readFromReplicas: true,
      }),
    );
    expect(client).toBeInstanceOf(Cluster);
    expect((client as Cluster).options.scaleReads).toBe('slave');
    await client.set('{user:1}:name', 'ada');
    expect(await client.get('{user:1}:name')).toBe('ada');
  });

  test('iam auth: nodes the cluster client (re)creates read the current token', async () => {
    const iam = { userId: 'iam-user', replicationGroupId: 'sessions', region: 'eu-west-1', credentials: CREDENTIALS };
    const t0 = Date.UTC(2024, 4, 6, 7, 8, 9);
    let now = t0;
    const tokenAt = (ms: number) => createIamAuthToken({ ...iam, now: new Date(ms) });
    await admin.acl('SETUSER', 'iam-user', 'on', `>${await tokenAt(t0)}`, '~*', '+@all');
    const client = track(
      await createCacheClient({
        endpoint: clusterTopology(),
        tls: { ca: server.ca },
        auth: { kind: 'iam', ...iam, clock: () => now },
      }),
    ) as Cluster;
    await client.set('{user:2}:name', 'grace');
    expect(await client.nodes('master')[0].acl('WHOAMI')).toBe('iam-user');

    now = t0 + 11 * 60_000;
    await admin.acl('SETUSER', 'iam-user', 'resetpass', `>${await tokenAt(now)}`);
    await admin.client('KILL', 'USER', 'iam-user');
    await client.set('{user:2}:name', 'hopper');
    expect(await admin.get('{user:2}:name')).toBe('hopper');
  });
});

/** A loopback TCP proxy whose upstream can be switched, standing in for a primary endpoint's DNS flip. */
async function startProxy(target: {
  port: number;
}): Promise<{ server: Server; port: number; accepted: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((downstream) => {
    accepted++;
    const upstream = tcpConnect(target.port, '127.0.0.1');
    for (const socket of [downstream, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        downstream.destroy();
        upstream.destroy();
      });
    }
    downstream.pipe(upstream).pipe(downstream);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    server,
    port,
    accepted: () => accepted,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

describe('failover', () => {
  let primary: TestRedis;
  let replica: TestRedis;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const admins: Redis[] = [];

  beforeAll(async () => {
    primary = await startTestRedis({ tls: false });
    replica = await startTestRedis({ tls: false, args: ['--replicaof', primary.host, String(primary.port)] });
  });
  afterAll(async () => {
    admins.forEach((admin) => admin.disconnect());
    await proxy?.close();
    await Promise.all([primary?.stop(), replica?.stop()]);
  });

  test('a write that hits the demoted primary (READONLY) succeeds after the client reconnects to the new primary', async () => {
    const target = { port: primary.port };
    proxy = await startProxy(target);
    const oldPrimary = new Redis({ host: primary.host, port: primary.port });
    const newPrimary = new Redis({ host: replica.host, port: replica.port });
    admins.push(oldPrimary, newPrimary);

    const client = track(await createCacheClient({ endpoint: { host: '127.0.0.1', port: proxy.port }, tls: false }));
    await client.set('order:1', 'before');
    expect(proxy.accepted()).toBe(1);

    // Promote the replica, demote the primary, and flip the "endpoint" - as ElastiCache does on failover.
    await newPrimary.replicaof('NO', 'ONE');
    await oldPrimary.replicaof(replica.host, String(replica.port));
    target.port = replica.port;
    await expect(oldPrimary.set('probe', 'x')).rejects.toThrow(/^READONLY/); // the client's open connection sees this

    await client.set('order:1', 'after');
    expect(await newPrimary.get('order:1')).toBe('after');
    expect(proxy.accepted()).toBe(2);
  });

  test('the reader client does not reconnect on READONLY: a write through it fails at once', async () => {
    const endpoint = { address: primary.host, port: primary.port }; // the demoted primary, a replica by now
    const reader = track(
      await createReaderClient({
        endpoint: topologyFor(primary, { transitEncryption: false, readerEndpoint: endpoint }),
        tls: false,
      }),
    );
    await expect(reader.set('order:2', 'x')).rejects.toThrow(/^READONLY/);
    expect(reader.status).toBe('ready');
  });
});
