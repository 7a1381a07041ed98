/**
 * Starts a throw-away `redis-server` for the runtime tests, the demo and the benchmark.
 *
 * Every instance listens on loopback only, on a free port, with persistence off
 * (`--save '' --appendonly no`) in its own temporary directory, so runs never share state and
 * never leave files behind. `kill()` + `restart()` reuse the same port, which is how the tests
 * simulate an outage followed by a recovery of the same endpoint.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOST = '127.0.0.1';
const DEFAULT_BINARY = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const READY_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 3_000;

export interface RedisServerOptions {
  /** Port to listen on. @default - a free port picked by the OS */
  readonly port?: number;
  /** Path of the `redis-server` binary. @default - `$REDIS_SERVER_BIN` or `/usr/bin/redis-server` */
  readonly binary?: string;
}

/** A running (or stopped) local `redis-server`. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** Kills the process with SIGKILL (a crash, no graceful shutdown) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and waits until it serves requests. */
  restart(): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s) and deletes its temporary directory. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` and resolves once it serves requests. Without an explicit port, a start that
 * fails (another process took the free port in between) is retried on a new port.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(options.port ?? (await freePort()), options.binary ?? DEFAULT_BINARY);
    } catch (err) {
      if (options.port !== undefined || attempt === 3) throw err;
    }
  }
}

async function startOn(port: number, binary: string): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-elasticache-redis-'));
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const proc = spawn(
      binary,
      ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let output = ''; // kept (bounded) to explain an early exit, e.g. "Address already in use"
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000));
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    const exited = new Promise<never>((_, reject) => {
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`redis-server on port ${port} exited with code ${code}: ${output.trim()}`)));
    });
    exited.catch(() => undefined); // observed only through the race below; later exits are expected
    await Promise.race([waitUntilServing(port, proc.pid), exited]);
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    await launch();
  } catch (err) {
    await terminate('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    host: HOST,
    port,
    kill: () => terminate('SIGKILL'),
    restart: async () => {
      await terminate('SIGKILL');
      await launch();
    },
    stop: async () => {
      await terminate('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
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
 * Polls with a raw RESP `INFO server` (no client library) until the server on `port` answers and
 * reports `pid` as its process id, so a server some other process already runs on the port is
 * never mistaken for ours.
 */
async function waitUntilServing(port: number, pid: number | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if ((await serverPid(port)) === pid) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server (pid ${pid}) did not start serving on port ${port} within ${READY_TIMEOUT_MS} ms`);
}

function serverPid(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const done = (pid: number | undefined): void => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(500, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.on('data', (data) => {
      reply += data.toString();
      const match = /process_id:(\d+)/.exec(reply);
      if (match) done(Number(match[1]));
      else if (reply.startsWith('-')) done(undefined); // e.g. -LOADING
    });
    socket.connect(port, HOST, () => socket.write('INFO server\r\n'));
  });
}
