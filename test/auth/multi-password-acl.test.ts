/**
 * The Redis behaviour ElastiCache's AUTH token rotation relies on, shown on a real redis-server:
 * a user can have several passwords at once (ROTATE: old and new both valid), and resetting them
 * to just the new one (SET) locks the old password out of *new* connections.
 *
 * ROTATE is modelled as `ACL SETUSER default >new` and SET as `ACL SETUSER default resetpass >new`.
 * The server is TLS-only, like ElastiCache with transit encryption, so the rotation Lambda's AUTH probe
 * runs against it unchanged.
 */
import Redis from 'ioredis';
import { createTlsAuthProbe } from '../../lib/auth/rotation/auth-probe';
import { startTestRedis, TestRedis } from '../../packages/runtime/test/tls-redis';

const OLD_PASS = 'OldPassOldPassOldPass1234';
const NEW_PASS = 'NewPassNewPassNewPass5678';
const ADMIN_PASS = 'AdminPassAdminPass9999';

let server: TestRedis;
let admin: Redis;
const clients: Redis[] = [];

/**
 * Opens a new connection. ioredis reports the server's refusal (WRONGPASS / NOAUTH) as an 'error'
 * event while connect() only says "Connection is closed", so the promise rejects with the former.
 */
function connect(password?: string, username?: string): Promise<Redis> {
  const client = new Redis({
    host: server.host,
    port: server.port,
    tls: { ca: server.ca },
    password,
    username,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.on('error', reject);
    client.once('ready', () => resolve(client));
    client.connect().catch(() => undefined);
  });
}

async function setDefaultUser(...rules: string[]): Promise<void> {
  expect(await admin.call('ACL', 'SETUSER', 'default', ...rules)).toBe('OK');
}

beforeAll(async () => {
  server = await startTestRedis();
  // A separate admin user, so the default user's password changes never lock the test itself out.
  const bootstrap = await connect();
  await bootstrap.call('ACL', 'SETUSER', 'admin', 'on', `>${ADMIN_PASS}`, '~*', '&*', '+@all');
  admin = await connect(ADMIN_PASS, 'admin');
  clients.splice(clients.indexOf(admin), 1); // lives for the whole file; afterAll closes it
});

beforeEach(async () => {
  // Back to a fresh server's default user (no password), then the pre-rotation state: one password.
  await setDefaultUser('reset', 'on', 'nopass', '~*', '&*', '+@all');
  await setDefaultUser('on', `>${OLD_PASS}`, '~*', '+@all');
});

afterEach(async () => {
  // quit() only the live ones: disconnect() on an already closed (refused) client leaves a 2 s timer behind.
  await Promise.all(
    clients
      .splice(0)
      .filter((c) => c.status === 'ready')
      .map((c) => c.quit()),
  );
});

afterAll(async () => {
  await admin?.quit();
  await server?.stop();
});

test('before rotation only the current password authenticates', async () => {
  expect(await (await connect(OLD_PASS)).ping()).toBe('PONG');
  // Adding a password cleared the default user's nopass flag.
  await expect(connect()).rejects.toThrow(/NOAUTH/);
  await expect(connect(NEW_PASS)).rejects.toThrow(/WRONGPASS/);
});

test('ROTATE: with both passwords set, old and new clients keep working and new connections succeed with either', async () => {
  const oldClient = await connect(OLD_PASS);
  await setDefaultUser(`>${NEW_PASS}`);
  const user = (await admin.call('ACL', 'GETUSER', 'default')) as unknown[];
  expect(user[user.indexOf('passwords') + 1]).toHaveLength(2);

  const newClient = await connect(NEW_PASS);
  expect(await oldClient.set('k', 'from-old')).toBe('OK');
  expect(await newClient.get('k')).toBe('from-old');
  expect(await (await connect(OLD_PASS)).ping()).toBe('PONG');
  expect(await (await connect(NEW_PASS)).ping()).toBe('PONG');
  await expect(connect('NeitherPasswordNeither')).rejects.toThrow(/WRONGPASS/);
});

test('SET: resetting to the new password locks the old one out of new connections only', async () => {
  const oldClient = await connect(OLD_PASS);
  await setDefaultUser(`>${NEW_PASS}`);
  const newClient = await connect(NEW_PASS);

  await setDefaultUser('resetpass', `>${NEW_PASS}`);

  await expect(connect(OLD_PASS)).rejects.toThrow(/WRONGPASS/);
  expect(await (await connect(NEW_PASS)).ping()).toBe('PONG');
  expect(await newClient.ping()).toBe('PONG');
  // Redis checks the password only at AUTH time: a connection that authenticated with the old
  // password stays authenticated after the password is removed. It fails only once it reconnects,
  // so clients must re-read the secret when AUTH fails, not just at start-up.
  expect(await oldClient.set('k', 'still-works')).toBe('OK');
});

describe('rotation Lambda AUTH probe over TLS', () => {
  // Built per call: the server (and its CA) only exists once beforeAll has run.
  const probe = (token: string) => createTlsAuthProbe({ tls: { ca: server.ca }, timeoutMs: 2000 })(server, token);

  test('accepts both passwords during ROTATE', async () => {
    await setDefaultUser(`>${NEW_PASS}`);
    await expect(probe(NEW_PASS)).resolves.toBeUndefined();
    await expect(probe(OLD_PASS)).resolves.toBeUndefined();
  });

  test('rejects the old password after SET, quoting the server reply but never the token', async () => {
    await setDefaultUser('resetpass', `>${NEW_PASS}`);
    const err = await probe(OLD_PASS).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/rejected: -WRONGPASS/);
    expect(err?.message).not.toContain(OLD_PASS);
    await expect(probe(NEW_PASS)).resolves.toBeUndefined();
  });

  test('fails on a certificate the trust store does not know', async () => {
    await expect(createTlsAuthProbe({ timeoutMs: 2000 })(server, OLD_PASS)).rejects.toThrow(
      /AUTH probe .* failed: self[- ]signed certificate/,
    );
  });
});
