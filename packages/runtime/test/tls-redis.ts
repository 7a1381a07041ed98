/**
 * Test helper for the connection tests: a real `redis-server` on a free loopback port, TLS-only by default
 * (like ElastiCache with transit encryption), with a throw-away self-signed certificate made by `openssl`.
 *
 * test/runtime/redis-server.ts starts plaintext servers with fixed arguments; these tests also need TLS,
 * requirepass, replication and cluster mode, hence the extra arguments here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '../scripts/redis-server';

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

/** Starts the server through scripts/redis-server.ts (binary lookup, readiness probe, stop by pid). */
export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const tls = options.tls ?? true;
  const certDir = mkdtempSync(join(tmpdir(), 'cdk-elasticache-tls-redis-'));
  const args = [...(options.args ?? [])];
  // The readiness probe must authenticate when the server requires a password.
  const passwordAt = args.indexOf('--requirepass');
  const password = passwordAt >= 0 ? args.splice(passwordAt, 2)[1] : undefined;
  let ca: string | undefined;
  if (tls) {
    ca = selfSignedCertificate(certDir);
    const [cert, key] = [join(certDir, 'cert.pem'), join(certDir, 'key.pem')];
    args.unshift('--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', cert, '--tls-auth-clients', 'no');
  }
  try {
    const server = await startRedisServer({ tls, args, password });
    const stop = async (): Promise<void> => {
      await server.stop();
      rmSync(certDir, { recursive: true, force: true });
    };
    return { host: server.host, port: server.port, ca, dir: server.dir, stop };
  } catch (err) {
    rmSync(certDir, { recursive: true, force: true });
    throw err;
  }
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
