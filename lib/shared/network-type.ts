/**
 * `NetworkType` of a cache (replication group, Memcached cluster or serverless cache), fixed when the cache is created.
 * Node-based caches need a Nitro node type and a recent engine for IPv6 and dual stack; serverless caches offer all
 * three on every engine, with subnets of the matching IP versions.
 */
export enum NetworkType {
  /** IPv4 only. */
  IPV4 = 'ipv4',
  /** IPv6 only (node-based: Nitro node types, Valkey 7.2+ / Redis OSS 6.2+, Memcached 1.6.6+; serverless: IPv6-only subnets). */
  IPV6 = 'ipv6',
  /** IPv4 and IPv6 (node-based: as IPV6; serverless: dual stack subnets). */
  DUAL_STACK = 'dual_stack',
}
