/** `NetworkType` of a node-based cache (replication group or Memcached cluster), fixed when the cache is created. */
export enum NetworkType {
  /** IPv4 only. */
  IPV4 = 'ipv4',
  /** IPv6 only (Nitro node types; Valkey 7.2+ / Redis OSS 6.2+, Memcached 1.6.6+). */
  IPV6 = 'ipv6',
  /** IPv4 and IPv6 (Nitro node types; Valkey 7.2+ / Redis OSS 6.2+, Memcached 1.6.6+). */
  DUAL_STACK = 'dual_stack',
}
