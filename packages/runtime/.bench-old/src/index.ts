// cdk-elasticache/runtime: what application code (a Lambda handler, a container) uses at run time.
// TypeScript-only companion to the constructs: discover endpoints, sign IAM tokens, connect, and the cache patterns.
export {
  CacheRuntimeError,
  ReplicationGroupNotFoundError,
  ReplicationGroupNotAvailableError,
  CacheAccessDeniedError,
  CacheThrottledError,
  CacheConfigurationError,
  CacheUnavailableError,
} from './errors';
export { discoverEndpoints, clearDiscoveryCache } from './discovery';
export type { DiscoveredEndpoint, CacheEndpoint, CacheNode, CacheTopology, WaitOptions, DiscoverOptions } from './discovery';
export { createIamAuthToken, IamAuthTokenProvider } from './iam-auth-token';
export type { IamAuthTokenOptions, IamAuthTokenProviderOptions } from './iam-auth-token';
export { createCacheClient, createReaderClient } from './connection';
export type { CacheAuth, StaticEndpoint, PlainEndpoint, CacheClientSettings, CacheClient } from './connection';
/** One line in the handler: connect with what `grantAccess` wired in the stack. */
export { connectFromEnvironment } from './connect-from-environment';
export type { ConnectFromEnvironmentOptions } from './connect-from-environment';
export { CacheAside, jitteredTtlMs, DEFAULT_TTL_JITTER, DEFAULT_CACHE_TIMEOUT_MS } from './patterns/cache-aside';
export type { CacheAsideOptions, GetOrLoadOptions, CacheAsideStats, Loader } from './patterns/cache-aside';
export { SessionStore } from './patterns/session-store';
export type { SessionStoreOptions } from './patterns/session-store';
export { RateLimiter } from './patterns/rate-limiter';
export type { RateLimiterOptions, RateLimitResult, RateLimitAlgorithm } from './patterns/rate-limiter';
export { Leaderboard } from './patterns/leaderboard';
export type { LeaderboardEntry, LeaderboardOptions } from './patterns/leaderboard';
export { PubSub } from './patterns/pubsub';
export type { PubSubOptions, MessageHandler } from './patterns/pubsub';
export { jsonSerializer } from './patterns/serializer';
export type { Serializer } from './patterns/serializer';
export { CacheTimeoutError, withTimeout, boundedCall, isUnavailableError, DEFAULT_CALL_TIMEOUT_MS } from './patterns/timeout';
/** Near cache: hot keys in process memory, invalidated by the server (CLIENT TRACKING, BCAST), per shard. */
export { NearCache } from './near-cache/near-cache';
export type { NearCacheOptions, NearCacheStats, NearCacheTicket } from './near-cache/near-cache';
export type { LocalEntry } from './near-cache/lru-store';
/** Light work queue on a stream: consumer group, acks, XAUTOCLAIM reclaim, dead letters, MAXLEN ~, graceful stop. */
export { WorkQueue } from './patterns/work-queue';
export type { WorkQueueOptions, QueueMessage, ConsumeOptions, WorkQueueStats, QueueDepth } from './patterns/work-queue';
/** ML feature caching: batched reads in one round trip per shard, compact float32 vectors. */
export { FeatureCache } from './patterns/feature-cache';
export type { FeatureCacheOptions, FeatureCacheStats } from './patterns/feature-cache';
export { float32Serializer, jsonBinarySerializer } from './patterns/binary-serializer';
export type { BinarySerializer } from './patterns/binary-serializer';
/** Inference caching: keys from a stable hash of model id, model version and canonical input. */
export { InferenceCache } from './patterns/inference-cache';
export type { InferenceCacheOptions } from './patterns/inference-cache';
export { canonicalize, stableHash } from './patterns/canonical';
/** Extra connections through live nodes, with the source client's current credentials. */
export { duplicateClient, liveStartupNodes } from './duplicate';
export { keySlot } from './cluster-slots';
/** The environment-variable contract with the constructs' grantAccess (one definition; the constructs compile a copy). */
export { VARIABLES, DEFAULT_PREFIX, variableName, toEnvironment, parseEnvironment, ENDPOINT_KINDS, AUTH_MODES } from './variables';
export type { CacheConnectionSettings, EndpointKind, AuthMode, VariableRole } from './variables';
