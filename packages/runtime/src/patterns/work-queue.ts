import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { CacheClient } from '../connection';
import { duplicateClient } from '../duplicate';
import { jsonSerializer, Serializer } from './serializer';
import { boundedCall, DEFAULT_CALL_TIMEOUT_MS, timeoutOption } from './timeout';
import { EXTEND_SCRIPT, RECLAIM_SCRIPT } from './work-queue-scripts';

export interface WorkQueueOptions<T> {
  /** Prepended to the queue name. The stream is `<keyPrefix>{<name>}`, the dead letters `<keyPrefix>{<name>}:dead`. @default 'queue:' */
  readonly keyPrefix?: string;
  /** Consumer group; every consumer of the group shares the work. @default 'workers' */
  readonly group?: string;
  /** This consumer's name within the group. @default - host name, pid and a random suffix */
  readonly consumer?: string;
  /** A message held this long without an ack is handed to another consumer (XAUTOCLAIM). @default 30000 */
  readonly visibilityTimeoutMs?: number;
  /** A message delivered this many times without an ack goes to the dead-letter stream instead of a next try. @default 5 */
  readonly maxDeliveries?: number;
  /**
   * Approximate bound of the stream (`XADD ... MAXLEN ~`), and of the dead-letter stream. Trimming drops the
   * oldest entries, acknowledged or not, so keep it well above the largest backlog you expect.
   * @default 100000
   */
  readonly maxLength?: number;
  /** How message payloads become stream field values. @default - JSON */
  readonly serializer?: Serializer<T>;
  /** Longest wait for an enqueue or an ack. @default 250 */
  readonly timeoutMs?: number;
  /** How long one read waits for new messages (XREADGROUP BLOCK). @default 1000 */
  readonly blockMs?: number;
}

/** One delivery of a message. */
export interface QueueMessage<T> {
  /** Stream entry id, e.g. `1718000000000-0`. */
  readonly id: string;
  readonly payload: T;
  /** 1 on the first delivery; more after reclaims. */
  readonly deliveries: number;
}

export interface ConsumeOptions {
  /** Messages processed at once. @default 1 */
  readonly concurrency?: number;
  /** Called when processing fails (the message is retried after the visibility timeout) or the queue cannot be read. @default - console.error */
  readonly onError?: (error: unknown, message?: QueueMessage<unknown>) => void;
}

export interface WorkQueueStats {
  readonly processed: number;
  readonly failed: number;
  readonly reclaimed: number;
  readonly deadLettered: number;
}

export interface QueueDepth {
  readonly length: number;
  readonly pending: number;
  readonly deadLetters: number;
}

const FIELD = 'payload';

/**
 * A light work queue on a Valkey/Redis stream and a consumer group: at-least-once delivery with acks, reclaim of
 * messages whose consumer died or stalled, a dead-letter stream, a bounded length and graceful shutdown.
 *
 * - {@link enqueue} appends with `XADD ... MAXLEN ~`.
 * - {@link consume} reads with XREADGROUP on a dedicated connection (a blocking read would stall the shared
 *   client), processes, then acknowledges with XACK + XDEL. A processor that throws leaves the message pending.
 * - Pending messages idle for `visibilityTimeoutMs` are claimed by a live consumer with XAUTOCLAIM; after
 *   `maxDeliveries` they move to the dead-letter stream. While a processor runs, its message's idle time is reset
 *   every third of the timeout, so a slow but live consumer keeps its message, even past one lost reset.
 * - {@link stop} stops reading, waits for the messages in hand, and leaves unfinished ones pending for others.
 *
 * Delivery is at least once: a consumer that dies after processing but before its ack makes the message run
 * again, so processors should be idempotent. The stream and its dead-letter stream share a `{hash tag}`, so a
 * queue lives on one shard in cluster mode.
 */
