/**
 * Test helper: a real Redis Cluster on loopback, 3 masters with one replica each, on the fixed port range
 * 30700-30705 (cluster bus 40700-40705; `CDK_ELASTICACHE_CLUSTER_PORT` moves the range; when a port of it is
 * taken, e.g. by a second test run on the machine, the next ranges 30800-… and 30900-… are tried), created with
 * `redis-cli --cluster create ... --cluster-yes`. Every node is a child process stopped by pid.
 *
 * `cluster-node-timeout` is 1000 ms, so a killed master is replaced by its replica about 2 s later: quick enough
 * for a failover test, and far longer than any pattern's call bound.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { Cluster, Redis, type ClusterOptions } from 'ioredis';
import { findRedisCliBinary, requireRedisServerBinary, RedisServer, startRedisServer } from '../scripts/redis-server';
import { waitFor } from './redis-server';

const MASTERS = 3;
const RANGES_TRIED = 3;
const NODE_TIMEOUT_MS = 1_000;

export interface LocalCluster {
  /** Every node, in port order; which of them are masters changes with failovers. */
  readonly nodes: readonly RedisServer[];
  readonly startupNodes: readonly { host: string; port: number }[];
  /** A connected cluster client (fail-fast settings like the test clients); closed by {@link stop}. */
  connect(options?: ClusterOptions): Promise<Cluster>;
  /** The node currently serving `key` as master, asked of a live node. */
  masterOf(key: string): Promise<RedisServer>;
  /** Waits until every live node reports `cluster_state:ok` and agrees on the masters, and every replica is in sync. */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalCluster(): Promise<LocalCluster> {
  const basePort = await freeRange(Number(process.env.CDK_ELASTICACHE_CLUSTER_PORT ?? 30700));
  const binary = requireRedisServerBinary();
  const cli = findRedisCliBinary(binary);
  if (!cli) throw new Error(`no redis-cli beside ${binary} or on the PATH (Debian/Ubuntu: apt-get install redis-tools)`);
  const args = [
    ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(NODE_TIMEOUT_MS)],
    // Replicas sync at once (the default waits 5 s for more replicas), and may take over whatever their lag.
    ...['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0', '--cluster-replica-validity-factor', '0'],
  ];
  const ports = Array.from({ length: MASTERS * 2 }, (_, i) => basePort + i);
  const started = await Promise.allSettled(ports.map((port) => startRedisServer({ port, binary, args })));
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const clients: (Redis | Cluster)[] = [];

  const stop = async (): Promise<void> => {
    clients.forEach((client) => client.disconnect());
    clients.length = 0;
    await Promise.all(nodes.map((node) => node.stop()));
  };
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await stop();
    throw new Error(`cannot start the local cluster on ports ${ports[0]}-${ports.at(-1)}: ${String(failed.reason)}`);
  }

  /** One admin connection per node, reused by every poll (each new connection's disconnect leaves a 2 s timer). */
  const admins = new Map<RedisServer, Redis>();
  const admin = (node: RedisServer): Redis => {
    let client = admins.get(node);
    if (!client) {
      client = new Redis({
        host: node.host,
        port: node.port,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: true,
        retryStrategy: () => 50,
        disconnectTimeout: 100,
      });
      client.on('error', () => undefined);
      admins.set(node, client);
      clients.push(client);
    }
    return client;
  };
  const live = () => nodes.filter((node) => node.pid !== undefined);

  const cluster: LocalCluster = {
    nodes,
    startupNodes: nodes.map(({ host, port }) => ({ host, port })),
    async connect(options = {}) {
      const client = new Cluster(
        live().map(({ host, port }) => ({ host, port })),
        {
          lazyConnect: true,
          enableOfflineQueue: false,
          redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 1_000, disconnectTimeout: 100 },
          clusterRetryStrategy: () => 100,
          ...options,
        },
      );
      client.on('error', () => undefined);
      clients.push(client);
      await client.connect();
      return client;
    },
    async masterOf(key) {
      const client = admin(live()[0]);
      const slot = Number(await client.cluster('KEYSLOT', key));
      const ranges = await client.cluster('SLOTS');
      const port = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1];
      const node = nodes.find((n) => n.port === port);
      if (!node) throw new Error(`no master serves slot ${slot}`);
      return node;
    },
    async waitUntilHealthy(timeoutMs = 10_000) {
      await waitFor(async () => {
        const views = await Promise.all(
          live().map(async (node) => {
            const client = admin(node);
            try {
              const [info, topology, replication] = await Promise.all([
                client.cluster('INFO'),
                client.call('CLUSTER', 'NODES') as Promise<string>,
                client.info('replication'),
              ]);
              if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return undefined;
              const masters = topology
                .split('\n')
                .filter((line) => / master /.test(line.replace(/,/g, ' ')) && !/fail/.test(line))
                .map((line) => line.split(' ')[1].split('@')[0])
                .sort()
                .join();
              return info.includes('cluster_state:ok') ? masters : undefined;
            } catch {
              return undefined;
            }
          }),
        );
        return views.every((view: string | undefined) => view !== undefined && view === views[0] && view.split(',').length === MASTERS);
      }, timeoutMs);
    },
    stop,
  };

  try {
    await promisify(execFile)(cli, [
      '--cluster',
      'create',
      ...nodes.map((n) => `${n.host}:${n.port}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ]);
    await cluster.waitUntilHealthy();
  } catch (err) {
    await stop();
    throw err;
  }
  return cluster;
}

/** The first of RANGES_TRIED fixed ranges (100 ports apart) whose node and bus ports are all free. */
async function freeRange(first: number): Promise<number> {
  for (let base = first; base < first + RANGES_TRIED * 100; base += 100) {
    const ports = Array.from({ length: MASTERS * 2 }, (_, i) => [base + i, base + i + 10_000]).flat();
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
  throw new Error(
    `ports ${first}-${first + RANGES_TRIED * 100} are taken (another test run, or servers it left behind: \`pgrep -a redis-server\`); set CDK_ELASTICACHE_CLUSTER_PORT to a free range`,
  );
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
