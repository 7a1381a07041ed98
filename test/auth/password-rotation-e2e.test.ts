/**
 * A user password rotation end to end against a real, TLS-only redis-server with ACL users: the shipped rotation
 * handler runs its four steps (Secrets Manager and ElastiCache's user API are aws-sdk-client-mock fakes; the fake
 * ModifyUser sets the user's passwords on the server with `ACL SETUSER <user> resetpass >p1 [>p2]`, which is what
 * ElastiCache's list of up to two passwords is), and its AUTH probe tests the new password on the server. The runtime
 * client (`createCacheClient` with the secret, as `connectFromEnvironment()` builds it) shows what applications see:
 * a connection made with the old password stays connected, a new client reads and uses the new password, and a
 * client whose connection drops reconnects with the new one.
 */
import { DescribeUsersCommand, ElastiCacheClient, ModifyUserCommand, ModifyUserCommandInput } from '@aws-sdk/client-elasticache';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import Redis from 'ioredis';
import { createTlsAuthProbe } from '../../lib/auth/rotation/auth-probe';
import { createRotationHandler } from '../../lib/auth/rotation/handler';
import { createCacheClient } from '../../packages/runtime/src/connection';
import { startTestRedis, TestRedis } from '../../packages/runtime/test/tls-redis';

jest.setTimeout(20_000);

const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-app-AbCdEf';
const USER = 'app';
const USER_ID = 'app-0123456789ab';
const OLD_PASSWORD = 'OldPasswordOldPasswordOldPassword0123456789';
const ADMIN_PASSWORD = 'AdminPasswordAdminPassword0123456789';

let server: TestRedis;
let admin: Redis;
const opened: Redis[] = [];

/** Every secret version: its value and stages. GetSecretValue without a version reads AWSCURRENT, as the runtime does. */
const versions = new Map<string, { value?: string; stages: Set<string> }>();
const attach = (stage: string, versionId: string) => {
  for (const v of versions.values()) v.stages.delete(stage);
  versions.get(versionId)!.stages.add(stage);
};
const valueAt = (stage: string) => [...versions.values()].find((v) => v.stages.has(stage))?.value;
const passwordAt = (stage: string) => (JSON.parse(valueAt(stage)!) as { password: string }).password;

/** The user's passwords on the server, as ACL GETUSER lists them (SHA-256 hashes). */
async function passwordCount(): Promise<number> {
  const user = (await admin.call('ACL', 'GETUSER', USER)) as unknown[];
  return (user[user.indexOf('passwords') + 1] as unknown[]).length;
}

