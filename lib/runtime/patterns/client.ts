import type { Cluster, Redis } from 'ioredis';

/**
 * The ioredis client every pattern accepts: a single node / replication group (`Redis`) or a
 * cluster-mode-enabled group (`Cluster`). Patterns only send commands that touch one key (or keys
 * sharing one `{hash tag}`), so each works unchanged on both.
 *
 * For fail-fast behaviour during an outage, create the client with `enableOfflineQueue: false`
 * and a low `maxRetriesPerRequest` (e.g. 1): otherwise ioredis queues commands while it
 * reconnects and callers wait for the reconnect instead of failing.
 */
export type CacheClient = Redis | Cluster;