export class WorkQueue<T = unknown> {
  /** The stream's key. */
  readonly key: string;
  /** The dead-letter stream's key. */
  readonly deadLetterKey: string;
  readonly group: string;
  readonly consumer: string;
  private readonly visibilityTimeoutMs: number;
  private readonly maxDeliveries: number;
  private readonly maxLength: number;
  private readonly serializer: Serializer<T>;
  private readonly timeoutMs: number;
  private readonly blockMs: number;
  private readonly counters = { processed: 0, failed: 0, reclaimed: 0, deadLettered: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private reader: CacheClient | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private cursor = '0-0';

  constructor(
    private readonly client: CacheClient,
    name: string,
    options: WorkQueueOptions<T> = {},
  ) {
    this.key = `${options.keyPrefix ?? 'queue:'}{${name}}`;
    this.deadLetterKey = `${this.key}:dead`;
    this.group = options.group ?? 'workers';
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.visibilityTimeoutMs = wholePositive('visibilityTimeoutMs', options.visibilityTimeoutMs ?? 30_000);
    this.maxDeliveries = wholePositive('maxDeliveries', options.maxDeliveries ?? 5);
    this.maxLength = wholePositive('maxLength', options.maxLength ?? 100_000);
    this.serializer = options.serializer ?? jsonSerializer<T>();
    this.timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_CALL_TIMEOUT_MS);
    this.blockMs = wholePositive('blockMs', options.blockMs ?? 1_000);
  }

  /** Appends a message; resolves its id. */
  enqueue(payload: T): Promise<string> {
    const raw = this.serializer.serialize(payload);
    return boundedCall(this.client.xadd(this.key, 'MAXLEN', '~', this.maxLength, '*', FIELD, raw), this.timeoutMs) as Promise<string>;
  }

  /** Creates the stream and the consumer group if missing; the group starts at the first message. */
  async ensureGroup(): Promise<void> {
    try {
      await boundedCall(this.client.xgroup('CREATE', this.key, this.group, '0', 'MKSTREAM'), this.timeoutMs);
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
    }
  }

  /**
   * Processes messages until {@link stop}: `processor` resolving acknowledges the message, throwing leaves it
   * for a retry. Resolves once the group exists and the consumer runs.
   */
  async consume(processor: (message: QueueMessage<T>) => Promise<void>, options: ConsumeOptions = {}): Promise<void> {
    if (this.running) throw new Error(`queue ${this.key} is already being consumed by this instance`);
    const concurrency = wholePositive('concurrency', options.concurrency ?? 1);
    const onError = options.onError ?? ((error: unknown) => console.error(`work queue ${this.key}:`, error));
    await this.ensureGroup();
    this.stopping = false;
    this.reader = duplicateClient(this.client, { enableOfflineQueue: true });
    this.reader.on('error', () => undefined); // a dead reader surfaces as failed reads, reported through onError
    this.running = this.loop(processor, concurrency, onError);
  }

  /**
   * Stops reading and waits up to `graceMs` for the messages being processed. Messages still running after that
   * stay pending and are reclaimed by another consumer after the visibility timeout.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.reader?.disconnect(); // ends a blocked XREADGROUP at once
    const drained = Promise.all([this.running, ...this.inFlight]).then(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    this.running = undefined;
    this.reader = undefined;
  }

  /** Reads up to `count` dead letters, oldest first. */
  async deadLetters(count = 100): Promise<(QueueMessage<T> & { readonly sourceId: string })[]> {
    const entries = await boundedCall(this.client.xrange(this.deadLetterKey, '-', '+', 'COUNT', count), this.timeoutMs);
    return entries.map(([id, fields]) => {
      const field = (name: string) => fields[fields.indexOf(name) + 1];
      return {
        id,
        sourceId: field('source-id'),
        deliveries: Number(field('deliveries')),
        payload: this.serializer.deserialize(field(FIELD)),
      };
    });
  }

