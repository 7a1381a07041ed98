/**
 * Lambda entry of the sample app (Function URL, payload format 2.0).
 *
 * Cold start, once per container: connect with the variables the stack's grantAccess set (connectFromEnvironment:
 * the AUTH token from Secrets Manager through the VPC interface endpoint, one TLS connection), read the app's own
 * settings (config.ts), and a near cache for items (one more connection, which carries the server's invalidations).
 * Warm invocations reuse all of it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { connectFromEnvironment, NearCache } from 'cdk-elasticache-runtime';
import { createHandler, Handler } from './app';
import { createItemLoader } from './aws';
import { readConfig } from './config';
import type { FunctionUrlEvent, FunctionUrlResult } from './http';

export { createHandler, type HandlerDeps, type Handler, type Item, type Job } from './app';
export { createItemLoader } from './aws';
export { readConfig, type HandlerConfig } from './config';
export type { FunctionUrlEvent, FunctionUrlResult } from './http';

const CONNECT_TIMEOUT_MS = 2_000;

let app: Promise<Handler> | undefined;
/** The connections of the current container, closed by `shutdown`. */
let connections: { close(): void }[] = [];

export async function handler(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
  app ??= init().catch((err: unknown) => {
    app = undefined; // let the next invocation retry a failed cold start
    throw err;
  });
  return (await app)(event);
}

async function init(): Promise<Handler> {
  const config = readConfig(process.env);
  // The one line in the handler: the CACHE_* variables the stack's cache.grantAccess(fn) set. TLS, the AUTH token
  // from Secrets Manager (re-read on reconnect, as it rotates), and reconnect on READONLY after a failover.
  // Not waiting for the connection, with commands failing fast until it is up: a cache that is down at cold start
  // costs the requests their cache hits, not their answers (the patterns fail open to DynamoDB).
  const redis = await connectFromEnvironment({
    waitUntilConnected: false,
    maxRetriesPerRequest: 1,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    maxReconnectAttempts: Number.POSITIVE_INFINITY,
  });
  redis.on('error', (err: Error) => console.warn('cache connection error:', err.message));
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  // Hot items from container memory. Between invocations Lambda freezes the container: heartbeats stop, and
  // the near cache flushes itself before serving again (see NearCacheOptions.heartbeatMs).
  const nearCache = new NearCache(redis, { prefixes: ['item:'], maxEntries: 1_000, maxTtlMs: 30_000, heartbeatMs: 250 });
  connections = [nearCache, { close: () => redis.disconnect() }];
  return createHandler({
    redis,
    loadItem: createItemLoader(doc, config.tableName),
    rateLimitPerMinute: config.rateLimitPerMinute,
    nearCache,
  });
}

/** Closes the container's connections (the near cache's, then the client); the next invocation connects anew. */
export async function shutdown(): Promise<void> {
  const current = app;
  app = undefined;
  await current?.catch(() => undefined);
  for (const connection of connections) connection.close();
  connections = [];
}
