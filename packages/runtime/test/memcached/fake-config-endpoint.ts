/**
 * Test helper: a small configuration endpoint (node:net or node:tls) that answers `config get cluster` the way an
 * ElastiCache Memcached cluster does
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoDiscovery.AddingToYourClientLibrary.html, "Output
 * Format"):
 *
 * ```
 * CONFIG cluster 0 <bytes>\r\n<version>\n<hostname>|<ip>|<port> ...\n\r\nEND\r\n
 * ```
 *
 * and `ERROR` to everything else. Each {@link FakeConfigEndpoint.setNodes} bumps the version by one, as "each time a
 * node is added or removed from the cache cluster, the version number increases by one".
 */
import { createServer as createNetServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { formatClusterConfig } from '../../src/memcached/cluster-config';
import type { NodeAddress } from '../../src/memcached/ketama';
import type { TestCertificate } from './memcached-server';
import { readFileSync } from 'node:fs';

export interface FakeConfigEndpoint {
  readonly host: string;
  readonly port: number;
  readonly version: number;
  /** `config get cluster` requests answered so far. */
  readonly requests: number;
  setNodes(nodes: readonly NodeAddress[]): void;
  close(): Promise<void>;
}

/** The node entry ElastiCache would print for a local server: a DNS name for TLS checks, the IP, the port. */
export function localNode(port: number): NodeAddress {
  return { hostname: 'localhost', ip: '127.0.0.1', port };
}

export async function startFakeConfigEndpoint(nodes: readonly NodeAddress[], certificate?: TestCertificate): Promise<FakeConfigEndpoint> {
  let version = 1;
  let current = nodes;
  let requests = 0;
  const sockets = new Set<Socket>();
  const onConnection = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (line === 'config get cluster') {
          requests++;
          const block = formatClusterConfig({ version, nodes: current });
          socket.write(`CONFIG cluster 0 ${Buffer.byteLength(block)}\r\n${block}\r\nEND\r\n`);
        } else {
          socket.write('ERROR\r\n');
        }
      }
    });
  };
  const server: Server = certificate
    ? createTlsServer({ cert: readFileSync(certificate.certFile), key: readFileSync(certificate.keyFile) }, onConnection)
    : createNetServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    get version() {
      return version;
    },
    get requests() {
      return requests;
    },
    setNodes(next) {
      current = next;
      version++;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
