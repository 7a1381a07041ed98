// Public construct API of cdk-elasticache. The runtime companion is a separate entry: 'cdk-elasticache/runtime'.
export * from './engine';
export * from './node-type';
export * from './auth/authentication';
export * from './auth/access-string';
export * from './auth/user';
export * from './auth/user-group';
export * from './auth/auth-token-rotation';
export { AwsApiPath } from './network/aws-api-path';
export * from './replication-group/props';
export * from './replication-group/endpoint';
export * from './replication-group/base';
export type { ReplicationGroupAttributes } from './replication-group/imported';
export * from './replication-group/replication-group';
