import { Cluster } from 'ioredis';
import type { CacheClient } from '../connection';
import { duplicateClient } from '../duplicate';
import { boundedCall, DEFAULT_CALL_TIMEOUT_MS, timeoutOption } from './timeout';

/** Receives one message of a subscribed channel. */
export type MessageHandler = (message: string, channel: string) => void;

export interface PubSubOptions {
  /** Called when a handler throws, so one faulty handler cannot stop delivery to the others. @default - logs with console.error */
  readonly onHandlerError?: (error: unknown, channel: string) => void;
  /**
   * Sharded pub/sub (SPUBLISH / SSUBSCRIBE): a channel lives on the shard that owns its hash slot, so messages
   * are not broadcast to every shard. Publishers and subscribers of a channel must use the same mode.
   * @default - on for a cluster whose servers support it (Redis OSS 7+, Valkey), off otherwise
   */
  readonly sharded?: boolean;
  /** Longest wait for a publish, and for the server to confirm a subscription. @default 250 */
  readonly timeoutMs?: number;
}

interface Subscription {
  readonly handlers: Set<MessageHandler>;
  /** Settles when the server confirmed the subscription; later subscribers of the channel wait for it too. */
  readonly confirmed: Promise<unknown>;
}

/**
 * Publish/subscribe over the cache (fire-and-forget fan-out: a message reaches only subscribers
 * connected at that moment; use a {@link WorkQueue} for durable delivery).
 *
 * A connection in subscriber mode cannot serve normal commands, so subscriptions run on a
 * dedicated connection duplicated from the given client on first use (in cluster mode through the
 * nodes that are live at that moment, not the original seed nodes); publishing uses the client
 * itself. After a connection loss ioredis reconnects and re-subscribes every channel
 * (`autoResubscribe`, on by default; do not turn it off or give the client a `retryStrategy` that
 * gives up). Messages published while disconnected are lost.
 *
 * In cluster mode the default is sharded pub/sub where the engine has it: one subscriber
 * connection per shard, each message handled by its channel's shard only. Without it, PUBLISH
 * reaches subscribers on every shard by broadcasting over the cluster bus.
 */
export class PubSub {
  private subscriber: CacheClient | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly onHandlerError: (error: unknown, channel: string) => void;
  private readonly timeoutMs: number;
  private shardedMode: Promise<boolean> | undefined;

  constructor(
    private readonly client: CacheClient,
    options: PubSubOptions = {},
  ) {
    this.onHandlerError = options.onHandlerError ?? ((error, channel) => console.error(`pubsub handler for ${channel} failed`, error));
    this.timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_CALL_TIMEOUT_MS);
    if (options.sharded !== undefined) {
      if (options.sharded && !(client instanceof Cluster)) throw new RangeError('sharded pub/sub needs a cluster-mode client');
      this.shardedMode = Promise.resolve(options.sharded);
    }
  }

  /** Whether this instance uses sharded pub/sub (decided on first use; see {@link PubSubOptions.sharded}). */
  isSharded(): Promise<boolean> {
    this.shardedMode ??= detectSharded(this.client, this.timeoutMs).catch((err: unknown) => {
      this.shardedMode = undefined; // an outage must not fix the mode: ask again next time
      throw err;
    });
    return this.shardedMode;
  }

  /**
   * Publishes `message`; resolves the number of subscribers that received it (of the node reached,
   * in cluster mode).
   */
  async publish(channel: string, message: string): Promise<number> {
    const sharded = await this.isSharded();
    const delivered = sharded ? this.client.spublish(channel, message) : this.client.publish(channel, message);
    return Number(await boundedCall<unknown>(delivered, this.timeoutMs));
  }

  /**
   * Calls `handler` for every message on `channel` until the returned function is called.
   * Resolves once the server confirmed the subscription.
   */
  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    let subscription = this.subscriptions.get(channel);
    if (!subscription) {
      const confirmed = this.isSharded().then((sharded) => {
        const connection = this.connection(sharded);
        return sharded ? connection.ssubscribe(channel) : connection.subscribe(channel);
      });
      subscription = { handlers: new Set(), confirmed };
      this.subscriptions.set(channel, subscription);
    }
    subscription.handlers.add(handler);
    try {
      await boundedCall(subscription.confirmed, this.timeoutMs);
    } catch (error) {
      // Forget the failed subscription so the next subscribe() tries again.
      if (this.subscriptions.get(channel) === subscription) this.subscriptions.delete(channel);
      throw error;
    }
    return () => this.unsubscribe(channel, handler);
  }

  /** Closes the subscriber connection; the publishing client stays open (it is the caller's). */
  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.subscriptions.clear();
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private async unsubscribe(channel: string, handler: MessageHandler): Promise<void> {
    const subscription = this.subscriptions.get(channel);
    if (!subscription?.handlers.delete(handler) || subscription.handlers.size > 0) return;
    this.subscriptions.delete(channel);
    const subscriber = this.subscriber;
    if (!subscriber) return;
    await boundedCall((await this.isSharded()) ? subscriber.sunsubscribe(channel) : subscriber.unsubscribe(channel), this.timeoutMs);
  }

  private connection(sharded: boolean): CacheClient {
    if (this.subscriber) return this.subscriber;
    // SUBSCRIBE must wait for the connection rather than fail fast like cache reads do.
    const subscriber = duplicateClient(
      this.client,
      sharded ? { enableOfflineQueue: true, shardedSubscribers: true } : { enableOfflineQueue: true },
    );
    // Connection errors are answered by reconnecting and re-subscribing; nothing to surface here.
    subscriber.on('error', () => undefined);
    subscriber.on(sharded ? 'smessage' : 'message', (channel: string, message: string) => this.dispatch(channel, message));
    this.subscriber = subscriber;
    return subscriber;
  }

  private dispatch(channel: string, message: string): void {
    for (const handler of this.subscriptions.get(channel)?.handlers ?? []) {
      try {
        handler(message, channel);
      } catch (error) {
        this.onHandlerError(error, channel);
      }
    }
  }
}

/** Sharded pub/sub needs cluster mode and Redis OSS 7+ (every Valkey reports a redis_version of 7.2 or later). */
async function detectSharded(client: CacheClient, timeoutMs: number): Promise<boolean> {
  if (!(client instanceof Cluster)) return false;
  const info = await boundedCall(client.info('server'), timeoutMs);
  const major = Number(/redis_version:(\d+)/.exec(info)?.[1] ?? 0);
  return major >= 7;
}
