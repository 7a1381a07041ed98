import type { Redis } from 'ioredis';
import { duplicateNode } from '../duplicate';
import { isUnavailableError, withTimeout } from '../patterns/timeout';
import { trackingMismatch } from './tracking-info';

/** The pub/sub channel a RESP2 connection receives tracking invalidations on. */
export const INVALIDATION_CHANNEL = '__redis__:invalidate';
/** CLIENT SETNAME prefix of the near cache's connections (`:subscriber`, `:tracker`), to find them in CLIENT LIST. */
export const INVALIDATION_CONNECTION_NAME = 'cdk-elasticache:near-cache';
/** Longest wait for one setup command. */
const SETUP_STEP_TIMEOUT_MS = 2_000;

export interface InvalidationEvents {
  /** Keys some client modified (or that expired or were evicted); `null`: the whole dataset was flushed. */
  onInvalidate(keys: string[] | null): void;
  /** Tracking is set up and the server confirmed it (CLIENT TRACKINGINFO): every write from now on is reported. */
  onTracking(): void;
  /** Tracking may have stopped (a drop, a missed heartbeat, a failed check): invalidations may have been missed. */
  onLost(reason: string): void;
  /** The server refused tracking (a permission, an unsupported command, e.g. ElastiCache Serverless). No retry until a reconnect. */
  onRefused(error: Error): void;
  /**
   * A round trip on the subscriber connection, sent at `sentAt` (performance.now()), was answered: every invalidation
   * the server sent before it has been processed (replies and invalidations arrive in order on that connection).
   */
  onProven(sentAt: number): void;
}

/**
 * One node's invalidation stream, on two dedicated RESP2 connections:
 * - the **subscriber** subscribes to `__redis__:invalidate`, where the server pushes invalidations;
 * - the **tracker** turns on `CLIENT TRACKING on REDIRECT <subscriber id> BCAST PREFIX ...`. It never subscribes, so
 *   `CLIENT TRACKINGINFO` can ask the server, at setup and at every heartbeat, whether tracking is really on, in BCAST
 *   mode, with our prefixes, redirected to our subscriber (a subscribed RESP2 connection could run no such command).
 *
 * In BCAST mode the server reports every write under the prefixes, whoever wrote it, so the data commands go through
 * any connection (the application's client) and the server keeps no per-key state. RESP2 because ioredis drops RESP3
 * `invalidate` push frames; with RESP2 they arrive as pub/sub messages.
 *
 * Tracking is assumed off until proven: commands of a dropped connection are never replayed on the next one
 * (`autoResendUnfulfilledCommands: false`, no offline queue, pending commands fail at once), a setup that started
 * before the latest drop is abandoned (a generation counter), and any drop, failed heartbeat or failed check of either
 * connection reconnects both and sets up again.
 */
export class InvalidationConnection {
  private readonly subscriber: Redis;
  private readonly tracker: Redis;
  /** Bumped by every drop and restart; a setup or heartbeat of an older generation is ignored. */
  private generation = 0;
  private tracking = false;
  /** The subscriber's CLIENT ID while tracking. */
  private redirect = -1;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly prefixes: readonly string[];

  constructor(
    node: Redis,
    prefixes: readonly string[],
    private readonly heartbeatMs: number,
    private readonly events: InvalidationEvents,
  ) {
    this.prefixes = [...new Set(prefixes.filter(Boolean))]; // '' (every key) is BCAST without PREFIX
    this.subscriber = this.connection(node, 'subscriber');
    this.tracker = this.connection(node, 'tracker');
    this.subscriber.on('messageBuffer', (channel: Buffer, message: unknown) => {
      if (channel.toString() === INVALIDATION_CHANNEL) this.events.onInvalidate(parseKeys(message));
    });
    this.heartbeat = setInterval(() => void this.beat(), heartbeatMs).unref();
    for (const connection of [this.subscriber, this.tracker]) connection.connect().catch(() => undefined); // retried by retryStrategy
  }

  get isTracking(): boolean {
    return this.tracking;
  }

  /** Sends a round trip on the subscriber; {@link InvalidationEvents.onProven} reports its answer. */
  prove(): void {
    if (!this.tracking) return;
    const generation = this.generation;
    const sentAt = performance.now();
    withTimeout(this.subscriber.ping(), this.heartbeatMs).then(
      () => generation === this.generation && this.events.onProven(sentAt),
      (err: Error) => generation === this.generation && this.restart(`invalidation connection missed a round trip (${err.message})`),
    );
  }

  close(): void {
    this.closed = true;
    this.generation++;
    this.tracking = false;
    clearInterval(this.heartbeat);
    this.subscriber.disconnect();
    this.tracker.disconnect();
  }