function mockAws(): void {
  const sm = mockClient(SecretsManagerClient);
  sm.on(DescribeSecretCommand).callsFake(() => ({
    ARN: SECRET_ID,
    RotationEnabled: true,
    VersionIdsToStages: Object.fromEntries([...versions].filter(([, v]) => v.stages.size > 0).map(([id, v]) => [id, [...v.stages]])),
  }));
  sm.on(GetSecretValueCommand).callsFake((i: { VersionId?: string; VersionStage?: string }) => {
    const entry = i.VersionId
      ? versions.get(i.VersionId)
      : [...versions.values()].find((v) => v.stages.has(i.VersionStage ?? 'AWSCURRENT'));
    if (!entry?.value || (i.VersionStage && !entry.stages.has(i.VersionStage))) {
      throw new ResourceNotFoundException({ message: 'not found', $metadata: {} });
    }
    return { ARN: SECRET_ID, SecretString: entry.value };
  });
  sm.on(GetRandomPasswordCommand).callsFake((i: { PasswordLength?: number }) => ({
    RandomPassword: 'NewPassword'.padEnd(i.PasswordLength ?? 64, 'Z'),
  }));
  sm.on(PutSecretValueCommand).callsFake((i: { ClientRequestToken: string; SecretString: string; VersionStages: string[] }) => {
    versions.set(i.ClientRequestToken, { value: i.SecretString, stages: versions.get(i.ClientRequestToken)?.stages ?? new Set() });
    i.VersionStages.forEach((stage) => attach(stage, i.ClientRequestToken));
    return { ARN: SECRET_ID };
  });
  sm.on(UpdateSecretVersionStageCommand).callsFake(
    (i: { VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string }) => {
      if (i.RemoveFromVersionId) versions.get(i.RemoveFromVersionId)?.stages.delete(i.VersionStage);
      if (i.MoveToVersionId) attach(i.VersionStage, i.MoveToVersionId);
      return { ARN: SECRET_ID };
    },
  );

  const ec = mockClient(ElastiCacheClient);
  ec.on(DescribeUsersCommand).callsFake(async () => ({
    Users: [
      { UserId: USER_ID, UserName: USER, Status: 'active', Authentication: { Type: 'password', PasswordCount: await passwordCount() } },
    ],
  }));
  ec.on(ModifyUserCommand).callsFake(async (i: ModifyUserCommandInput) => {
    const passwords = i.AuthenticationMode!.Passwords!;
    // ElastiCache replaces the user's list; on the engine that is resetpass, then each password.
    expect(await admin.call('ACL', 'SETUSER', USER, 'resetpass', ...passwords.map((p) => `>${p}`))).toBe('OK');
    return { UserId: USER_ID, Status: 'active' };
  });
}

