/**
 * Connected ioredis clients for an ElastiCache replication group, with the settings ElastiCache needs:
 * TLS on, the right client for the cluster mode, credentials from a secret or IAM, and recovery after failover.
 */
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'node:tls';
import type { CacheTopology, DiscoveredEndpoint } from './discovery';
import { CacheConfigurationError } from './errors';
import { IamAuthTokenProvider } from './iam-auth-token';

/** How the client authenticates. */
export type CacheAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'password'; readonly password: string; readonly username?: string }
  | {
      readonly kind: 'secretsManager';
      /** Name or ARN. The secret string is the token, or JSON with `password` (and optionally `username`). */
      readonly secretId: string;
      /** Overrides a `username` stored in the secret. */
      readonly username?: string;
      /** @default - a new SecretsManagerClient for the default region */
      readonly client?: SecretsManagerClient;
    }
  | {
      readonly kind: 'iam';
      /** The IAM-enabled ElastiCache user; it is also the AUTH username. */
      readonly userId: string;
      /** The replication group id, or the serverless cache name with `serverless`. */
      readonly replicationGroupId: string;
      /** The cache is serverless (the token is signed with `ResourceType=ServerlessCache`). @default false */
      readonly serverless?: boolean;
      readonly region: string;
      /** @default - the AWS SDK's default credential chain (e.g. the Lambda execution role) */
      readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
      /** Milliseconds since the epoch; injectable for tests. @default Date.now */
      readonly clock?: () => number;
    };

/** An endpoint given directly rather than discovered, e.g. from the variables `grantAccess` sets. */
export interface StaticEndpoint {
  /** The DNS name (as the constructs' `CacheEndpoint.address`). */
  readonly address: string;
  readonly port: number;
  /** @default false */
  readonly clusterMode?: boolean;
  /**
   * `reader` for a reader endpoint (cluster mode disabled): writes fail with READONLY there, so the client does not
   * reconnect on them.
   * @default 'primary'
   */
  readonly role?: 'primary' | 'reader';
}

/** @deprecated use `StaticEndpoint`, which names the DNS name `address` like the constructs and discovery do */
export interface PlainEndpoint {
  readonly host: string;
  readonly port: number;
  /** @default false */
  readonly clusterMode?: boolean;
}

export interface CacheClientSettings {
  /** A discovered topology (see discoverEndpoints), or an address and port. */
  readonly endpoint: CacheTopology | StaticEndpoint | PlainEndpoint;
  /** @default { kind: 'none' } */
  readonly auth?: CacheAuth;
  /**
   * TLS options, e.g. `{ ca }` for a private CA. `false` connects in plaintext: only for local tests or a group
   * created without transit encryption.
   * @default {} (TLS, verified against Node's CA store, which trusts ElastiCache's certificates)
   */
  readonly tls?: false | ConnectionOptions;
  /** Cluster mode only: send read commands to replicas. With cluster mode off use createReaderClient. @default false */
  readonly readFromReplicas?: boolean;
  /** Reconnects a command waits for before it fails. @default 3 (ioredis' own 20 holds a Lambda for long) */
  readonly maxRetriesPerRequest?: number;
  /** Consecutive reconnect attempts (100 ms doubling to 2 s: about a minute, a failover's length). @default 30 */
  readonly maxReconnectAttempts?: number;
  /** @default 5000 */
  readonly connectTimeoutMs?: number;
  /**
   * Wait until the client is connected. `false` returns the client at once and connects in the background; until it
   * is connected, commands fail at once (no offline queue) so that patterns fail open, e.g. a Lambda whose cache is
   * down at cold start still serves from its system of record. Errors are then reported as 'error' events only.
   * @default true
   */
  readonly waitUntilConnected?: boolean;
}

/** The client for the cluster mode: `Redis` with cluster mode off, `Cluster` with it on. */
export type CacheClient = Redis | Cluster;

/**
 * Create a client for the group's primary (cluster mode off) or the whole cluster (cluster mode on) and wait
 * until it is ready.
 * @throws CacheConfigurationError when the settings cannot work; the connection error when connecting fails
 */
export async function createCacheClient(settings: CacheClientSettings): Promise<CacheClient> {
  const { endpoint } = settings;
  if ('replicationGroupId' in endpoint) {
    if (endpoint.clusterMode === 'enabled') {
      return connectCluster(settings, requireEndpoint(endpoint, endpoint.configurationEndpoint, 'configuration'));
    }
    return connectSingle(settings, requireEndpoint(endpoint, endpoint.primaryEndpoint, 'primary'), 'primary');
  }
  const address = { address: 'host' in endpoint ? endpoint.host : endpoint.address, port: endpoint.port };
  const role = 'role' in endpoint ? (endpoint.role ?? 'primary') : 'primary';
  return endpoint.clusterMode ? connectCluster(settings, address) : connectSingle(settings, address, role);
}