  private connection(node: Redis, role: 'subscriber' | 'tracker'): Redis {
    const connection = duplicateNode(node, {
      protocol: 2,
      lazyConnect: true,
      keyPrefix: undefined,
      connectionName: `${INVALIDATION_CONNECTION_NAME}:${role}`,
      autoResubscribe: false,
      autoResendUnfulfilledCommands: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      reconnectOnError: null,
      retryStrategy: (times) => (this.closed ? null : Math.min(50 * 2 ** (times - 1), 2_000)),
    });
    connection.on('error', () => undefined); // reported through 'close' and the reconnect loop
    connection.on('ready', () => {
      if (this.subscriber.status === 'ready' && this.tracker.status === 'ready') void this.setUp(this.generation);
    });
    connection.on('close', () => {
      this.generation++;
      this.lost(`invalidation ${role} connection closed`);
      const other = connection === this.subscriber ? this.tracker : this.subscriber;
      if (!this.closed && other.status === 'ready') other.disconnect(true); // both start over together
    });
    return connection;
  }

  /** Subscribes, turns tracking on, verifies it with CLIENT TRACKINGINFO, then proves the subscriber with a round trip. */
  private async setUp(generation: number): Promise<void> {
    const current = () => generation === this.generation && !this.closed;
    const step = <T>(command: Promise<T>) => withTimeout(command, Math.max(this.heartbeatMs, SETUP_STEP_TIMEOUT_MS));
    try {
      const id = Number(await step(this.subscriber.client('ID')));
      if (!current()) return;
      await step(this.subscriber.subscribe(INVALIDATION_CHANNEL));
      if (!current()) return;
      const prefixArgs = this.prefixes.flatMap((prefix) => ['PREFIX', prefix]);
      await step(this.tracker.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(id), 'BCAST', ...prefixArgs));
      if (!current()) return;
      const mismatch = trackingMismatch(await step(this.tracker.call('CLIENT', 'TRACKINGINFO')), { redirect: id, prefixes: this.prefixes });
      if (!current()) return;
      if (mismatch) throw new TrackingNotConfirmedError(mismatch);
      const sentAt = performance.now();
      await step(this.subscriber.ping());
      if (!current()) return;
      this.redirect = id;
      this.tracking = true;
      this.events.onProven(sentAt);
      this.events.onTracking();
    } catch (err) {
      if (!current()) return; // a drop during setup: the reconnect sets up again
      if (isRefusal(err)) this.events.onRefused(err as Error);
      else this.restart(`tracking setup failed (${(err as Error).message})`);
    }
  }

  /** Every heartbeat: the server still tracks as set up, and the subscriber answers (a round trip that proves it current). */
  private async beat(): Promise<void> {
    if (!this.tracking) return;
    const generation = this.generation;
    const sentAt = performance.now();
    try {
      const [info] = await Promise.all([
        withTimeout(this.tracker.call('CLIENT', 'TRACKINGINFO'), this.heartbeatMs),
        withTimeout(this.subscriber.ping(), this.heartbeatMs),
      ]);
      if (generation !== this.generation) return;
      const mismatch = trackingMismatch(info, { redirect: this.redirect, prefixes: this.prefixes });
      if (mismatch) this.restart(`the server no longer tracks as set up: ${mismatch}`);
      else this.events.onProven(sentAt);
    } catch (err) {
      if (generation === this.generation) this.restart(`invalidation connection missed a heartbeat (${(err as Error).message})`);
    }
  }

  /** Tracking cannot be trusted any more: report it, and reconnect both connections to set up again. */
  private restart(reason: string): void {
    this.generation++;
    this.lost(reason);
    for (const connection of [this.subscriber, this.tracker]) {
      if (!this.closed && connection.status === 'ready') connection.disconnect(true);
    }
  }

  private lost(reason: string): void {
    if (!this.tracking) return;
    this.tracking = false;
    this.events.onLost(reason);
  }
}

/** The server answered, but not as set up: tracking is not confirmed. */
class TrackingNotConfirmedError extends Error {
  constructor(detail: string) {
    super(`CLIENT TRACKINGINFO does not confirm tracking: ${detail}`);
  }
}

/** A reply that a retry will not change (a permission, an unknown command), as opposed to a drop or a timeout. */
function isRefusal(err: unknown): boolean {
  if (err instanceof TrackingNotConfirmedError) return true;
  return err instanceof Error && err.name === 'ReplyError' && !isUnavailableError(err);
}

/** RESP2 invalidation payload: an array of keys, or null when the server flushed everything. */
function parseKeys(message: unknown): string[] | null {
  if (message === null || message === undefined) return null;
  const keys: unknown[] = Array.isArray(message) ? message : [message];
  return keys.map((key) => (Buffer.isBuffer(key) ? key.toString() : String(key as string)));
}
