/**
 * Starts a throw-away `redis-server` (or `valkey-server`) for the runtime tests, the demo and the benchmark.
 *
 * Every instance listens on loopback only, with persistence off (`--save '' --appendonly no`) in its own
 * temporary directory, so runs never share state and never leave files behind. `kill()` + `restart()` reuse the
 * same port and directory, which is how the tests simulate an outage followed by a recovery of the same endpoint
 * (and how a cluster node comes back with its `nodes.conf`).
 */
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { onProcessExit, serverProcess, waitUntilServing } from './server-process';

const HOST = '127.0.0.1';

/** Where {@link findRedisServerBinary} and {@link findRedisCliBinary} look; injectable for tests. */
export interface BinaryLookup {
  /** Reads `REDIS_SERVER_BIN`, `REDIS_CLI_BIN` and `PATH`. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - a regular file with the execute bit for this user */
  readonly isExecutable?: (path: string) => boolean;
}

/**
 * The server binary: `$REDIS_SERVER_BIN` when set (and then only it), else `redis-server` on the PATH, else
 * `valkey-server` on the PATH. `undefined` when none is found.
 */
export function findRedisServerBinary(lookup: BinaryLookup = {}): string | undefined {
  const env = lookup.env ?? process.env;
  const isExecutable = lookup.isExecutable ?? isExecutableFile;
  if (env.REDIS_SERVER_BIN) return isExecutable(env.REDIS_SERVER_BIN) ? env.REDIS_SERVER_BIN : undefined;
  return findOnPath(['redis-server', 'valkey-server'], env, isExecutable);
}

/**
 * The `redis-cli` for cluster setup: `$REDIS_CLI_BIN`, else `redis-cli` / `valkey-cli` next to `serverBinary`,
 * else on the PATH.
 */
export function findRedisCliBinary(serverBinary: string, lookup: BinaryLookup = {}): string | undefined {
  const env = lookup.env ?? process.env;
  const isExecutable = lookup.isExecutable ?? isExecutableFile;
  if (env.REDIS_CLI_BIN) return isExecutable(env.REDIS_CLI_BIN) ? env.REDIS_CLI_BIN : undefined;
  const names = ['redis-cli', 'valkey-cli'];
  return findOnPath(names, { PATH: dirname(serverBinary) }, isExecutable) ?? findOnPath(names, env, isExecutable);
}

/** The first of `names` found in a directory of `env.PATH` (names in order of preference, then PATH order). */
export function findOnPath(names: readonly string[], env: NodeJS.ProcessEnv, isExecutable: (path: string) => boolean): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** A regular file this user may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The one message every "no server binary" failure shows. */
export const MISSING_SERVER_MESSAGE =
  'redis-server not found (looked at $REDIS_SERVER_BIN, then redis-server and valkey-server on the PATH). Install it: ' +
  'Debian/Ubuntu `sudo apt-get install redis-server`; macOS `brew install redis` (or `brew install valkey`); ' +
  'or set REDIS_SERVER_BIN to the server binary.';

/** {@link findRedisServerBinary}, or an error that says how to install one. */
export function requireRedisServerBinary(lookup: BinaryLookup = {}): string {
  const binary = findRedisServerBinary(lookup);
  if (binary) return binary;
  const env = lookup.env ?? process.env;
  throw new Error(env.REDIS_SERVER_BIN ? `REDIS_SERVER_BIN=${env.REDIS_SERVER_BIN} is not an executable file` : MISSING_SERVER_MESSAGE);
}

export interface RedisServerOptions {
  /** Port to listen on. @default - a free port picked by the OS */
  readonly port?: number;
  /** Path of the server binary. @default - {@link findRedisServerBinary} */
  readonly binary?: string;
  /** Extra arguments, e.g. cluster or TLS settings. @default [] */
  readonly args?: readonly string[];
  /**
   * The port speaks TLS only (`--port 0 --tls-port <port>`; pass the certificate arguments in `args`), and the
   * readiness probe connects with TLS.
   * @default false
   */
  readonly tls?: boolean;
  /** Sets `--requirepass`; the readiness probe authenticates with it. @default - no password */
  readonly password?: string;
}

/** A running (or stopped) local server. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** Its data directory (`--dir`). */
  readonly dir: string;
  /** Process id of the current process, `undefined` while stopped. */
  readonly pid: number | undefined;
  /** Kills the process with SIGKILL (a crash, no graceful shutdown) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory and waits until it serves requests. */
  restart(): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s) and deletes its temporary directory. */
  stop(): Promise<void>;
}

/**
 * Starts a server and resolves once it serves requests. Without an explicit port, a start that fails (another
 * process took the free port in between) is retried on a new port.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? requireRedisServerBinary();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(options.port ?? (await freePort()), binary, options);
    } catch (err) {
      if (options.port !== undefined || attempt === 3) throw err;
    }
  }
}

async function startOn(port: number, binary: string, options: RedisServerOptions): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-elasticache-redis-'));
  const listen = options.tls ? ['--port', '0', '--tls-port', String(port)] : ['--port', String(port)];
  const args = [...listen, '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
  if (options.password !== undefined) args.push('--requirepass', options.password);
  args.push(...(options.args ?? []));
  // Its directory goes with it when this process exits unstopped (see server-process.ts).
  const server = serverProcess(binary, args, port, (pid) => waitUntilRedisServes(port, pid, options));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const forgetDir = onProcessExit(removeDir);

  const stop = async (signal: NodeJS.Signals) => {
    await server.terminate(signal);
    forgetDir();
    removeDir();
  };
  try {
    await server.launch();
  } catch (err) {
    await stop('SIGKILL');
    throw err;
  }

  return {
    host: HOST,
    port,
    dir,
    get pid() {
      return server.pid;
    },
    kill: () => server.terminate('SIGKILL'),
    restart: async () => {
      await server.terminate('SIGKILL');
      await server.launch();
    },
    stop: () => stop('SIGTERM'),
  };
}

/** Asks the OS for a free loopback port (bind to port 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Polls with a raw RESP `INFO server` (no client library) until the server on `port` answers and reports `pid`
 * as its process id: the server's own readiness (it answers commands, and not with -LOADING), and never a server
 * some other process already runs on the port.
 */
function waitUntilRedisServes(port: number, pid: number | undefined, options: RedisServerOptions): Promise<void> {
  const auth = options.password === undefined ? '' : `AUTH ${JSON.stringify(options.password)}\r\n`;
  return waitUntilServing(
    'server',
    {
      port,
      tls: options.tls ?? false,
      request: `${auth}INFO server\r\n`,
      pid: /process_id:(\d+)/,
      refused: (reply) => reply.startsWith('-') || reply.includes('\r\n-'), // e.g. -LOADING, -WRONGPASS
    },
    pid,
  );
}
