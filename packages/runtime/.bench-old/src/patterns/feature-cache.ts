import { groupBySlot } from '../cluster-slots';
import type { CacheClient } from '../connection';
import { BinarySerializer, jsonBinarySerializer } from './binary-serializer';
import { DEFAULT_CACHE_TIMEOUT_MS, DEFAULT_TTL_JITTER, jitteredTtlMs } from './cache-aside';
import { boundedCall, isUnavailableError, timeoutOption } from './timeout';

export interface FeatureCacheOptions<T> {
  /** Prepended to every feature id. @default 'feature:' */
  readonly keyPrefix?: string;
  /** How values become bytes; {@link float32Serializer} for embeddings and other numeric vectors. @default - JSON */
  readonly serializer?: BinarySerializer<T>;
  /** Longest wait for one shard's batch; past it that shard's ids read as missing. @default 100 */
  readonly timeoutMs?: number;
}

export interface FeatureCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Shard batches that failed or timed out (their ids read as missing), and values that failed to decode. */
  readonly errors: number;
}

type Reply = [Error | null, unknown];

/**
 * A cache of ML features (or any values read many at a time): {@link getMany} reads N keys in **one round trip
 * per shard**: the keys are grouped by the node that serves them, each group is one pipeline, with one MGET per
 * hash slot (a multi-key command must stay within a slot in cluster mode). With cluster mode off that is one
 * MGET. Values are stored as bytes, so vectors can use the compact {@link float32Serializer}.
 *
 * Like {@link CacheAside} it fails open: a shard that is down or slower than `timeoutMs` makes only its own ids
 * read as missing (counted in {@link stats}), so the caller falls back to the feature store for those.
 * Errors that are not an outage (a bug) are thrown.
 */
export class FeatureCache<T> {
  private readonly keyPrefix: string;
  private readonly serializer: BinarySerializer<T>;
  private readonly timeoutMs: number;
  private readonly counters = { hits: 0, misses: 0, errors: 0 };

  constructor(
    private readonly client: CacheClient,
    options: FeatureCacheOptions<T> = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'feature:';
    this.serializer = options.serializer ?? jsonBinarySerializer<T>();
    this.timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_CACHE_TIMEOUT_MS);
  }

  /** The values of `ids`, in order; `undefined` for a missing (or unreachable) one. */
  async getMany(ids: readonly string[]): Promise<(T | undefined)[]> {
    const keys = ids.map((id) => this.keyPrefix + id);
    const values = new Array<T | undefined>(ids.length).fill(undefined);
    await this.perShard(
      keys,
      (pipeline, slot) => pipeline.mgetBuffer(...slot.map((i) => keys[i])),
      (replies, slots) => {
        replies.forEach(([, found], s) => (found as (Buffer | null)[]).forEach((raw, k) => (values[slots[s][k]] = this.decode(raw))));
      },
    );
    return values;
  }

  /** Stores every `[id, value]` for `ttl` seconds (± `jitter`), one round trip per shard; resolves `false` if some shard failed. */
  async setMany(entries: readonly (readonly [string, T])[], ttl: number, jitter = DEFAULT_TTL_JITTER): Promise<boolean> {
    if (!(ttl > 0) || !Number.isFinite(ttl)) throw new RangeError(`ttl must be a finite number of seconds > 0, got ${ttl}`);
    const keys = entries.map(([id]) => this.keyPrefix + id);
    const raws = entries.map(([, value]) => this.serializer.serialize(value));
    const before = this.counters.errors;
    await this.perShard(
      keys,
      (pipeline, slot) => slot.forEach((i) => pipeline.set(keys[i], raws[i], 'PX', jitteredTtlMs(ttl, jitter))),
      () => undefined,
    );
    return this.counters.errors === before;
  }

  stats(): FeatureCacheStats {
    return { ...this.counters };
  }

  /** One pipeline per shard (node group), `add` appends the commands of one slot's key indexes. */
  private async perShard(
    keys: readonly string[],
    add: (pipeline: ReturnType<CacheClient['pipeline']>, slot: number[]) => void,
    read: (replies: Reply[], slots: number[][]) => void,
  ): Promise<void> {
    await Promise.all(
      groupBySlot(this.client, keys).map(async (slots) => {
        const pipeline = this.client.pipeline();
        for (const slot of slots) add(pipeline, slot);
        try {
          const replies = ((await boundedCall(pipeline.exec(), this.timeoutMs)) ?? []) as Reply[];
          const failed = replies.find(([err]) => err)?.[0];
          if (failed) throw failed;
          read(replies, slots);
        } catch (err) {
          if (!isUnavailableError(err)) throw err;
          this.counters.errors++;
        }
      }),
    );
  }

  private decode(raw: Buffer | null): T | undefined {
    if (raw === null) {
      this.counters.misses++;
      return undefined;
    }
    try {
      const value = this.serializer.deserialize(raw);
      this.counters.hits++;
      return value;
    } catch {
      this.counters.errors++;
      return undefined;
    }
  }
}
