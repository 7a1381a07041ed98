/**
 * Test helper for the connection tests: a real `redis-server` on a free loopback port, TLS-only by default
 * (like ElastiCache with transit encryption), with a throw-away self-signed certificate made by `openssl`.
 *
 * test/runtime/redis-server.ts starts plaintext servers with fixed arguments; these tests also need TLS,
 * requirepass, replication and cluster mode, hence the extra arguments here.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/redis-server';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 5_000;

export interface TestRedis {
  readonly host: string;
  readonly port: number;
  /** PEM of the self-signed certificate, to pass as `tls: { ca }`; undefined for a plaintext server. */
  readonly ca?: string;
  readonly dir: string;
  stop(): Promise<void>;
}

export interface TestRedisOptions {
  /** @default true */
  readonly tls?: boolean;
  /** Extra redis-server arguments, e.g. ['--requirepass', 'secret']. */
  readonly args?: readonly string[];
}

export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const tls = options.tls ?? true;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cdk-elasticache-tls-redis-'));
  const args = ['--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, ...(options.args ?? [])];
  let ca: string | undefined;
  if (tls) {
    ca = selfSignedCertificate(dir);
    args.unshift(
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--tls-cert-file',
      join(dir, 'cert.pem'),
      '--tls-key-file',
      join(dir, 'key.pem'),
      '--tls-ca-cert-file',
      join(dir, 'cert.pem'),
      '--tls-auth-clients',
      'no',
    );
  } else {
    args.unshift('--port', String(port));
  }

  const proc = spawn('/usr/bin/redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server not ready in ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
      proc.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with code ${code}:\n${output}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { host: HOST, port, ca, dir, stop };
}

/** A P-256 key and a one-day certificate for 127.0.0.1 / localhost (EC: much faster to generate than RSA). */
function selfSignedCertificate(dir: string): string {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(join(dir, 'cert.pem'), 'utf8');
}
