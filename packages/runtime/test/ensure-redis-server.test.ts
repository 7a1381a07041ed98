import { findRedisServerBinary } from '../scripts/redis-server';
import { ensureRedisServer, INSTALL_NOTICE, planRedisServer, SetupEnvironment } from './ensure-redis-server';

/** A machine whose executable files are exactly `files`; `install` adds files, as apt-get would. */
function machine(files: string[], env: NodeJS.ProcessEnv, uid: number | undefined = 1000): SetupEnvironment & { files: Set<string> } {
  const present = new Set(files);
  return { env, uid, isExecutable: (path) => present.has(path), files: present };
}

const PATH = '/usr/local/bin:/usr/bin:/bin';

describe('finding the server binary', () => {
  test('REDIS_SERVER_BIN wins over the PATH', () => {
    const m = machine(['/opt/redis/bin/redis-server', '/usr/bin/redis-server'], { PATH, REDIS_SERVER_BIN: '/opt/redis/bin/redis-server' });
    expect(findRedisServerBinary(m)).toBe('/opt/redis/bin/redis-server');
  });

  test('redis-server on the PATH, in PATH order, before valkey-server', () => {
    expect(findRedisServerBinary(machine(['/usr/bin/redis-server', '/usr/local/bin/valkey-server'], { PATH }))).toBe(
      '/usr/bin/redis-server',
    );
    expect(findRedisServerBinary(machine(['/usr/local/bin/valkey-server'], { PATH }))).toBe('/usr/local/bin/valkey-server');
  });

  test('an empty REDIS_SERVER_BIN counts as unset; a set one that is missing finds nothing', () => {
    expect(findRedisServerBinary(machine(['/usr/bin/redis-server'], { PATH, REDIS_SERVER_BIN: '' }))).toBe('/usr/bin/redis-server');
    expect(findRedisServerBinary(machine(['/usr/bin/redis-server'], { PATH, REDIS_SERVER_BIN: '/nope/redis-server' }))).toBeUndefined();
  });
});

describe('planRedisServer', () => {
  test('uses the server found, with the redis-cli beside it', () => {
    const m = machine(['/opt/valkey/valkey-server', '/opt/valkey/valkey-cli', '/usr/bin/redis-cli'], {
      PATH,
      REDIS_SERVER_BIN: '/opt/valkey/valkey-server',
    });
    expect(planRedisServer(m)).toEqual({ action: 'use', server: '/opt/valkey/valkey-server', cli: '/opt/valkey/valkey-cli' });
  });

  test('installs with apt-get as root when nothing is found', () => {
    expect(planRedisServer(machine(['/usr/bin/apt-get'], { PATH }, 0))).toEqual({
      action: 'install',
      notice: INSTALL_NOTICE,
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', 'redis-server'],
      ],
    });
  });

  test.each([
    ['a non-root user with apt-get', machine(['/usr/bin/apt-get'], { PATH }, 1000)],
    ['root without apt-get (macOS, Alpine)', machine([], { PATH }, 0)],
    ['a platform without uids', machine(['/usr/bin/apt-get'], { PATH }, undefined)],
  ])('fails with install instructions for %s', (_case, m) => {
    const plan = planRedisServer(m);
    expect(plan.action).toBe('fail');
    const message = plan.action === 'fail' ? plan.message : '';
    expect(message).toContain('apt-get install redis-server');
    expect(message).toContain('brew install redis');
    expect(message).toContain('brew install valkey');
    expect(message).toContain('REDIS_SERVER_BIN');
  });

  test('never installs over an explicit REDIS_SERVER_BIN that is wrong', () => {
    expect(planRedisServer(machine(['/usr/bin/apt-get'], { PATH, REDIS_SERVER_BIN: '/nope' }, 0))).toEqual({
      action: 'fail',
      message: 'REDIS_SERVER_BIN=/nope is not an executable file; fix or unset it.',
    });
  });

  test('fails when the server has no redis-cli anywhere', () => {
    const plan = planRedisServer(machine(['/usr/bin/redis-server'], { PATH }));
    expect(plan).toMatchObject({ action: 'fail', message: expect.stringContaining('no redis-cli (or valkey-cli)') });
  });
});

describe('ensureRedisServer', () => {
  test('prints one line, runs apt-get, and returns the installed server', () => {
    const m = machine(['/usr/bin/apt-get'], { PATH }, 0);
    const ran: string[] = [];
    const lines: string[] = [];
    const server = ensureRedisServer(
      m,
      (command) => {
        ran.push(command.join(' '));
        if (command.includes('install')) ['/usr/bin/redis-server', '/usr/bin/redis-cli'].forEach((f) => m.files.add(f));
      },
      (line) => lines.push(line),
    );
    expect(server).toBe('/usr/bin/redis-server');
    expect(lines).toEqual([INSTALL_NOTICE]);
    expect(ran).toEqual(['apt-get update -qq', 'apt-get install -y -qq redis-server']);
  });

  test('a failed install reports the command and its output, without a stack trace', () => {
    const m = machine(['/usr/bin/apt-get'], { PATH }, 0);
    const failing = () => {
      throw new Error('`apt-get update -qq` failed (exit 100): Temporary failure resolving deb.debian.org');
    };
    expect(() => ensureRedisServer(m, failing, () => undefined)).toThrow(
      'cdk-elasticache tests: `apt-get update -qq` failed (exit 100): Temporary failure resolving deb.debian.org',
    );
  });

  test('fails without running anything where it cannot install', () => {
    const run = jest.fn();
    let error: Error | undefined;
    try {
      ensureRedisServer(machine([], { PATH }, 1000), run, () => undefined);
    } catch (err) {
      error = err as Error;
    }
    expect(run).not.toHaveBeenCalled();
    expect(error?.message).toMatch(/^cdk-elasticache tests: redis-server not found/);
    expect(error?.stack).toBe(error?.message);
  });
});
