/**
 * The Memcached half of `connectFromEnvironment({ engine: 'memcached' })`: reads the variables `grantAccess` set on a
 * `MemcachedCluster` (its configuration endpoint) or a Memcached `ServerlessCache` (its one endpoint) and connects.
 *
 * A node-based cluster's configuration endpoint answers `config get cluster`, so the client discovers its nodes and
 * follows changes; a serverless cache has one endpoint that "supports all of the memcached commands" except those that
 * reveal engine internals, over TLS only, text protocol only
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/SupportedCommandsMem.html), and no node list: with
 * `discovery: 'auto'` the client asks once, and uses the endpoint alone when the command is refused.
 */
import type { ConnectionOptions } from 'node:tls';
import { CacheConfigurationError } from '../errors';
import { DEFAULT_PREFIX, parseEnvironment } from '../variables';
import { MemcachedClient } from './client';
import type { MemcachedClientOptions } from './options';

/** Options of `connectFromEnvironment({ engine: 'memcached', ... })`. */
export interface ConnectMemcachedFromEnvironmentOptions extends Omit<MemcachedClientOptions, 'address' | 'port' | 'tls'> {
  /** Selects the Memcached client. */
  readonly engine: 'memcached';
  /** The prefix given to `grantAccess` (`environmentPrefix`). @default 'CACHE' */
  readonly prefix?: string;
  /** Where to read the variables. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** TLS options (e.g. `{ ca }`), used when the variables say TLS. @default {} */
  readonly tls?: ConnectionOptions;
}

/**
 * Connects to the Memcached cache `grantAccess` described.
 * @throws CacheConfigurationError naming every missing or malformed variable, or when they describe a Valkey/Redis cache
 */
export async function connectMemcachedFromEnvironment(
  options: Omit<ConnectMemcachedFromEnvironmentOptions, 'engine'> & { readonly engine?: 'memcached' } = {},
): Promise<MemcachedClient> {
  const { prefix = DEFAULT_PREFIX, env = process.env, tls, engine: _engine, ...clientOptions } = options;
  const { settings, problems } = parseEnvironment(env, prefix);
  if (!settings) {
    throw new CacheConfigurationError(
      `connectFromEnvironment: the cache variables are incomplete (set by grantAccess in the stack):\n  - ${problems.join('\n  - ')}`,
    );
  }
  if (settings.endpointKind !== 'memcached') {
    throw new CacheConfigurationError(
      `connectFromEnvironment({ engine: 'memcached' }): ${prefix}_ENDPOINT_KIND is ${settings.endpointKind}, a Valkey or Redis OSS cache: call connectFromEnvironment() without engine`,
    );
  }
  if (settings.authMode !== 'none') {
    throw new CacheConfigurationError(
      `connectFromEnvironment: ${prefix}_AUTH_MODE is ${settings.authMode}, but Memcached caches have no users`,
    );
  }
  return MemcachedClient.connect({
    discovery: settings.serverless ? 'off' : 'auto',
    ...clientOptions,
    address: settings.address,
    port: Number(settings.port),
    tls: settings.tls ? (tls ?? true) : false,
  });
}
