/**
 * Test helper: real `memcached` processes on free loopback ports (never a mock, see DESIGN.md), plaintext or TLS-only
 * (`-Z` with a throw-away self-signed certificate made by `openssl`, as ElastiCache with in-transit encryption).
 * Each one is stopped by its pid; `pause`/`resume` (SIGSTOP/SIGCONT) make a node that is up but does not answer.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/redis-server';
import { serverProcess, waitUntilServing } from '../../scripts/server-process';

const HOST = '127.0.0.1';

/** A self-signed P-256 certificate for 127.0.0.1 and localhost, valid one day. */
export interface TestCertificate {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** PEM, to pass as `tls: { ca }`. */
  readonly ca: string;
  remove(): void;
}

export function makeCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-elasticache-memcached-tls-'));
  const [certFile, keyFile] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost'].concat([
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]),
    { stdio: 'ignore' },
  );
  return { dir, certFile, keyFile, ca: readFileSync(certFile, 'utf8'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface MemcachedServerOptions {
  /** Serve TLS only, with this certificate. @default - plaintext */
  readonly certificate?: TestCertificate;
  /** memcached `-I`, e.g. '1m'. @default - memcached's default (1 MB) */
  readonly maxItemSize?: string;
}

export interface MemcachedServer {
  readonly host: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** SIGKILL (a crash), and wait for the exit. */
  kill(): Promise<void>;
  /** SIGSTOP, and wait until the process is stopped: it keeps its socket open and answers nothing. */
  pause(): Promise<void>;
  /** SIGCONT. */
  resume(): void;
  /** Starts again on the same port, empty, and waits until it serves. */
  restart(): Promise<void>;
  /** SIGTERM (SIGKILL after 3 s). */
  stop(): Promise<void>;
}

/** The memcached binary: set by the jest globalSetup (ensure-memcached.ts), else on the PATH. */
function binary(): string {
  return process.env.MEMCACHED_BIN ?? 'memcached';
}

export async function startMemcached(options: MemcachedServerOptions = {}): Promise<MemcachedServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(await freePort(), options);
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

async function startOn(port: number, options: MemcachedServerOptions): Promise<MemcachedServer> {
  const args = ['-l', HOST, '-p', String(port), '-U', '0', '-m', '64', '-t', '2'];
  if (process.getuid?.() === 0) args.push('-u', 'root'); // memcached refuses to run as root without -u
  if (options.maxItemSize) args.push('-I', options.maxItemSize);
  const cert = options.certificate;
  if (cert) args.push('-Z', '-o', `ssl_chain_cert=${cert.certFile},ssl_key=${cert.keyFile}`);
  const server = serverProcess(binary(), args, port, (pid) => waitUntilMemcachedServes(port, pid, cert !== undefined));

  try {
    await server.launch();
  } catch (err) {
    await server.terminate('SIGKILL');
    throw err;
  }
  return {
    host: HOST,
    port,
    get pid() {
      return server.pid;
    },
    kill: () => server.terminate('SIGKILL'),
    pause: async () => {
      const pid = server.pid;
      server.signal('SIGSTOP');
      if (pid !== undefined) await waitUntilStopped(pid);
    },
    resume: () => server.signal('SIGCONT'),
    restart: async () => {
      await server.terminate('SIGKILL');
      await server.launch();
    },
    stop: () => server.terminate('SIGTERM'),
  };
}

/** Polls /proc/<pid>/stat until the state is T (stopped): a signal is delivered asynchronously. */
async function waitUntilStopped(pid: number): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    try {
      if (/^\d+ \(.*\) T/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50)); // no /proc (not Linux): give the signal a moment
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`memcached (pid ${pid}) did not stop within 2 s of SIGSTOP`);
}

/** Polls `stats` until the server on `port` reports `pid` as its own (never another process on the port). */
function waitUntilMemcachedServes(port: number, pid: number | undefined, tls: boolean): Promise<void> {
  return waitUntilServing('memcached', { port, tls, request: 'stats\r\n', pid: /STAT pid (\d+)/ }, pid);
}
