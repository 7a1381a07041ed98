/**
 * Issue 18 §3 / issue 19 item 4: users made from the constructs' AccessString.readWrite() / readOnly(), applied to a
 * real redis-server, connect with connectFromEnvironment and run every runtime pattern. The server's ACL LOG proves
 * that nothing was denied silently (a skipped ready check, an unnamed connection, replica reads turned away); the
 * read-only user's writes fail with a CachePermissionError that names the permission.
 */
import { Redis } from 'ioredis';
import type { CacheClient } from '../../src/connection';
import { useRedisServer } from '../redis-server';
import { aclLog, applyUsers, connectAs, USERS } from './acl-users';
import { everyPatternReadOnly, everyPatternReadWrite, READ_ONLY_REFUSED } from './patterns';

const suite = useRedisServer();
const clients: CacheClient[] = [];
let warn: jest.SpyInstance;

beforeAll(() => applyUsers([suite.redis]));
beforeEach(() => (warn = jest.spyOn(console, 'warn')));
afterEach(() => {
  clients.splice(0).forEach((client) => client.disconnect());
  warn.mockRestore();
});

const connect = async (role: 'writer' | 'reader') => {
  const client = await connectAs(role, { address: suite.server.host, port: suite.server.port, cluster: false });
  clients.push(client);
  return client;
};

test('a readWrite() user runs every pattern, and the server denied it nothing', async () => {
  await everyPatternReadWrite(await connect('writer'), suite.redis);

  expect(await aclLog([suite.redis], USERS.writer.name)).toEqual([]);
  expect(warn).not.toHaveBeenCalled(); // e.g. ioredis' "Skipping the ready check because INFO command fails"
}, 30_000);

test('a readOnly() user reads with every pattern, and each write fails naming the permission', async () => {
  await everyPatternReadOnly(await connect('reader'), suite.redis, { nearCache: true });

  const denied = await aclLog([suite.redis], USERS.reader.name);
  expect(denied.filter((entry) => !(entry.reason === 'command' && READ_ONLY_REFUSED.includes(entry.object)))).toEqual([]);
  expect(warn).not.toHaveBeenCalled();
}, 30_000);

test('the access strings before this change lock the runtime out (the regression this guards)', async () => {
  await suite.redis.acl(
    'SETUSER',
    'old',
    'reset',
    'on',
    '>old-password-0123456789',
    '~app:*',
    '&*',
    '-@all',
    '+@read',
    '+@write',
    '+@pubsub',
    '+@connection',
    '-@dangerous',
  );
  const old = new Redis({
    host: suite.server.host,
    port: suite.server.port,
    username: 'old',
    password: 'old-password-0123456789',
    enableReadyCheck: false,
  });
  try {
    await expect(old.evalsha('0'.repeat(40), 0)).rejects.toThrow(/NOPERM/);
    await expect(old.multi().get('app:x').exec()).rejects.toThrow(/NOPERM|EXECABORT/);
  } finally {
    old.disconnect();
  }
});
