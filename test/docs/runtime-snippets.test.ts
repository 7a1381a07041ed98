import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import tls from 'tls';
import { Cluster, Redis } from 'ioredis';
import { TestRedis, startTestRedis } from '../../packages/runtime/test/tls-redis';
import * as runtime from '../../packages/runtime/src';
import { toEnvironment } from '../../packages/runtime/src/variables';
import { waitFor } from '../../packages/runtime/test/redis-server';
import { RuntimeRun, runRuntimeProgram, runtimeProgram, runtimeSnippets, typeCheck } from './runtime-snippets';
import type { Snippet } from './snippets';

/**
 * The runtime companion's snippets (README ` ```tsx ` blocks, packages/runtime/README.md) are type-checked against the
 * runtime's sources and run against a real redis-server, as a handler would run them: the variables `grantAccess`
 * sets point at the server (TLS and an AUTH token, as the default ReplicationGroup), Secrets Manager returns its
 * token, and DescribeReplicationGroups describes it (both mocked: no test calls AWS). A snippet that cannot run says so: ` ```tsx fragment `.
 */

const TOKEN = 'readme-snippets-token-0123456789abcdef';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:cache-token';

/** Checks of what a snippet produced, beyond running: the README promises these values. */
const PRODUCES: Record<string, (run: RuntimeRun) => void | Promise<void>> = {
  'README › Runtime companion: cdk-elasticache-runtime (tsx) #1': (run) => {
    expect(run.values.profile).toEqual({ id: 'user-1', name: 'Ada' });
  },
  'README › Work queue on Streams (tsx) #1': async (run) => {
    await waitFor(() => resized.includes('image-1')); // the job it enqueued was consumed
    // The snippet registers its graceful shutdown; the test runs it.
    expect(run.signalHandlers.map((h) => h.event)).toEqual(['SIGTERM']);
  },
};

const snippets = runtimeSnippets();
const runnable = snippets.filter((s) => !s.fragment);
const runtimeExports = Object.keys(runtime).filter((name) => name !== 'default');

/** What runtime snippets import: the runtime is this checkout's packages/runtime/src. */
function importRuntime(id: string): unknown {
  if (id === 'cdk-elasticache-runtime') return runtime;
  throw new Error(`a runtime snippet imports '${id}': add it to importRuntime in test/docs/runtime-snippets.test.ts`);
}
const programs = new Map(runnable.map((s) => [s.id, runtimeProgram(s, runtimeExports)]));

/** A snippet with a misspelled option: proof that the type check fails where running would ignore the option. */
const CONTROL: Snippet = {
  id: 'control: a misspelled option',
  location: 'test/docs/runtime-snippets.test.ts:control',
  source: 'new RateLimiter(redis, { limt: 60, windowMs: 60_000 });',
  fragment: false,
};

let server: TestRedis;
let redis: Redis;
let diagnostics: Map<string, string[]>;
const secrets = mockClient(SecretsManagerClient);
const elasticache = mockClient(ElastiCacheClient);
const resized: string[] = [];

beforeAll(async () => {
  diagnostics = typeCheck(
    [...runnable, CONTROL].map((s) => ({ id: s.id, source: (programs.get(s.id) ?? runtimeProgram(s, runtimeExports)).source })),
  );
  server = await startTestRedis({ args: ['--requirepass', TOKEN] });
  redis = new Redis({ host: server.host, port: server.port, password: TOKEN, tls: { ca: server.ca }, lazyConnect: true });
  await redis.connect();
}, 120_000);

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  secrets.restore();
  elasticache.restore();
});

beforeEach(() => {
  secrets.reset();
  elasticache.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN });
  elasticache.on(DescribeReplicationGroupsCommand).resolves({
    ReplicationGroups: [
      {
        ReplicationGroupId: 'my-valkey-rg',
        Status: 'available',
        ClusterEnabled: false,
        Engine: 'valkey',
        TransitEncryptionEnabled: true,
        AuthTokenEnabled: true,
        NodeGroups: [
          {
            NodeGroupId: '0001',
            PrimaryEndpoint: { Address: server.host, Port: server.port },
            ReaderEndpoint: { Address: server.host, Port: server.port },
            NodeGroupMembers: [{ CacheClusterId: 'my-valkey-rg-001', CurrentRole: 'primary', PreferredAvailabilityZone: 'eu-west-1a' }],
          },
        ],
      },
    ],
  });
});