  /** Messages in the stream (waiting or in hand), in hand (delivered, not acknowledged), and dead letters. */
  async depth(): Promise<QueueDepth> {
    const pipeline = this.client.pipeline().xlen(this.key).xpending(this.key, this.group).xlen(this.deadLetterKey);
    const [[, length], [pendingError, pending], [, deadLetters]] = ((await boundedCall(pipeline.exec(), this.timeoutMs)) ?? []) as [
      Error | null,
      unknown,
    ][];
    if (pendingError && !pendingError.message.startsWith('NOGROUP')) throw pendingError;
    return { length: Number(length), pending: Number((pending as unknown[] | undefined)?.[0] ?? 0), deadLetters: Number(deadLetters) };
  }

  stats(): WorkQueueStats {
    return { ...this.counters };
  }

  private async loop(
    processor: (message: QueueMessage<T>) => Promise<void>,
    concurrency: number,
    onError: (error: unknown, message?: QueueMessage<unknown>) => void,
  ): Promise<void> {
    let backoffMs = 0;
    while (!this.stopping) {
      if (this.inFlight.size >= concurrency) {
        await Promise.race(this.inFlight);
        continue;
      }
      try {
        const free = concurrency - this.inFlight.size;
        const messages = await this.reclaim(free);
        if (messages.length === 0 && !this.stopping) messages.push(...(await this.read(free)));
        // Stopping: what was just claimed stays pending and goes to another consumer after the timeout.
        if (this.stopping) break;
        for (const message of messages) this.start(message, processor, onError);
        backoffMs = 0;
      } catch (err) {
        if (this.stopping) break;
        onError(err);
        backoffMs = Math.min(Math.max(2 * backoffMs, 50), 1_000);
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
      }
    }
  }

  private async reclaim(count: number): Promise<QueueMessage<T>[]> {
    const args = [this.group, this.consumer, this.visibilityTimeoutMs, this.cursor, count, this.maxDeliveries, this.maxLength];
    const reply = await boundedCall(RECLAIM_SCRIPT.run(this.client, [this.key, this.deadLetterKey], args), this.timeoutMs);
    const [cursor, entries, dead] = reply as [string, [string, string[], number][], number];
    this.cursor = cursor;
    this.counters.deadLettered += dead;
    this.counters.reclaimed += entries.length;
    return entries.map(([id, fields, deliveries]) => this.decode(id, fields, deliveries));
  }

  private async read(count: number): Promise<QueueMessage<T>[]> {
    const reader = this.reader;
    if (!reader) return [];
    const read = reader.xreadgroup('GROUP', this.group, this.consumer, 'COUNT', count, 'BLOCK', this.blockMs, 'STREAMS', this.key, '>');
    const reply = (await boundedCall(read, this.blockMs + this.timeoutMs)) as [string, [string, string[]][]][] | null;
    return (reply?.[0]?.[1] ?? []).map(([id, fields]) => this.decode(id, fields, 1));
  }

  private start(
    message: QueueMessage<T>,
    processor: (message: QueueMessage<T>) => Promise<void>,
    onError: (error: unknown, message?: QueueMessage<unknown>) => void,
  ): void {
    // Every third of the timeout: the lease survives one lost extension (a timed-out call, a failover) or a timer
    // firing up to a third of the timeout late, which half the timeout would not.
    const extend = setInterval(() => {
      EXTEND_SCRIPT.run(this.client, [this.key], [this.group, this.consumer, message.id]).catch(() => undefined);
    }, this.visibilityTimeoutMs / 3);
    const work = (async () => {
      try {
        await processor(message);
        await boundedCall(this.client.multi().xack(this.key, this.group, message.id).xdel(this.key, message.id).exec(), this.timeoutMs);
        this.counters.processed++;
      } catch (err) {
        this.counters.failed++;
        onError(err, message);
      } finally {
        clearInterval(extend);
      }
    })();
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private decode(id: string, fields: string[], deliveries: number): QueueMessage<T> {
    const raw = fields[fields.indexOf(FIELD) + 1];
    return { id, deliveries, payload: this.serializer.deserialize(raw) };
  }
}

function wholePositive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`);
  return value;
}
