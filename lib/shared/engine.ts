/**
 * The engine base: what the building blocks every shape uses (RBAC and IAM authentication, log delivery) need to know of
 * a Valkey / Redis OSS engine, whichever shape runs it. ReplicationGroupEngine and the Valkey / Redis OSS versions of
 * ServerlessCacheEngine provide it.
 */
export interface ValkeyRedisEngine {
  /** `valkey` or `redis`, as CloudFormation's `Engine`. */
  readonly name: string;
  /** True when this version is at least `version` (e.g. '7.0') of the same engine. */
  isAtLeast(version: string): boolean;
  /** `engine version`, for messages. */
  toString(): string;
}

/** The engine names, as CloudFormation spells them. */
export const VALKEY = 'valkey';
export const REDIS = 'redis';

/**
 * True for Valkey, which forked from Redis OSS 7.2 and has all of it, or for Redis OSS `redisVersion` or later: the one
 * form of ElastiCache's "Valkey or Redis OSS x+" requirements.
 */
export function isValkeyOrRedisAtLeast(engine: ValkeyRedisEngine, redisVersion: string): boolean {
  return engine.name === VALKEY || engine.isAtLeast(redisVersion);
}
