/**
 * Lambda entry of the sample app (Function URL, payload format 2.0).
 *
 * Cold start, once per container: read the env contract (see config.ts), fetch the AUTH token
 * from Secrets Manager (through the VPC interface endpoint), open one TLS connection to the cache.
 * Warm invocations reuse all of it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Redis } from 'ioredis';
import { withTimeout } from '../../runtime/patterns/timeout';
import { createHandler, Handler } from './app';
import { createItemLoader, fetchAuthToken } from './aws';
import { readConfig } from './config';
import type { FunctionUrlEvent, FunctionUrlResult } from './http';

export { createHandler, type HandlerDeps, type Handler, type Item } from './app';
export { createItemLoader, fetchAuthToken } from './aws';
export { readConfig, type HandlerConfig } from './config';
export type { FunctionUrlEvent, FunctionUrlResult } from './http';

const CONNECT_TIMEOUT_MS = 2_000;

let app: Promise<Handler> | undefined;

export async function handler(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
  app ??= init().catch((err: unknown) => {
    app = undefined; // let the next invocation retry a failed cold start
    throw err;
  });
  return (await app)(event);
}

async function init(): Promise<Handler> {
  const config = readConfig(process.env);
  const secrets = new SecretsManagerClient({});
  const token = await fetchAuthToken(secrets, config.authSecretArn);
  const redis = new Redis({
    host: config.cacheHost,
    port: config.cachePort,
    tls: {},
    password: token,
    // Fail fast while the cache is unreachable; the patterns fail open or report the error.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: 500,
    lazyConnect: true,
    // After a Multi-AZ failover the old primary answers writes with READONLY while this connection still points
    // at it; reconnecting re-resolves the primary endpoint, and 2 resends the command (as lib/runtime/connection.ts).
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  });
  redis.on('error', (err: Error) => console.warn('cache connection error:', err.message));
  // The token rotates (ROTATE, then SET). Open connections stay authenticated; a reconnect must use the current one.
  redis.on('reconnecting', () => {
    fetchAuthToken(secrets, config.authSecretArn).then(
      (current) => {
        redis.options.password = current;
      },
      (err: unknown) => console.warn('could not re-read the AUTH token', err),
    );
  });
  // Without the offline queue, commands sent before the first connect fail, so wait for it
  // (bounded); if the cache is down, the handler still serves from DynamoDB.
  await withTimeout(redis.connect(), CONNECT_TIMEOUT_MS).catch((err: unknown) => console.warn('cache not reachable at cold start', err));
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return createHandler({ redis, loadItem: createItemLoader(doc, config.tableName), rateLimitPerMinute: config.rateLimitPerMinute });
}
