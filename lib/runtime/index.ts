// cdk-elasticache/runtime: what application code (a Lambda handler, a container) uses at run time.
// TypeScript-only companion to the constructs: discover endpoints, sign IAM tokens, connect, and the cache patterns.
export {
  CacheRuntimeError,
  ReplicationGroupNotFoundError,
  ReplicationGroupNotAvailableError,
  CacheAccessDeniedError,
  CacheThrottledError,
  CacheConfigurationError,
} from './errors';
export { discoverEndpoints, clearDiscoveryCache } from './discovery';
export type { CacheEndpoint, CacheNode, CacheTopology, WaitOptions, DiscoverOptions } from './discovery';
export { createIamAuthToken, IamAuthTokenProvider } from './iam-auth-token';
export type { IamAuthTokenOptions, IamAuthTokenProviderOptions } from './iam-auth-token';
export { createCacheClient, createReaderClient } from './connection';
export type { CacheAuth, PlainEndpoint, CacheClientSettings, CacheClient } from './connection';
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
export { CacheTimeoutError, withTimeout } from './patterns/timeout';