/**
 * Create a client for the reader endpoint of a cluster-mode-off group, which spreads connections over the
 * replicas. Writes through it fail with READONLY; use it beside the createCacheClient client for reads that
 * tolerate replication lag.
 */
export async function createReaderClient(settings: CacheClientSettings & { readonly endpoint: CacheTopology }): Promise<Redis> {
  const { endpoint } = settings;
  if (endpoint.clusterMode === 'enabled') {
    throw new CacheConfigurationError(
      `replication group '${endpoint.replicationGroupId}' runs in cluster mode; use createCacheClient with readFromReplicas instead`,
    );
  }
  return connectSingle(settings, requireEndpoint(endpoint, endpoint.readerEndpoint, 'reader'), 'reader');
}

function requireEndpoint(topology: CacheTopology, endpoint: DiscoveredEndpoint | undefined, kind: string): DiscoveredEndpoint {
  if (!endpoint) {
    throw new CacheConfigurationError(
      `replication group '${topology.replicationGroupId}' has no ${kind} endpoint (status '${topology.status}', cluster mode ${topology.clusterMode})`,
    );
  }
  return endpoint;
}

async function connectSingle(settings: CacheClientSettings, endpoint: DiscoveredEndpoint, role: 'primary' | 'reader'): Promise<Redis> {
  if (settings.readFromReplicas) {
    throw new CacheConfigurationError('readFromReplicas needs cluster mode; with cluster mode off use createReaderClient');
  }
  const tls = resolveTls(settings);
  const auth = await resolveAuth(settings.auth);
  const client = new Redis({
    ...commonOptions(settings, tls, auth),
    host: endpoint.address,
    port: endpoint.port,
    retryStrategy: reconnectBackoff(settings),
    // After a failover the old primary becomes a replica and answers writes with READONLY while this client
    // still holds a connection to it. Reconnecting re-resolves the primary endpoint, and 2 resends the command
    // (safe: the replica did not apply it). Not for the reader client, where a write is simply a mistake.
    reconnectOnError: role === 'primary' ? (err) => (err.message.startsWith('READONLY') ? 2 : false) : null,
  });
  auth.freshPassword?.bind(client);
  return connect(client, settings);
}

async function connectCluster(settings: CacheClientSettings, endpoint: DiscoveredEndpoint): Promise<Cluster> {
  const tls = resolveTls(settings);
  const auth = await resolveAuth(settings.auth);
  const client = new Cluster([{ host: endpoint.address, port: endpoint.port }], {
    // ElastiCache's TLS certificates name the DNS hostnames, and ioredis would otherwise connect to the resolved
    // IPs, failing verification. Passing the address through keeps the hostname (AWS's documented setting).
    dnsLookup: (address, callback) => callback(null, address),
    redisOptions: commonOptions(settings, tls, auth),
    enableOfflineQueue: settings.waitUntilConnected ?? true,
    scaleReads: settings.readFromReplicas ? 'slave' : 'master',
    clusterRetryStrategy: reconnectBackoff(settings),
    lazyConnect: true,
  });
  // Cluster creates a Redis per node as it learns the topology; each must read a fresh IAM token.
  client.on('+node', (node: Redis) => auth.freshPassword?.bind(node));
  return connect(client, settings);
}

/** 100 ms doubling to 2 s, then give up, so a dead endpoint fails commands instead of queueing them forever. */
function reconnectBackoff(settings: CacheClientSettings): (times: number) => number | null {
  const maxAttempts = settings.maxReconnectAttempts ?? 30;
  return (times) => (times > maxAttempts ? null : Math.min(100 * 2 ** (times - 1), 2_000));
}

/** TLS options for ioredis; checked before any secret or token is fetched. */
function resolveTls(settings: CacheClientSettings): ConnectionOptions | undefined {
  const tls = settings.tls ?? {};
  const { endpoint } = settings;
  if (tls !== false && 'replicationGroupId' in endpoint && !endpoint.transitEncryption) {
    throw new CacheConfigurationError(
      `replication group '${endpoint.replicationGroupId}' has transit encryption off; pass tls: false to connect in plaintext`,
    );
  }
  return tls === false ? undefined : tls;
}

