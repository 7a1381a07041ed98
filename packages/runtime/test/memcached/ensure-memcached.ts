/**
 * What jest's globalSetup does about the `memcached` the Memcached tests need, as for redis-server
 * (../ensure-redis-server.ts): use the one found if it can do TLS (`-Z`); install Debian's package, which is built
 * with TLS, when the machine can do so without asking (root with apt-get, as in CI containers); otherwise fail at once
 * with one message that says how to install it. {@link planMemcached} is pure, so each branch is unit tested.
 */
import { spawnSync } from 'node:child_process';
import { findOnPath, isExecutableFile } from '../../scripts/redis-server';
import { CommandRunner, ensureInstalled, printToStderr, runQuietly, SetupPlan } from '../ensure-installed';

export interface MemcachedEnvironment {
  readonly env: NodeJS.ProcessEnv;
  /** Effective user id; `undefined` where the platform has none. */
  readonly uid: number | undefined;
  readonly isExecutable: (path: string) => boolean;
  /** Whether the binary was built with TLS (its `-h` lists `--enable-ssl`). */
  readonly supportsTls: (binary: string) => boolean;
}

export type MemcachedPlan = SetupPlan<{ readonly binary: string }>;

export const MEMCACHED_INSTALL_NOTICE = "cdk-elasticache tests: memcached not found; installing Debian's memcached with apt-get (root) ...";
export const MISSING_MEMCACHED_MESSAGE =
  'memcached not found (looked at $MEMCACHED_BIN, then memcached on the PATH). Install a build with TLS: ' +
  'Debian/Ubuntu `sudo apt-get install memcached`; macOS `brew install memcached`; or set MEMCACHED_BIN to the binary.';

const APT_COMMANDS: readonly (readonly string[])[] = [
  ['apt-get', 'update', '-qq'],
  ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'memcached'],
];

/** `$MEMCACHED_BIN` when set (and then only it), else `memcached` on the PATH. */
export function findMemcachedBinary(environment: Pick<MemcachedEnvironment, 'env' | 'isExecutable'>): string | undefined {
  const { env, isExecutable } = environment;
  if (env.MEMCACHED_BIN) return isExecutable(env.MEMCACHED_BIN) ? env.MEMCACHED_BIN : undefined;
  return findOnPath(['memcached'], env, isExecutable);
}

/** Decides what to do; never touches the machine. */
export function planMemcached(environment: MemcachedEnvironment): MemcachedPlan {
  const binary = findMemcachedBinary(environment);
  if (binary) {
    if (environment.supportsTls(binary)) return { action: 'use', binary };
    return {
      action: 'fail',
      message: `${binary} was built without TLS (its -h lists no --enable-ssl); the tests need -Z. Install Debian's memcached package or build with ./configure --enable-tls.`,
    };
  }
  if (environment.env.MEMCACHED_BIN) {
    return { action: 'fail', message: `MEMCACHED_BIN=${environment.env.MEMCACHED_BIN} is not an executable file; fix or unset it.` };
  }
  if (environment.uid === 0 && findOnPath(['apt-get'], environment.env, environment.isExecutable)) {
    return { action: 'install', notice: MEMCACHED_INSTALL_NOTICE, commands: APT_COMMANDS };
  }
  return { action: 'fail', message: MISSING_MEMCACHED_MESSAGE };
}

function memcachedSupportsTls(binary: string): boolean {
  const help = spawnSync(binary, ['-h'], { encoding: 'utf8' });
  return `${help.stdout ?? ''}${help.stderr ?? ''}`.includes('--enable-ssl');
}

export function currentMemcachedEnvironment(): MemcachedEnvironment {
  return { env: process.env, uid: process.getuid?.(), isExecutable: isExecutableFile, supportsTls: memcachedSupportsTls };
}

/** Makes sure a TLS-capable memcached exists (installing it when {@link planMemcached} says so) and returns its path. */
export function ensureMemcached(
  environment: MemcachedEnvironment = currentMemcachedEnvironment(),
  run: CommandRunner = runQuietly,
  notify: (line: string) => void = printToStderr,
): string {
  return ensureInstalled(
    () => planMemcached(environment),
    (use) => use.binary,
    MISSING_MEMCACHED_MESSAGE,
    run,
    notify,
  );
}
