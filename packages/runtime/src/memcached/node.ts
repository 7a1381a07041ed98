/**
 * One Memcached server as the client sees it: its connection (opened on first use, reopened after a loss) and its
 * health. A node that does not answer is taken out for a while: after `failureThreshold` calls in a row fail on a
 * timeout or a lost connection, its connection is closed, everything still waiting on it fails at once, and for
 * `retryDelayMs` its calls fail without being sent (or go to the next node on the circle, if the client
 * redistributes). The first call after that opens a new connection; one more failure takes the node out again.
 */
import type { ConnectionOptions } from 'node:tls';
import { CacheUnavailableError } from '../errors';
import { MemcachedConnection } from './connection';
import type { NodeAddress } from './ketama';
import type { Reply } from './protocol';

/** How every node connects and when it is taken out. */
export interface NodeSettings {
  readonly tls: ConnectionOptions | false;
  readonly connectTimeoutMs: number;
  readonly failureThreshold: number;
  readonly retryDelayMs: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock: () => number;
}

/** A node's id: what it connects to, `ip:port` (or `hostname:port` without an IP). */
export function nodeId(address: NodeAddress): string {
  return `${address.ip || address.hostname}:${address.port}`;
}

export class MemcachedNode {
  readonly id: string;
  private connection: MemcachedConnection | undefined;
  private failures = 0;
  private downUntil = 0;
  private lastError: Error | undefined;

  constructor(
    readonly address: NodeAddress,
    private readonly settings: NodeSettings,
  ) {
    this.id = nodeId(address);
  }

  /** Whether the node is taken out now. */
  get isDown(): boolean {
    return this.settings.clock() < this.downUntil;
  }

  /** Sends one request; see the class comment for how failures count. */
  request(payload: Buffer, timeoutMs: number): Promise<Reply> {
    const now = this.settings.clock();
    if (now < this.downUntil) {
      return Promise.reject(
        new CacheUnavailableError(
          `memcached node ${this.id} is taken out for ${this.downUntil - now} ms more after ${this.settings.failureThreshold} failed calls (${this.lastError?.message ?? 'no answer'})`,
          { code: 'MemcachedNodeDown', cause: this.lastError },
        ),
      );
    }
    const connection = this.connection ?? this.open();
    return connection.request(payload, timeoutMs).then(
      (reply) => {
        this.failures = 0;
        return reply;
      },
      (err: Error) => {
        this.recordFailure(err);
        throw err;
      },
    );
  }

  /** Opens the connection ahead of the first call (a node joining the cluster); resolves either way. */
  async warm(): Promise<void> {
    if (this.isDown) return;
    await (this.connection ?? this.open()).ready.catch((err: Error) => this.recordFailure(err));
  }

  /** The node left the cluster: close its connection once the requests already sent to it are answered. */
  retire(graceMs: number): void {
    this.connection?.end(graceMs);
    this.connection = undefined;
  }

  /** Closes at once; requests in flight reject. */
  close(): void {
    this.connection?.destroy(new CacheUnavailableError(`memcached node ${this.id}: client closed`, { code: 'ClientClosed' }));
    this.connection = undefined;
  }

  private open(): MemcachedConnection {
    const connection = new MemcachedConnection({
      host: this.address.ip || this.address.hostname,
      hostname: this.address.hostname,
      port: this.address.port,
      tls: this.settings.tls,
      connectTimeoutMs: this.settings.connectTimeoutMs,
    });
    connection.onClose(() => {
      if (this.connection === connection) this.connection = undefined;
    });
    this.connection = connection;
    return connection;
  }

  private recordFailure(err: Error): void {
    // Timeouts and lost connections count; the rejections this node causes itself (taken out, closed) do not.
    if (!(err instanceof CacheUnavailableError) || err.code === 'MemcachedNodeDown' || err.code === 'ClientClosed') return;
    this.lastError = err;
    this.failures++;
    if (this.failures < this.settings.failureThreshold) return;
    this.downUntil = this.settings.clock() + this.settings.retryDelayMs;
    this.failures = this.settings.failureThreshold - 1; // after the pause, one more failure takes it out again
    this.connection?.destroy(
      new CacheUnavailableError(
        `memcached node ${this.id} taken out after ${this.settings.failureThreshold} failed calls: ${err.message}`,
        {
          code: 'MemcachedNodeDown',
          cause: err,
        },
      ),
    );
    this.connection = undefined;
  }
}
