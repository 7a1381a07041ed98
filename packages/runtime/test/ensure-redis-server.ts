/**
 * What jest's globalSetup does about the redis-server the runtime tests need, decided before any test runs:
 * use the one found; install Debian's package when the machine can do so without asking (root with apt-get, as in
 * CI containers); otherwise fail at once with one message that says how to install it.
 *
 * The decision ({@link planRedisServer}) is a pure function of the environment, so each branch is unit tested
 * without installing anything.
 */
import {
  BinaryLookup,
  findOnPath,
  findRedisCliBinary,
  findRedisServerBinary,
  isExecutableFile,
  MISSING_SERVER_MESSAGE,
} from '../scripts/redis-server';
import { CommandRunner, ensureInstalled, printToStderr, runQuietly, SetupPlan } from './ensure-installed';

export interface SetupEnvironment extends Required<BinaryLookup> {
  /** Effective user id; `undefined` where the platform has none (Windows). */
  readonly uid: number | undefined;
}

export type RedisServerPlan = SetupPlan<{ readonly server: string; readonly cli: string }>;

export const INSTALL_NOTICE = "cdk-elasticache tests: redis-server not found; installing Debian's redis-server with apt-get (root) ...";

const APT_COMMANDS: readonly (readonly string[])[] = [
  ['apt-get', 'update', '-qq'],
  ['apt-get', 'install', '-y', '-qq', 'redis-server'],
];

export function currentEnvironment(): SetupEnvironment {
  return {
    env: process.env,
    uid: process.getuid?.(),
    isExecutable: isExecutableFile,
  };
}

/** Decides what to do; never touches the machine. */
export function planRedisServer(environment: SetupEnvironment): RedisServerPlan {
  const { env } = environment;
  const server = findRedisServerBinary(environment);
  if (server) {
    const cli = findRedisCliBinary(server, environment);
    if (cli) return { action: 'use', server, cli };
    return {
      action: 'fail',
      message: `found ${server} but no redis-cli (or valkey-cli) beside it or on the PATH; the cluster tests need it. Install the package that ships it (Debian/Ubuntu: redis-tools) or set REDIS_CLI_BIN.`,
    };
  }
  if (env.REDIS_SERVER_BIN) {
    // Installing would not change what the variable points at.
    return { action: 'fail', message: `REDIS_SERVER_BIN=${env.REDIS_SERVER_BIN} is not an executable file; fix or unset it.` };
  }
  if (environment.uid === 0 && findOnPath(['apt-get'], env, environment.isExecutable)) {
    return { action: 'install', notice: INSTALL_NOTICE, commands: APT_COMMANDS };
  }
  return { action: 'fail', message: MISSING_SERVER_MESSAGE };
}

/** Makes sure a server binary exists (installing it when {@link planRedisServer} says so) and returns its path. */
export function ensureRedisServer(
  environment: SetupEnvironment = currentEnvironment(),
  run: CommandRunner = runQuietly,
  notify: (line: string) => void = printToStderr,
): string {
  return ensureInstalled(
    () => planRedisServer(environment),
    (use) => use.server,
    MISSING_SERVER_MESSAGE,
    run,
    notify,
  );
}