function commonOptions(settings: CacheClientSettings, tls: ConnectionOptions | undefined, auth: ResolvedAuth): RedisOptions {
  return {
    tls,
    username: auth.username,
    password: auth.password,
    connectTimeout: settings.connectTimeoutMs ?? 5_000,
    maxRetriesPerRequest: settings.maxRetriesPerRequest ?? 3,
    lazyConnect: true,
    // In the background mode a command sent while disconnected fails at once instead of waiting in a queue.
    enableOfflineQueue: settings.waitUntilConnected ?? true,
  };
}

/** Connect, and on failure close the client (so no reconnect loop lingers) and report the real cause. */
async function connect<T extends CacheClient>(client: T, settings: CacheClientSettings): Promise<T> {
  if (settings.waitUntilConnected === false) {
    client.on('error', () => undefined); // reported to the caller's own listeners; never an unhandled 'error'
    client.connect().catch(() => undefined); // the retry strategy keeps trying
    return client;
  }
  let lastError: unknown;
  const remember = (err: unknown) => {
    lastError = err;
  };
  client.on('error', remember);
  try {
    await client.connect();
    return client;
  } catch (err) {
    client.disconnect();
    throw lastError ?? err;
  } finally {
    client.off('error', remember);
  }
}

interface ResolvedAuth {
  readonly username?: string;
  readonly password?: string;
  /** Set when the password can change (IAM expiry, Secrets Manager rotation): each (re)connect reads a fresh one. */
  readonly freshPassword?: { bind(client: Redis): void };
}

async function resolveAuth(auth: CacheAuth = { kind: 'none' }): Promise<ResolvedAuth> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'password':
      return { username: auth.username, password: auth.password };
    case 'secretsManager':
      return secretsManagerAuth(auth);
    case 'iam':
      return iamAuth(auth);
  }
}

async function secretsManagerAuth(auth: Extract<CacheAuth, { kind: 'secretsManager' }>): Promise<ResolvedAuth> {
  const client = auth.client ?? new SecretsManagerClient({});
  const read = () => readSecret(auth.secretId, auth.username, client);
  let current = await read();
  return {
    ...current,
    freshPassword: {
      bind(redis: Redis) {
        // A rotation (ROTATE, then SET) revokes the old token; connections already authenticated keep working, but a
        // reconnect must use the new one. Re-read the secret whenever a reconnect is scheduled (during its delay).
        Object.defineProperty(redis.options, 'password', { get: () => current.password, enumerable: true, configurable: true });
        Object.defineProperty(redis.options, 'username', { get: () => current.username, enumerable: true, configurable: true });
        redis.on('reconnecting', () => {
          read().then(
            (next) => {
              current = next;
            },
            () => undefined, // keep the last known token; the next reconnect tries again
          );
        });
      },
    },
  };
}

async function readSecret(secretId: string, username: string | undefined, client: SecretsManagerClient): Promise<ResolvedAuth> {
  const { SecretString: secret } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!secret) {
    throw new CacheConfigurationError(`secret '${secretId}' has no SecretString to use as the cache password`);
  }
  const parsed = parseJsonObject(secret);
  if (!parsed) {
    return { username, password: secret };
  }
  if (typeof parsed.password !== 'string') {
    throw new CacheConfigurationError(`secret '${secretId}' is JSON without a string 'password' key`);
  }
  const storedUsername = typeof parsed.username === 'string' ? parsed.username : undefined;
  return { username: username ?? storedUsername, password: parsed.password };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function iamAuth(auth: Extract<CacheAuth, { kind: 'iam' }>): Promise<ResolvedAuth> {
  const provider = new IamAuthTokenProvider({
    userId: auth.userId,
    replicationGroupId: auth.replicationGroupId,
    serverless: auth.serverless,
    region: auth.region,
    // The ElastiCache client's resolved credentials are the SDK default chain, without another dependency.
    credentials: auth.credentials ?? new ElastiCacheClient({ region: auth.region }).config.credentials,
    clock: auth.clock,
  });
  const password = await provider.getToken();
  return {
    username: auth.userId,
    password,
    freshPassword: {
      bind(client: Redis) {
        // ioredis reads options.password synchronously on every connect; a getter makes that read the current
        // token. Refreshing when a reconnect is scheduled means the token is re-signed during the retry delay.
        Object.defineProperty(client.options, 'password', { get: () => provider.currentToken(), enumerable: true, configurable: true });
        client.on('reconnecting', () => {
          provider.getToken().catch(() => undefined);
        });
      },
    },
  };
}
