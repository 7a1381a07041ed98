import type { Redis } from 'ioredis';
import { duplicateNode } from '../duplicate';
import { withTimeout } from '../patterns/timeout';

/** The pub/sub channel a RESP2 connection receives tracking invalidations on. */
export const INVALIDATION_CHANNEL = '__redis__:invalidate';
/** CLIENT SETNAME of every invalidation connection, to find them in CLIENT LIST. */
export const INVALIDATION_CONNECTION_NAME = 'cdk-elasticache:near-cache';

export interface InvalidationEvents {
  /** Keys some client modified (or that expired or were evicted); `null`: the whole dataset was flushed. */
  onInvalidate(keys: string[] | null): void;
  /** Tracking is (again) in place: every write from now on is reported. */
  onTracking(): void;
  /** Tracking stopped (connection dropped, heartbeat missed): invalidations may have been missed. */
  onLost(reason: string): void;
  /** The server refused to set tracking up (e.g. CLIENT TRACKING not allowed); no retry until a reconnect. */
  onSetupError(error: Error): void;
  /** Tracking was set up, or a heartbeat was answered: every invalidation sent before has arrived. */
  onConfirmed(): void;
}

/**
 * One node's invalidation stream: a dedicated RESP2 connection to the node that turns on
 * `CLIENT TRACKING on REDIRECT <its own id> BCAST PREFIX ...` and subscribes to `__redis__:invalidate`. In BCAST
 * mode the server reports every write to a key under the prefixes, whoever wrote it, so the data commands can go
 * through any connection (the application's client) and the server keeps no per-key state.
 *
 * RESP2 because ioredis drops RESP3 `invalidate` push frames; with RESP2 they arrive as pub/sub messages.
 * Tracking is set up again after every reconnect; until then (and after any drop or missed heartbeat) the
 * connection reports itself not tracking.
 */
export class InvalidationConnection {
  private readonly connection: Redis;
  private tracking = false;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    node: Redis,
    private readonly prefixes: readonly string[],
    heartbeatMs: number,
    private readonly events: InvalidationEvents,
  ) {
    this.connection = duplicateNode(node, {
      protocol: 2,
      lazyConnect: true,
      autoResubscribe: false, // tracking must be turned on before SUBSCRIBE; setUp() does both
      enableOfflineQueue: true,
      enableReadyCheck: true,
      maxRetriesPerRequest: null,
      keyPrefix: undefined,
      connectionName: INVALIDATION_CONNECTION_NAME,
      reconnectOnError: null,
      retryStrategy: (times) => (this.closed ? null : Math.min(50 * 2 ** (times - 1), 2_000)),
    });
    this.connection.on('error', () => undefined); // reported through 'close' and the reconnect loop
    this.connection.on('ready', () => void this.setUp());
    this.connection.on('close', () => this.lost('invalidation connection closed'));
    this.connection.on('messageBuffer', (channel: Buffer, message: unknown) => {
      if (channel.toString() === INVALIDATION_CHANNEL) this.events.onInvalidate(parseKeys(message));
    });
    this.heartbeat = setInterval(() => void this.beat(heartbeatMs), heartbeatMs).unref();
    this.connection.connect().catch(() => undefined); // retried by retryStrategy
  }

  get isTracking(): boolean {
    return this.tracking;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.tracking = false;
    this.connection.disconnect();
  }

  private async setUp(): Promise<void> {
    try {
      const id = await this.connection.client('ID');
      const prefixArgs = this.prefixes.filter(Boolean).flatMap((prefix) => ['PREFIX', prefix]);
      await this.connection.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(id), 'BCAST', ...prefixArgs);
      await this.connection.subscribe(INVALIDATION_CHANNEL);
    } catch (err) {
      if (this.connection.status === 'ready' && !this.closed) this.events.onSetupError(err as Error);
      return;
    }
    if (this.closed || this.connection.status !== 'ready') return;
    this.tracking = true;
    this.events.onConfirmed();
    this.events.onTracking();
  }

  /** A PING that gets no answer within the interval means a dead (half-open) connection: reconnect. */
  private async beat(timeoutMs: number): Promise<void> {
    if (!this.tracking) return;
    try {
      await withTimeout(this.connection.ping(), timeoutMs);
      if (this.tracking) this.events.onConfirmed();
    } catch {
      if (!this.tracking) return;
      this.lost('invalidation connection missed a heartbeat');
      this.connection.disconnect(true);
    }
  }

  private lost(reason: string): void {
    if (!this.tracking) return;
    this.tracking = false;
    this.events.onLost(reason);
  }
}

/** RESP2 invalidation payload: an array of keys, or null when the server flushed everything. */
function parseKeys(message: unknown): string[] | null {
  if (message === null || message === undefined) return null;
  const keys: unknown[] = Array.isArray(message) ? message : [message];
  return keys.map((key) => (Buffer.isBuffer(key) ? key.toString() : String(key as string)));
}
