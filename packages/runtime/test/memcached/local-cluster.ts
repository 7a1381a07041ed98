/**
 * Test helper: a local "ElastiCache Memcached cluster": real memcached processes (TLS by default) behind a fake
 * configuration endpoint, started for the calling suite and stopped by pid after it.
 */
import { FakeConfigEndpoint, localNode, startFakeConfigEndpoint } from './fake-config-endpoint';
import { makeCertificate, MemcachedServer, startMemcached, TestCertificate } from './memcached-server';

export interface LocalCluster {
  readonly certificate: TestCertificate | undefined;
  readonly servers: MemcachedServer[];
  readonly endpoint: FakeConfigEndpoint;
  /** Starts one more server (not yet in the node list). */
  addServer(): Promise<MemcachedServer>;
  /** Publishes `servers` as the node list (the version goes up by one). */
  publish(servers: readonly MemcachedServer[]): void;
}

export function useLocalCluster(options: { readonly nodes?: number; readonly tls?: boolean } = {}): LocalCluster {
  const cluster = { servers: [] as MemcachedServer[] } as { -readonly [K in keyof LocalCluster]: LocalCluster[K] };
  const extra: MemcachedServer[] = [];
  beforeAll(async () => {
    cluster.certificate = options.tls === false ? undefined : makeCertificate();
    cluster.servers = await Promise.all(
      Array.from({ length: options.nodes ?? 3 }, () => startMemcached({ certificate: cluster.certificate })),
    );
    cluster.endpoint = await startFakeConfigEndpoint(
      cluster.servers.map((s) => localNode(s.port)),
      cluster.certificate,
    );
    cluster.addServer = async () => {
      const server = await startMemcached({ certificate: cluster.certificate });
      extra.push(server);
      return server;
    };
    cluster.publish = (servers) => cluster.endpoint.setNodes(servers.map((s) => localNode(s.port)));
  });
  afterAll(async () => {
    await cluster.endpoint?.close();
    await Promise.all([...cluster.servers, ...extra].map((s) => s.stop()));
    cluster.certificate?.remove();
  });
  return cluster;
}
