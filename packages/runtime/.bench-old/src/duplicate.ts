/**
 * Extra connections like a given client (for subscribing, blocking reads, invalidation tracking), which must keep
 * working where `duplicate()` alone falls short:
 * - `Cluster.duplicate()` connects through the original startup nodes, so once the seed node has died a new
 *   connection fails with "None of startup nodes is available". These connect through the nodes that are live now.
 * - ioredis copies options by value, so a password that is a getter (a rotated secret, an IAM token; see
 *   connection.ts) would be frozen at its current value. These read the source's current credentials on every
 *   (re)connect.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { CacheClient } from './connection';

/** Startup nodes for a new cluster connection: the nodes ready now, else the ones known, else the original ones. */
export function liveStartupNodes(cluster: Cluster): { host?: string; port?: number }[] {
  const known = cluster.nodes();
  const ready = known.filter((node) => node.status === 'ready');
  return (ready.length > 0 ? ready : known).map((node) => ({ host: node.options.host, port: node.options.port }));
}

/** A new connection like `client`, with `override` applied (not connected yet unless the options say so). */
export function duplicateClient(client: Redis, override?: RedisOptions): Redis;
export function duplicateClient(client: Cluster, override?: ClusterOptions): Cluster;
export function duplicateClient(client: CacheClient, override?: RedisOptions | ClusterOptions): CacheClient;
export function duplicateClient(client: CacheClient, override: RedisOptions | ClusterOptions = {}): CacheClient {
  if (client instanceof Cluster) {
    const copy = client.duplicate(liveStartupNodes(client), override);
    copy.on('+node', (node: Redis) => forwardCredentials(node, () => client.nodes()[0]));
    return copy;
  }
  return duplicateNode(client, override);
}

/** A new connection to the same node as `node`, reading `node`'s current credentials on every (re)connect. */
export function duplicateNode(node: Redis, override: RedisOptions = {}): Redis {
  const copy = node.duplicate(override);
  forwardCredentials(copy, () => node);
  return copy;
}

function forwardCredentials(target: Redis, source: () => Redis | undefined): void {
  for (const name of ['username', 'password'] as const) {
    const fallback = target.options[name];
    Object.defineProperty(target.options, name, {
      get: () => source()?.options[name] ?? fallback,
      enumerable: true,
      configurable: true,
    });
  }
}
