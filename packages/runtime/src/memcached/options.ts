/** The Memcached client's options and their defaults, decided here and nowhere else. */
import type { ConnectionOptions } from 'node:tls';
import type { KetamaDigest, KetamaNodeKeyFormat } from './ketama';
import type { WhenNodeDown } from './node-set';

/** Default bound of one call. The patterns bound their calls tighter (CacheAside: 100 ms). */
export const DEFAULT_MEMCACHED_TIMEOUT_MS = 1_000;
/** ElastiCache Cluster Client for Java's default polling interval (ConfigurationPoller.DEFAULT_POLL_INTERVAL). */
export const DEFAULT_DISCOVERY_INTERVAL_MS = 60_000;
/** memcached's default item size limit, `-I 1m` (ElastiCache parameter `max_item_size`). */
export const DEFAULT_MAX_ITEM_SIZE = 1024 * 1024;

export interface MemcachedClientOptions {
  /** The configuration endpoint of a node-based cluster, the endpoint of a serverless cache, or one server. */
  readonly address: string;
  readonly port: number;
  /** `true` or TLS options (e.g. `{ ca }` for a private CA) to connect with TLS; `false` for plaintext. @default false */
  readonly tls?: boolean | ConnectionOptions;
  /**
   * Auto Discovery. `auto`: ask the endpoint for `config get cluster`; a node-based cluster answers with its nodes,
   * which the client then uses and polls for changes; a server without the command (serverless Memcached, plain
   * memcached) is used alone. `on`: fail when the endpoint has no node list. `off`: use the endpoint alone.
   * @default 'auto'
   */
  readonly discovery?: 'auto' | 'on' | 'off';
  /** How often to read the node list again. @default 60000 */
  readonly discoveryIntervalMs?: number;
  /** Longest wait for one call, in ms; past it the call rejects with `CacheTimeoutError`. @default 1000 */
  readonly timeoutMs?: number;
  /** Longest wait for a TCP and TLS handshake, in ms. @default 2000 */
  readonly connectTimeoutMs?: number;
  /** Calls in a row that time out or lose their connection before a node is taken out. @default 2 */
  readonly failureThreshold?: number;
  /** How long a node stays taken out, in ms, before the next call tries it again. @default 2000 */
  readonly retryDelayMs?: number;
  /**
   * What calls for the keys of a node that is taken out do. `fail`: reject at once with `CacheUnavailableError`
   * (code `MemcachedNodeDown`); a cache-aside lookup then falls back to its loader. `redistribute`: go to the next
   * node on the circle, as spymemcached's default does; when the node comes back, values written elsewhere in the
   * meantime are not seen, and invalidations made meanwhile missed it: only for data that tolerates that.
   * @default 'fail'
   */
  readonly whenNodeDown?: WhenNodeDown;
  /** The servers' item size limit in bytes (`max_item_size`); larger values are refused before sending. @default 1048576 */
  readonly maxItemSize?: number;
  /** Ketama digest; `sha384` to share a cluster with the Java cluster client 1.2.0 or later. @default 'md5' */
  readonly ketamaDigest?: KetamaDigest;
  /** Ketama node naming; `libmemcached` to share a cluster with the PHP cluster client. @default 'spymemcached' */
  readonly ketamaNodeKeyFormat?: KetamaNodeKeyFormat;
  /** Told when a scheduled discovery poll fails (the client keeps its node list). @default - ignored */
  readonly onDiscoveryError?: (err: Error) => void;
  /** Milliseconds since the epoch; injectable for tests. @default Date.now */
  readonly clock?: () => number;
}

/** The options with every default applied and every number checked. */
export type ResolvedOptions = Required<Omit<MemcachedClientOptions, 'tls' | 'onDiscoveryError'>> & {
  readonly tls: ConnectionOptions | false;
  readonly onDiscoveryError?: (err: Error) => void;
};

export function resolveOptions(options: MemcachedClientOptions): ResolvedOptions {
  const resolved = {
    discovery: options.discovery ?? 'auto',
    discoveryIntervalMs: positive('discoveryIntervalMs', options.discoveryIntervalMs ?? DEFAULT_DISCOVERY_INTERVAL_MS),
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? DEFAULT_MEMCACHED_TIMEOUT_MS),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs ?? 2_000),
    failureThreshold: positive('failureThreshold', options.failureThreshold ?? 2),
    retryDelayMs: positive('retryDelayMs', options.retryDelayMs ?? 2_000),
    whenNodeDown: options.whenNodeDown ?? 'fail',
    maxItemSize: positive('maxItemSize', options.maxItemSize ?? DEFAULT_MAX_ITEM_SIZE),
    ketamaDigest: options.ketamaDigest ?? 'md5',
    ketamaNodeKeyFormat: options.ketamaNodeKeyFormat ?? 'spymemcached',
    clock: options.clock ?? Date.now,
    address: options.address,
    port: options.port,
    tls: options.tls === true ? {} : (options.tls ?? false),
    onDiscoveryError: options.onDiscoveryError,
  } as const;
  if (!resolved.address) throw new RangeError('address must be set');
  if (!Number.isInteger(resolved.port) || resolved.port < 1 || resolved.port > 65535)
    throw new RangeError(`port must be 1-65535, got ${resolved.port}`);
  return resolved;
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
  return value;
}