/** The variables grantAccess would set for this server, and the secret's ARN the discovery snippet reads. */
function cacheEnvironment(): Record<string, string> {
  return {
    ...toEnvironment({
      endpointKind: 'single',
      address: server.host,
      port: String(server.port),
      tls: true,
      readOnly: false,
      authMode: 'auth-token',
      secretArn: SECRET_ARN,
      region: 'eu-west-1',
    }),
    SECRET_ARN,
  };
}

/**
 * While a snippet runs: the test server's self-signed CA is trusted by every TLS connection (the snippets pass no CA:
 * ElastiCache's certificates chain to a public one), and every ioredis client it opens is recorded, so that a snippet
 * that fails half-way leaves no client reconnecting forever.
 */
async function inSandbox<T>(fn: () => Promise<T>, clients: Set<{ disconnect(): void }>): Promise<T> {
  const connect = tls.connect;
  const redisConnect = Redis.prototype.connect;
  const clusterConnect = Cluster.prototype.connect;
  (tls as { connect: unknown }).connect = (options: tls.ConnectionOptions, ...rest: unknown[]) =>
    (connect as (...args: unknown[]) => tls.TLSSocket)({ ca: server.ca, ...options }, ...rest);
  Redis.prototype.connect = function (this: Redis, ...args: Parameters<Redis['connect']>) {
    clients.add(this);
    return redisConnect.apply(this, args);
  };
  Cluster.prototype.connect = function (this: Cluster) {
    clients.add(this);
    return clusterConnect.apply(this);
  };
  try {
    return await fn();
  } finally {
    (tls as { connect: unknown }).connect = connect;
    Redis.prototype.connect = redisConnect;
    Cluster.prototype.connect = clusterConnect;
  }
}

/** Stops what a snippet started: its shutdown handlers first, then near caches, queues and clients. */
async function cleanUp(run: RuntimeRun): Promise<void> {
  for (const { handler } of run.signalHandlers) await handler();
  for (const value of Object.values(run.values)) {
    const v = value as { close?: () => unknown; stop?: () => unknown; disconnect?: () => unknown } | undefined;
    if (v && typeof v.close === 'function') await v.close();
    else if (v && typeof v.stop === 'function') await v.stop();
  }
  for (const value of Object.values(run.values)) {
    const v = value as { disconnect?: () => unknown } | undefined;
    if (v && typeof v.disconnect === 'function') v.disconnect();
  }
}

describe('runtime companion snippets', () => {
  test('the READMEs have the runtime snippets this test expects to find', () => {
    expect(snippets.filter((s) => s.id.startsWith('README')).length).toBeGreaterThanOrEqual(4);
    expect(snippets.filter((s) => s.id.startsWith('runtime README')).length).toBeGreaterThanOrEqual(2);
    expect(new Set(snippets.map((s) => s.id)).size).toBe(snippets.length);
    expect(Object.keys(PRODUCES).filter((id) => !programs.has(id))).toEqual([]);
  });

  test.each(runnable.map((s) => [s.id, s] as const))('%s type-checks and runs against redis-server', async (_id, snippet) => {
    const program = programs.get(snippet.id)!;
    const problems = diagnostics.get(snippet.id) ?? [];
    if (problems.length > 0) throw new Error(`${snippet.location}: ${problems.join('\n')}\n\n${program.source}`);

    const environment = cacheEnvironment();
    Object.assign(process.env, environment);
    const clients = new Set<{ disconnect(): void }>();
    let run: RuntimeRun | undefined;
    try {
      run = await inSandbox(
        () =>
          runRuntimeProgram(
            snippet,
            program,
            {
              redis,
              db: { queryUserProfile: async (id: string) => ({ id, name: 'Ada' }) },
              userId: 'user-1',
              table: { get: async (id: string) => ({ id }) },
              id: 'item-1',
              imageId: 'image-1',
              resize: async (imageId: string) => void resized.push(imageId),
            },
            importRuntime,
          ),
        clients,
      );
      await PRODUCES[snippet.id]?.(run);
    } finally {
      for (const name of Object.keys(environment)) delete process.env[name];
      if (run) await cleanUp(run);
      for (const client of clients) client.disconnect();
    }
  });

  test('a snippet with a misspelled option fails the type check (control)', () => {
    expect(diagnostics.get(CONTROL.id)?.join('\n')).toMatch(/limt/);
  });
});
