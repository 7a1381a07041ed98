/**
 * One TCP or TLS connection to one Memcached server, with pipelining: requests are written at once and their replies
 * matched in order (the server answers in order on a connection). Every request has a deadline; a request past it
 * rejects with `CacheTimeoutError` and its reply, if it ever comes, is read and dropped, so later replies stay matched.
 * A lost connection rejects everything still waiting with `CacheUnavailableError`; it is never reopened (the node
 * opens a new one).
 */
import { connect as netConnect, Socket } from 'node:net';
import { connect as tlsConnect, ConnectionOptions } from 'node:tls';
import { CacheUnavailableError } from '../errors';
import { CacheTimeoutError } from '../patterns/timeout';
import { encodeLine, Reply, ReplyParser } from './protocol';

/** Where and how to connect. */
export interface ConnectionTarget {
  /** Address to connect to (an IP from discovery, or a host name). */
  readonly host: string;
  readonly port: number;
  /** TLS options, or `false` for plaintext. `servername` defaults to {@link hostname}. */
  readonly tls: ConnectionOptions | false;
  /** The node's DNS name, for TLS server name indication and certificate checks. @default host */
  readonly hostname?: string;
  /** Longest wait for the TCP (and TLS) handshake. */
  readonly connectTimeoutMs: number;
}

interface Waiter {
  readonly resolve: (reply: Reply) => void;
  readonly reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
  /** Settled already (timed out): the reply is read and dropped. */
  done: boolean;
}

const IP_ADDRESS = /^(\d+\.\d+\.\d+\.\d+|[0-9a-f:]+)$/i;
/**
 * memcached 1.6.18 over TLS (Debian's build, which this repository's tests run) can stall with requests it has already
 * read: after a burst of pipelined requests, its `stats` counted every byte read, yet the last requests were neither
 * processed nor answered until more bytes arrived. (The known class of bug: data buffered inside the TLS library is
 * invisible to the event loop; curl/curl#17596.) ElastiCache runs its own build, which may not share it. So while
 * requests wait and nothing has been received for this long, a TLS connection sends `version`, and drops its reply.
 */
const STALL_NUDGE_MS = 50;
const VERSION = encodeLine('version');
const ignore = (): void => undefined;

export class MemcachedConnection {
  /** Resolves when the handshake is done; rejects with `CacheUnavailableError` if it fails or takes too long. */
  readonly ready: Promise<void>;
  private readonly socket: Socket;
  private readonly parser = new ReplyParser();
  private readonly waiting: Waiter[] = [];
  private closedBy: Error | undefined;
  private ending = false;
  private lastDataAt = 0;
  private stallTimer: NodeJS.Timeout | undefined;
  private readonly listeners: ((err: Error) => void)[] = [];

  constructor(private readonly target: ConnectionTarget) {
    const hostname = target.hostname ?? target.host;
    this.socket = target.tls
      ? tlsConnect({
          host: target.host,
          port: target.port,
          // Certificates name the node's DNS name, while discovery gives its IP to connect to.
          ...(IP_ADDRESS.test(hostname) ? {} : { servername: hostname }),
          ...target.tls,
        })
      : netConnect({ host: target.host, port: target.port });
    this.socket.setNoDelay(true);
    const connectTimer = setTimeout(
      () => this.destroy(new CacheUnavailableError(`memcached ${this.name}: no connection within ${target.connectTimeoutMs} ms`)),
      target.connectTimeoutMs,
    );
    this.ready = new Promise<void>((resolve, reject) => {
      this.socket.once(target.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(connectTimer);
        resolve();
      });
      this.onClose((err) => {
        clearTimeout(connectTimer);
        reject(err);
      });
    });
    this.ready.catch(() => undefined); // observed by callers that wait for it; a request sees the same error
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err) => this.destroy(unavailable(this.name, err)));
    this.socket.on('close', () => this.destroy(new CacheUnavailableError(`memcached ${this.name}: connection closed`)));
  }

  /** `host:port`, for messages. */
  get name(): string {
    return `${this.target.hostname ?? this.target.host}:${this.target.port}`;
  }

  /** Whether the connection is lost (or was ended): a new request fails at once. */
  get closed(): boolean {
    return this.closedBy !== undefined;
  }

  /** Requests sent and not answered yet (including timed-out ones whose reply is still due). */
  get inFlight(): number {
    return this.waiting.length;
  }

  /** Sends one request; resolves with its reply, or rejects within `timeoutMs`. */
  request(payload: Buffer, timeoutMs: number): Promise<Reply> {
    if (this.closedBy) return Promise.reject(this.closedBy);
    return new Promise<Reply>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined, done: false };
      waiter.timer = setTimeout(() => {
        waiter.done = true;
        reject(new CacheTimeoutError(timeoutMs));
      }, timeoutMs);
      this.waiting.push(waiter);
      this.socket.write(payload);
      if (this.target.tls) this.watchForStall();
    });
  }

  /** Closes once every request sent has its reply (or after `graceMs`): how a node leaving the cluster is dropped. */
  end(graceMs: number): void {
    if (this.closedBy || this.ending) return;
    this.ending = true;
    if (this.waiting.length === 0) {
      this.socket.end();
      return;
    }
    setTimeout(() => this.destroy(new CacheUnavailableError(`memcached ${this.name}: closed after leaving the cluster`)), graceMs).unref();
  }

  /** Closes now; everything waiting rejects with `reason`. Idempotent. */
  destroy(reason: Error): void {
    if (this.closedBy) return;
    this.closedBy = reason;
    clearTimeout(this.stallTimer);
    this.socket.destroy();
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer);
      if (!waiter.done) waiter.reject(reason);
    }
    for (const listener of this.listeners) listener(reason);
  }

  /** Calls `listener` once when the connection is lost or closed. */
  onClose(listener: (err: Error) => void): void {
    if (this.closedBy) listener(this.closedBy);
    else this.listeners.push(listener);
  }

  private watchForStall(): void {
    if (this.stallTimer) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      if (this.closedBy || !this.waiting.some((w) => !w.done)) return;
      if (Date.now() - this.lastDataAt >= STALL_NUDGE_MS) {
        this.waiting.push({ resolve: ignore, reject: ignore, timer: undefined, done: true });
        this.socket.write(VERSION);
      }
      this.watchForStall();
    }, STALL_NUDGE_MS);
    this.stallTimer.unref();
  }

  private onData(chunk: Buffer): void {
    this.lastDataAt = Date.now();
    let replies: Reply[];
    try {
      replies = this.parser.push(chunk);
    } catch (err) {
      this.destroy(unavailable(this.name, err as Error));
      return;
    }
    for (const reply of replies) {
      const waiter = this.waiting.shift();
      if (!waiter) {
        this.destroy(new CacheUnavailableError(`memcached ${this.name}: a reply nobody asked for: ${reply.line}`));
        return;
      }
      clearTimeout(waiter.timer);
      if (!waiter.done) waiter.resolve(reply);
    }
    if (this.ending && this.waiting.length === 0) this.socket.end();
  }
}

function unavailable(name: string, err: Error): CacheUnavailableError {
  return new CacheUnavailableError(`memcached ${name}: ${err.message}`, { cause: err });
}
