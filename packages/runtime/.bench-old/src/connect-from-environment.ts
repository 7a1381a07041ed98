/**
 * `connectFromEnvironment()`: the handler half of the constructs' `grantAccess()`. It reads exactly the variables
 * `grantAccess` set (lib/connect/variables.ts, shared by both sides so the names cannot drift) and returns a connected
 * client: single or cluster mode, TLS, and the password from Secrets Manager or an IAM token, refreshed as
 * createCacheClient does.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ConnectionOptions } from 'node:tls';
import { CacheConnectionSettings, DEFAULT_PREFIX, parseEnvironment } from './variables';
import { CacheAuth, CacheClient, CacheClientSettings, createCacheClient } from './connection';
import { CacheConfigurationError } from './errors';

/** Options of {@link connectFromEnvironment}. */
export interface ConnectFromEnvironmentOptions extends Pick<
  CacheClientSettings,
  'maxRetriesPerRequest' | 'maxReconnectAttempts' | 'connectTimeoutMs' | 'waitUntilConnected'
> {
  /** The prefix given to `grantAccess` (`environmentPrefix`). @default 'CACHE' */
  readonly prefix?: string;
  /** Where to read the variables. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** TLS options, e.g. `{ ca }` for a private CA; used when the variables say TLS. @default {} */
  readonly tls?: ConnectionOptions;
  /** Secrets Manager client for the token or password. @default - a new client in the cache's region */
  readonly secretsManager?: SecretsManagerClient;
  /** Credentials that sign IAM tokens. @default - the AWS SDK's default chain (e.g. the Lambda execution role) */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Milliseconds since the epoch for IAM token signing; injectable for tests. @default Date.now */
  readonly clock?: () => number;
}

/**
 * Connects to the cache that `grantAccess` described in the environment and waits until the client is ready.
 * @throws CacheConfigurationError naming every missing or malformed variable
 */
export async function connectFromEnvironment(options: ConnectFromEnvironmentOptions = {}): Promise<CacheClient> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const { settings, problems } = parseEnvironment(options.env ?? process.env, prefix);
  if (!settings) {
    throw new CacheConfigurationError(
      `connectFromEnvironment: the cache variables are incomplete (set by grantAccess in the stack):\n  - ${problems.join('\n  - ')}`,
    );
  }
  if (settings.endpointKind === 'memcached') {
    throw new CacheConfigurationError(
      `connectFromEnvironment connects Valkey and Redis OSS; ${prefix}_ENDPOINT_KIND is memcached: use a Memcached client with ${prefix}_ADDRESS and ${prefix}_PORT`,
    );
  }
  const cluster = settings.endpointKind === 'cluster';
  return createCacheClient({
    endpoint: {
      address: settings.address,
      port: Number(settings.port),
      clusterMode: cluster,
      role: settings.readOnly ? 'reader' : 'primary',
    },
    auth: authFor(settings, options),
    tls: settings.tls ? (options.tls ?? {}) : false,
    readFromReplicas: cluster && settings.readOnly,
    maxRetriesPerRequest: options.maxRetriesPerRequest,
    maxReconnectAttempts: options.maxReconnectAttempts,
    connectTimeoutMs: options.connectTimeoutMs,
    waitUntilConnected: options.waitUntilConnected,
  });
}

function authFor(settings: CacheConnectionSettings, options: ConnectFromEnvironmentOptions): CacheAuth {
  switch (settings.authMode) {
    case 'none':
      return { kind: 'none' };
    case 'auth-token':
    case 'rbac':
      // The token secret is a string; an RBAC user's is JSON {username, password}: createCacheClient reads both.
      return {
        kind: 'secretsManager',
        secretId: settings.secretArn!,
        client: options.secretsManager ?? new SecretsManagerClient({ region: settings.region }),
      };
    case 'iam':
      return {
        kind: 'iam',
        userId: settings.userId!,
        replicationGroupId: settings.cacheName!,
        serverless: settings.serverless,
        region: settings.region,
        credentials: options.credentials,
        clock: options.clock,
      };
  }
}
