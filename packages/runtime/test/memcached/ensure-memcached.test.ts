import {
  ensureMemcached,
  findMemcachedBinary,
  MEMCACHED_INSTALL_NOTICE,
  MemcachedEnvironment,
  MISSING_MEMCACHED_MESSAGE,
  planMemcached,
} from './ensure-memcached';

const PATH = '/usr/local/bin:/usr/bin:/bin';

/** A machine whose executables are `files`, whose memcached builds in `withTls` have TLS. */
function machine(
  files: string[],
  env: NodeJS.ProcessEnv,
  uid: number | undefined = 1000,
  withTls = files,
): MemcachedEnvironment & { files: Set<string> } {
  const present = new Set(files);
  return { env, uid, isExecutable: (path) => present.has(path), supportsTls: (binary) => withTls.includes(binary), files: present };
}

describe('finding memcached', () => {
  test('MEMCACHED_BIN wins over the PATH; a set one that is missing finds nothing', () => {
    expect(findMemcachedBinary(machine(['/opt/mc/memcached', '/usr/bin/memcached'], { PATH, MEMCACHED_BIN: '/opt/mc/memcached' }))).toBe(
      '/opt/mc/memcached',
    );
    expect(findMemcachedBinary(machine(['/usr/bin/memcached'], { PATH, MEMCACHED_BIN: '/nope/memcached' }))).toBeUndefined();
    expect(findMemcachedBinary(machine(['/usr/bin/memcached'], { PATH }))).toBe('/usr/bin/memcached');
  });
});

describe('planMemcached', () => {
  test('uses a memcached built with TLS', () => {
    expect(planMemcached(machine(['/usr/bin/memcached'], { PATH }))).toEqual({ action: 'use', binary: '/usr/bin/memcached' });
  });

  test('fails on a memcached built without TLS, saying how to get one', () => {
    const plan = planMemcached(machine(['/usr/bin/memcached'], { PATH }, 1000, []));
    expect(plan.action).toBe('fail');
    expect(plan.action === 'fail' && plan.message).toMatch(/built without TLS.*Debian's memcached/);
  });

  test('installs with apt-get as root when nothing is found', () => {
    expect(planMemcached(machine(['/usr/bin/apt-get'], { PATH }, 0))).toEqual({
      action: 'install',
      notice: MEMCACHED_INSTALL_NOTICE,
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'memcached'],
      ],
    });
  });

  test('fails with instructions when not root, or without apt-get', () => {
    expect(planMemcached(machine(['/usr/bin/apt-get'], { PATH }, 1000))).toEqual({ action: 'fail', message: MISSING_MEMCACHED_MESSAGE });
    expect(planMemcached(machine([], { PATH }, 0))).toEqual({ action: 'fail', message: MISSING_MEMCACHED_MESSAGE });
  });

  test('does not install over a MEMCACHED_BIN that points nowhere', () => {
    expect(planMemcached(machine(['/usr/bin/apt-get'], { PATH, MEMCACHED_BIN: '/nope' }, 0))).toEqual({
      action: 'fail',
      message: 'MEMCACHED_BIN=/nope is not an executable file; fix or unset it.',
    });
  });
});

describe('ensureMemcached', () => {
  test('runs the apt-get commands, then uses the installed binary', () => {
    const m = machine(['/usr/bin/apt-get'], { PATH }, 0, ['/usr/bin/memcached']);
    const ran: string[] = [];
    const notices: string[] = [];
    const binary = ensureMemcached(
      m,
      (command) => {
        ran.push(command.join(' '));
        if (command[1] === 'install') m.files.add('/usr/bin/memcached');
      },
      (line) => notices.push(line),
    );
    expect(binary).toBe('/usr/bin/memcached');
    expect(ran).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends memcached']);
    expect(notices).toEqual([MEMCACHED_INSTALL_NOTICE]);
  });

  test('fails with one line and no stack when nothing can be done', () => {
    expect(() =>
      ensureMemcached(
        machine([], { PATH }),
        () => undefined,
        () => undefined,
      ),
    ).toThrow(`cdk-elasticache tests: ${MISSING_MEMCACHED_MESSAGE}`);
  });
});
