import { Cluster } from 'ioredis';
import type { CacheClient } from '../connection';

/** Receives one message of a subscribed channel. */
export type MessageHandler = (message: string, channel: string) => void;

export interface PubSubOptions {
  /** Called when a handler throws, so one faulty handler cannot stop delivery to the others. @default - logs with console.error */
  readonly onHandlerError?: (error: unknown, channel: string) => void;
}

interface Subscription {
  readonly handlers: Set<MessageHandler>;
  /** Settles when the server confirmed SUBSCRIBE; later subscribers of the channel wait for it too. */
  readonly confirmed: Promise<unknown>;
}

/**
 * Publish/subscribe over the cache (fire-and-forget fan-out: a message reaches only subscribers
 * connected at that moment; use a stream or queue for durable delivery).
 *
 * A connection in subscriber mode cannot serve normal commands, so subscriptions run on a
 * dedicated connection duplicated from the given client on first use; publishing uses the client
 * itself. After a connection loss ioredis reconnects and re-subscribes every channel
 * (`autoResubscribe`, on by default; do not turn it off or give the client a `retryStrategy` that
 * gives up). Messages published while disconnected are lost. In cluster mode PUBLISH reaches
 * subscribers on every shard.
 */
export class PubSub {
  private subscriber: CacheClient | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly onHandlerError: (error: unknown, channel: string) => void;

  constructor(
    private readonly client: CacheClient,
    options: PubSubOptions = {},
  ) {
    this.onHandlerError = options.onHandlerError ?? ((error, channel) => console.error(`pubsub handler for ${channel} failed`, error));
  }

  /** Publishes `message`; resolves the number of subscribers that received it (of the node reached, in cluster mode). */
  publish(channel: string, message: string): Promise<number> {
    return this.client.publish(channel, message);
  }

  /**
   * Calls `handler` for every message on `channel` until the returned function is called.
   * Resolves once the server confirmed the subscription.
   */
  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    let subscription = this.subscriptions.get(channel);
    if (!subscription) {
      subscription = { handlers: new Set(), confirmed: this.connection().subscribe(channel) };
      this.subscriptions.set(channel, subscription);
    }
    subscription.handlers.add(handler);
    try {
      await subscription.confirmed;
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
    if (subscriber) await subscriber.quit();
  }

  private async unsubscribe(channel: string, handler: MessageHandler): Promise<void> {
    const subscription = this.subscriptions.get(channel);
    if (!subscription?.handlers.delete(handler) || subscription.handlers.size > 0) return;
    this.subscriptions.delete(channel);
    await this.subscriber?.unsubscribe(channel);
  }

  private connection(): CacheClient {
    if (this.subscriber) return this.subscriber;
    // SUBSCRIBE must wait for the connection rather than fail fast like cache reads do.
    const override = { enableOfflineQueue: true };
    const subscriber = this.client instanceof Cluster ? this.client.duplicate(undefined, override) : this.client.duplicate(override);
    // Connection errors are answered by reconnecting and re-subscribing; nothing to surface here.
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
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
