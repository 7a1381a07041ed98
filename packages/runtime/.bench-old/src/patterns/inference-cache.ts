import type { CacheClient } from '../connection';
import type { NearCache } from '../near-cache/near-cache';
import { CacheAside, CacheAsideStats, DEFAULT_CACHE_TIMEOUT_MS } from './cache-aside';
import { stableHash } from './canonical';
import { jsonSerializer, Serializer } from './serializer';

export interface InferenceCacheOptions<O> {
  /** The model's name, e.g. `'fraud-score'`. */
  readonly modelId: string;
  /** The model's version; a new version never reads results of an old one. */
  readonly modelVersion: string;
  /** Prepended to every key. @default 'inference:' */
  readonly keyPrefix?: string;
  /** Seconds a result is kept (± 10 % jitter). @default 3600 */
  readonly ttl?: number;
  /** How results become cache strings. @default - JSON */
  readonly serializer?: Serializer<O>;
  /** Longest wait for a cache call before the model is called instead. @default 100 */
  readonly timeoutMs?: number;
  /** Keep hot results in process memory too. @default - none */
  readonly nearCache?: NearCache;
}

/**
 * Caches model results by input: the key is `<keyPrefix><modelId>@<modelVersion>:<hash>`, where the hash is the
 * SHA-256 of the canonical text of `[modelId, modelVersion, input]` (see {@link canonicalize}: key order of
 * objects does not matter, typed arrays equal plain arrays of the same numbers). A new model version therefore
 * never serves an old version's results, and equal inputs share one entry.
 *
 * Built on {@link CacheAside}: fail-open (an unreachable cache costs one `timeoutMs`, then the model runs) and
 * single-flight (concurrent requests for the same input run the model once).
 */
export class InferenceCache<I, O> {
  private readonly cache: CacheAside<O>;
  private readonly prefix: string;
  private readonly ttl: number;

  constructor(
    client: CacheClient,
    private readonly options: InferenceCacheOptions<O>,
  ) {
    if (!options.modelId || !options.modelVersion) throw new RangeError('modelId and modelVersion must be non-empty');
    this.prefix = `${options.keyPrefix ?? 'inference:'}${options.modelId}@${options.modelVersion}:`;
    this.ttl = options.ttl ?? 3_600;
    this.cache = new CacheAside<O>(client, {
      keyPrefix: this.prefix,
      serializer: options.serializer ?? jsonSerializer<O>(),
      timeoutMs: options.timeoutMs ?? DEFAULT_CACHE_TIMEOUT_MS,
      nearCache: options.nearCache,
    });
  }

  /** The cache key of `input`. */
  keyFor(input: I): string {
    return this.prefix + this.hash(input);
  }

  /** The cached result for `input`, or `infer(input)`'s, which is then cached. */
  async getOrInfer(input: I, infer: (input: I) => Promise<O>): Promise<O> {
    return (await this.cache.getOrLoad(this.hash(input), () => infer(input), { ttl: this.ttl })) as O;
  }

  /** Forgets the cached result of `input`. */
  invalidate(input: I): Promise<boolean> {
    return this.cache.invalidate(this.hash(input));
  }

  stats(): CacheAsideStats {
    return this.cache.stats();
  }

  private hash(input: I): string {
    return stableHash([this.options.modelId, this.options.modelVersion, input]);
  }
}
