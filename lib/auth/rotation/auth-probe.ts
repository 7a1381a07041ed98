import { isIP } from 'node:net';
import { connect, ConnectionOptions } from 'node:tls';
import { CacheEndpoint } from './config';

/**
 * Checks that the cache accepts `token` (`AUTH <token>`), or with `username` the user's password (`AUTH <username>
 * <token>`, RBAC); rejects otherwise.
 */
export type AuthProbe = (endpoint: CacheEndpoint, token: string, username?: string) => Promise<void>;

export interface AuthProbeOptions {
  readonly timeoutMs?: number;
  /**
   * Extra TLS options. ElastiCache presents publicly trusted certificates, so production needs none;
   * tests pass the `ca` of a self-signed local server.
   */
  readonly tls?: Pick<ConnectionOptions, 'ca'>;
}

/**
 * Sends one RESP `AUTH [username] <token>` over TLS and expects `+OK`.
 *
 * Deliberately dependency-free (no Redis client in the Lambda bundle): a single request/reply is all
 * the test needs. Errors quote the server's reply (e.g. `-WRONGPASS ...`) but never the token.
 */
export function createTlsAuthProbe(options: AuthProbeOptions = {}): AuthProbe {
  const timeoutMs = options.timeoutMs ?? 5000;
  return (endpoint, token, username) =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({
        host: endpoint.host,
        port: endpoint.port,
        // SNI must be a host name; Node warns on (and servers ignore) an IP literal.
        servername: isIP(endpoint.host) ? undefined : endpoint.host,
        ...options.tls,
      });
      let reply = '';
      const finish = (err?: Error): void => {
        socket.destroy();
        if (err) {
          reject(err);
        } else {
          resolve();
        }
      };
      socket.setTimeout(timeoutMs, () =>
        finish(new Error(`AUTH probe to ${endpoint.host}:${endpoint.port} timed out after ${timeoutMs} ms`)),
      );
      socket.on('error', (err: Error) => finish(new Error(`AUTH probe to ${endpoint.host}:${endpoint.port} failed: ${err.message}`)));
      socket.once('secureConnect', () => {
        const args = ['AUTH', ...(username === undefined ? [] : [username]), token];
        socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
      });
      socket.on('data', (chunk: Buffer) => {
        reply += chunk.toString('utf8');
        const end = reply.indexOf('\r\n');
        if (end < 0) {
          return;
        }
        const line = reply.slice(0, end);
        const what = username === undefined ? 'the pending token' : `user ${username}'s pending password`;
        finish(line === '+OK' ? undefined : new Error(`AUTH with ${what} was rejected: ${line}`));
      });
      socket.on('end', () => finish(new Error(`AUTH probe to ${endpoint.host}:${endpoint.port}: connection closed before a reply`)));
    });
}
