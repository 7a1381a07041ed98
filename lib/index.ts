// The public construct API of cdk-elasticache: every name here is a promise kept within a major version.
// The runtime companion is a separate entry ('cdk-elasticache/runtime'); the CLI, the reviewer and the sample app are
// not part of the construct API. Helpers (node-type parsing, validation rules, removal-policy and naming helpers) stay
// internal on purpose: users reach their effects through props and errors, not by calling them.

// Engines.
export { CacheEngine, EngineName } from './engine';

// Replication groups.
export { ReplicationGroup } from './replication-group/replication-group';
export { ReplicationGroupBase } from './replication-group/base';
export type { IReplicationGroup } from './replication-group/base';
export type { ReplicationGroupAttributes } from './replication-group/imported';
export { ClusterMode, NetworkType, TransitEncryptionMode } from './replication-group/props';
export type { CacheBackupProps, ReplicationGroupProps } from './replication-group/props';
export { CacheEndpoint } from './replication-group/endpoint';

// Authentication and access control.
export { AuthenticationMode, CacheAuthentication } from './auth/authentication';
export type { AuthTokenOptions, AuthTokenRotationOptions } from './auth/authentication';
export { AccessString } from './auth/access-string';
export { CacheUser, UserAuthentication, UserAuthenticationType } from './auth/user';
export type { CacheUserAttributes, CacheUserProps, ICacheUser, PasswordAuthenticationOptions } from './auth/user';
export { CacheUserGroup } from './auth/user-group';
export type { CacheUserGroupAttributes, CacheUserGroupProps, ICacheUserGroup } from './auth/user-group';
// Public on purpose: ReplicationGroup.authTokenRotation exposes it, and it can rotate a token of an imported group.
export { AuthTokenRotation } from './auth/auth-token-rotation';
export type { AuthTokenRotationProps } from './auth/auth-token-rotation';
export { AwsApiPath } from './network/aws-api-path';

// Errors.
export { CacheValidationError } from './errors';
export type { ValidationProblem } from './errors';