/** A raw connection as `username` / `password` (rejects with the server's WRONGPASS). */
function connectRaw(password: string): Promise<Redis> {
  const client = new Redis({
    host: server.host,
    port: server.port,
    tls: { ca: server.ca },
    username: USER,
    password,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  opened.push(client);
  return new Promise((resolve, reject) => {
    client.on('error', reject);
    client.once('ready', () => resolve(client));
    client.connect().catch(() => undefined);
  });
}

/** The runtime's client, reading its password from the secret (and again on every reconnect). */
async function runtimeClient(): Promise<Redis> {
  const client = (await createCacheClient({
    endpoint: { address: server.host, port: server.port },
    tls: { ca: server.ca },
    auth: { kind: 'secretsManager', secretId: SECRET_ID, client: new SecretsManagerClient({ region: 'us-east-1' }) },
  })) as Redis;
  client.on('error', () => undefined); // expected while the connection is killed
  opened.push(client);
  return client;
}

async function rotationStep(step: string, token: string): Promise<void> {
  await createRotationHandler({
    secretsManager: new SecretsManagerClient({ region: 'us-east-1' }),
    elastiCache: new ElastiCacheClient({ region: 'us-east-1' }),
    env: { USER_ID, TEST_CONNECT: 'true', CACHE_HOST: server.host, CACHE_PORT: String(server.port) },
    probeAuth: createTlsAuthProbe({ tls: { ca: server.ca }, timeoutMs: 3000 }),
    sleep: async () => undefined,
  })({ SecretId: SECRET_ID, ClientRequestToken: token, Step: step }, { getRemainingTimeInMillis: () => 60_000 });
}

beforeAll(async () => {
  server = await startTestRedis();
  const bootstrap = new Redis({ host: server.host, port: server.port, tls: { ca: server.ca } });
  await bootstrap.call('ACL', 'SETUSER', 'admin', 'on', `>${ADMIN_PASSWORD}`, '~*', '&*', '+@all');
  await bootstrap.call('ACL', 'SETUSER', 'default', 'off');
  await bootstrap.quit();
  admin = new Redis({ host: server.host, port: server.port, tls: { ca: server.ca }, username: 'admin', password: ADMIN_PASSWORD });
});

beforeEach(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  versions.clear();
  versions.set('v1', { value: JSON.stringify({ username: USER, password: OLD_PASSWORD }), stages: new Set(['AWSCURRENT']) });
  await admin.call('ACL', 'SETUSER', USER, 'reset', 'on', `>${OLD_PASSWORD}`, '~*', '&*', '+@all');
  mockAws();
});

afterEach(async () => {
  jest.restoreAllMocks();
  // quit() the live ones only: disconnect() on a refused (closed) client leaves a timer behind.
  await Promise.all(
    opened
      .splice(0)
      .filter((client) => client.status === 'ready')
      .map((client) => client.quit()),
  );
});

afterAll(async () => {
  await admin?.quit();
  await server?.stop();
});

test('a rotation keeps the connected client working, and new and reconnecting clients use the new password', async () => {
  const before = await runtimeClient();
  expect(await before.call('ACL', 'WHOAMI')).toBe(USER);
  await before.set('order:1', 'placed');

  versions.set('v2', { stages: new Set(['AWSPENDING']) });
  await rotationStep('createSecret', 'v2');
  await rotationStep('setSecret', 'v2');
  // Between setSecret and finishSecret the user holds both passwords: clients on either connect.
  expect(await passwordCount()).toBe(2);
  const newPassword = (JSON.parse(versions.get('v2')!.value!) as { password: string }).password;
  expect(await (await connectRaw(OLD_PASSWORD)).ping()).toBe('PONG');
  expect(await (await connectRaw(newPassword)).ping()).toBe('PONG');
  await rotationStep('testSecret', 'v2'); // the real AUTH probe, as `app` with the new password
  await rotationStep('finishSecret', 'v2');

  expect(passwordAt('AWSCURRENT')).toBe(newPassword);
  expect(await passwordCount()).toBe(1);
  // The old password no longer opens a connection...
  await expect(connectRaw(OLD_PASSWORD)).rejects.toThrow(/WRONGPASS/);
  // ...but the connection it authenticated stays connected and working.
  expect(await before.get('order:1')).toBe('placed');
  expect(await before.set('order:2', 'paid')).toBe('OK');
  // A new client reads the new password from the secret.
  const after = await runtimeClient();
  expect(await after.call('ACL', 'WHOAMI')).toBe(USER);
  expect(await after.get('order:2')).toBe('paid');

  // When the old client's connection drops, it reconnects with the password it re-reads from the secret.
  expect(await admin.call('CLIENT', 'KILL', 'USER', USER)).toBeGreaterThanOrEqual(2);
  expect(await before.set('order:3', 'shipped')).toBe('OK');
  expect(await admin.get('order:3')).toBe('shipped');
});

test('a failed test leaves the old password the one clients read, and valid', async () => {
  versions.set('v2', { stages: new Set(['AWSPENDING']) });
  await rotationStep('createSecret', 'v2');
  await rotationStep('setSecret', 'v2');
  // Someone resets the user to the new password alone behind the rotation's back: testSecret sees one password.
  const newPassword = (JSON.parse(versions.get('v2')!.value!) as { password: string }).password;
  await admin.call('ACL', 'SETUSER', USER, 'resetpass', `>${OLD_PASSWORD}`);
  await expect(rotationStep('testSecret', 'v2')).rejects.toThrow(/holds 1 password\(s\), not the 2 setSecret gave it/);
  expect(passwordAt('AWSCURRENT')).toBe(OLD_PASSWORD);
  expect(await (await runtimeClient()).ping()).toBe('PONG');
  await expect(connectRaw(newPassword)).rejects.toThrow(/WRONGPASS/);
});

test('the AUTH probe refuses a password the server does not hold, naming the user but not the password', async () => {
  const probe = createTlsAuthProbe({ tls: { ca: server.ca }, timeoutMs: 3000 });
  await expect(probe(server, OLD_PASSWORD, USER)).resolves.toBeUndefined();
  const error = await probe(server, 'NotThePasswordNotThePassword', USER).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message).toMatch(/^AUTH with user app's pending password was rejected: -WRONGPASS/);
  expect(error?.message).not.toContain('NotThePassword');
});
