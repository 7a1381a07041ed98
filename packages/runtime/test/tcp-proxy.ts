/**
 * Test helper: a loopback TCP proxy in front of a redis-server that can drop a connection at a chosen command.
 *
 * It reads the RESP commands each client sends (arrays of bulk strings, what ioredis writes). When a command starts
 * with the armed words (case-insensitive), the bytes before it are forwarded, and then both sides of that one
 * connection are destroyed: the command never reaches the server and its reply never reaches the client, as when a
 * network drop or a `CLIENT KILL` hits at that moment. Every other connection, and every later command, passes
 * through untouched. Run it in its own process (fixtures/tcp-proxy.ts) so that, like a network, it forwards bytes
 * whatever the event loop of the process under test is doing.
 */
import { createServer, Server, Socket } from 'node:net';

export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /**
   * Drops the next connection that sends a command starting with `words` (e.g. `['CLIENT', 'TRACKING']`). Resolves
   * with that command once the connection is dropped.
   */
  dropOn(words: readonly string[]): Promise<readonly string[]>;
  /** Forgets an armed `dropOn` that has not fired. */
  disarm(): void;
  /** Every command seen so far, in order (for diagnostics). */
  readonly seen: readonly (readonly string[])[];
  close(): Promise<void>;
}

interface Armed {
  readonly words: readonly string[];
  readonly resolve: (args: readonly string[]) => void;
}

const matches = (args: readonly string[], words: readonly string[]) =>
  words.every((word, i) => args[i]?.toUpperCase() === word.toUpperCase());

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const seen: string[][] = [];
  let armed: Armed | undefined;

  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    // Like Redis and ioredis themselves: no Nagle. With it, a small write (an invalidation) waits for the ACK of the
    // previous one, which the peer delays by up to 40 ms: the proxy would add that much to the network's delay.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
    upstream.on('data', (chunk) => client.write(chunk));
    upstream.connect(target.port, target.host);

    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      let forwarded = 0;
      for (let parsed = parseCommand(pending, 0); parsed; parsed = parseCommand(pending, parsed.end)) {
        seen.push(parsed.args);
        const trap = armed;
        if (trap && matches(parsed.args, trap.words)) {
          armed = undefined;
          upstream.write(pending.subarray(0, parsed.start));
          drop();
          trap.resolve(parsed.args);
          return;
        }
        forwarded = parsed.end;
      }
      upstream.write(pending.subarray(0, forwarded));
      pending = pending.subarray(forwarded);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');

  return {
    host: '127.0.0.1',
    port: address.port,
    seen,
    dropOn(words) {
      if (armed) throw new Error('the proxy is already armed');
      return new Promise((resolve) => (armed = { words, resolve }));
    },
    disarm() {
      armed = undefined;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One RESP command (`*<n>` then n bulk strings) starting at `start`, or `undefined` while it is incomplete. */
function parseCommand(buffer: Buffer, start: number): { args: string[]; start: number; end: number } | undefined {
  const line = (at: number): { text: string; next: number } | undefined => {
    const crlf = buffer.indexOf('\r\n', at);
    return crlf < 0 ? undefined : { text: buffer.toString('latin1', at, crlf), next: crlf + 2 };
  };
  const header = start < buffer.length ? line(start) : undefined;
  if (!header) return undefined;
  if (!header.text.startsWith('*')) throw new Error(`proxy expects RESP arrays, got '${header.text}'`);
  const args: string[] = [];
  let at = header.next;
  for (let i = 0; i < Number(header.text.slice(1)); i++) {
    const size = line(at);
    if (!size) return undefined;
    const length = Number(size.text.slice(1));
    if (buffer.length < size.next + length + 2) return undefined;
    args.push(buffer.toString('utf8', size.next, size.next + length));
    at = size.next + length + 2;
  }
  return { args, start, end: at };
}
