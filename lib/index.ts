// The public construct API of cdk-elasticache: every name here is a promise kept within a major version.
// The runtime companion (cdk-elasticache-runtime) and the reviewer/CLI (cdk-elasticache-cli) are packages of their own;
// the sample app is not part of the construct API. Helpers (node-type parsing, validation rules, removal-policy and naming helpers) stay
// internal on purpose: users reach their effects through props and errors, not by calling them.

// Types every shape shares: endpoints, network types, errors.
export { CacheEndpoint } from './shared/endpoint';
export { NetworkType } from './shared/network-type';
export { CacheValidationError } from './shared/errors';
export type { ValidationProblem } from './shared/errors';

// Replication groups.
export { ReplicationGroup } from './replication-group/replication-group';
export { ReplicationGroupEngine, ReplicationGroupEngineName } from './replication-group/engine';
export { ReplicationGroupBase } from './replication-group/base';
export type { IReplicationGroup } from './replication-group/base';
export type { ReplicationGroupAttributes } from './replication-group/imported';
export { ClusterMode, Durability, TransitEncryptionMode } from './replication-group/props';
export type { CacheBackupProps, IGlobalDatastore, ReplicationGroupProps } from './replication-group/props';

// Memcached clusters (node-based Memcached: no authentication, no persistence).
export { MemcachedCluster } from './memcached/memcached-cluster';
export { MemcachedClusterBase } from './memcached/base';
export type { IMemcachedCluster } from './memcached/base';
export type { MemcachedClusterAttributes } from './memcached/imported';
export { MemcachedAzMode } from './memcached/props';
export type { MemcachedClusterProps } from './memcached/props';
export { MemcachedEngine } from './memcached/engine';

// Serverless caches (Valkey, Redis OSS, Memcached).
export { ServerlessCache } from './serverless/serverless-cache';
export { ServerlessCacheBase } from './serverless/base';
export type { IServerlessCache } from './serverless/base';
export type { ServerlessCacheAttributes } from './serverless/imported';
export type { ServerlessCacheUsageLimits, ServerlessCacheBackupProps, ServerlessCacheProps } from './serverless/props';
export { ServerlessCacheEngine, ServerlessCacheEngineName } from './serverless/engine';
export { ServerlessCacheConnectionType } from './serverless/connection-type';

// Global datastores (cross-region replication of a replication group).
export { GlobalDatastore } from './global/global-datastore';
export type { GlobalDatastoreAttributes, GlobalDatastoreProps } from './global/global-datastore';

// Authentication and access control.
export { AuthenticationMode, CacheAuthentication } from './auth/authentication';
export type { AuthTokenOptions, AuthTokenRotationOptions } from './auth/authentication';
export { AccessString } from './auth/access-string';
export { CacheUser, UserAuthentication, UserAuthenticationType, UserEngine } from './auth/user';
export type { CacheUserAttributes, CacheUserProps, ICacheUser, PasswordAuthenticationOptions } from './auth/user';
export { CacheUserGroup } from './auth/user-group';
export type { CacheUserGroupAttributes, CacheUserGroupProps, ICacheUserGroup } from './auth/user-group';
// Public on purpose: ReplicationGroup.authTokenRotation exposes it, and it can rotate a token of an imported group.
export { AuthTokenRotation } from './auth/auth-token-rotation';
export type { AuthTokenRotationProps } from './auth/auth-token-rotation';
// Public for the same reason: ReplicationGroup / ServerlessCache.passwordRotations and UserPasswordRotation.of(user).
export { UserPasswordRotation } from './auth/password-rotation';
export type { UserPasswordRotationProps } from './auth/password-rotation';
export type { PasswordRotationOptions } from './auth/password-rotation-options';
export { AwsApiPath } from './network/aws-api-path';

// Observability and operations: metrics (on every shape), recommended alarms and a dashboard per shape, log delivery,
// auto scaling.
export { NodeAggregation } from './monitoring/metrics';
export type { CacheMetricOptions, IReplicationGroupMembers } from './monitoring/metrics';
export { RecommendedAlarmsBase } from './monitoring/alarm-set';
export type { CacheAlarmOptions, CacheAlarmTopicOptions } from './monitoring/alarm-set';
export { RecommendedAlarms } from './monitoring/alarms';
export type { RecommendedAlarmsOptions, RecommendedAlarmsProps } from './monitoring/alarms';
export { CacheDashboard } from './monitoring/dashboard';
export type { CacheDashboardOptions, CacheDashboardProps } from './monitoring/dashboard';
export { ServerlessCacheRecommendedAlarms } from './monitoring/serverless-alarms';
export type {
  ServerlessCacheMonitoringProps,
  ServerlessCacheRecommendedAlarmsOptions,
  ServerlessCacheRecommendedAlarmsProps,
} from './monitoring/serverless-alarms';
export { ServerlessCacheDashboard } from './monitoring/serverless-dashboard';
export type { ServerlessCacheDashboardProps } from './monitoring/serverless-dashboard';
export type { IMemcachedClusterNodes } from './monitoring/memcached-metrics';
export { MemcachedRecommendedAlarms } from './monitoring/memcached-alarms';
export type { MemcachedRecommendedAlarmsOptions, MemcachedRecommendedAlarmsProps } from './monitoring/memcached-alarms';
export { MemcachedDashboard } from './monitoring/memcached-dashboard';
export type { MemcachedDashboardProps } from './monitoring/memcached-dashboard';
export { CacheLogDestination, CacheLogFormat } from './monitoring/log-delivery';
export type { CacheLogGroupOptions, CacheLoggingProps } from './monitoring/log-delivery';
export type { CacheAutoScalingProps, ReplicaAutoScalingProps, ShardAutoScalingProps } from './replication-group/auto-scaling';

// Connecting compute (grantAccess) and the environment it receives.
export { CacheGrantee } from './connect/grant-access';
export type { CacheAccess, CacheAccessOptions, ICacheGrantee } from './connect/grant-access';
