/**
 * Rotation Lambda settings, read from the environment the construct sets on the function.
 *
 * Parsed on every invocation rather than at module load, so importing the handler (tests, bundling)
 * never needs the variables, while a misconfigured function still fails on its first step with a
 * message that names the variable.
 */
export interface RotationConfig {
  /** The replication group whose AUTH token the secret holds (`REPLICATION_GROUP_ID`). */
  readonly replicationGroupId: string;
  /** Length of generated tokens (`TOKEN_LENGTH`, default 64; ElastiCache allows 16–128). */
  readonly tokenLength: number;
  /** Whether testSecret also AUTHs against the cache over TLS (`TEST_CONNECT=true`). */
  readonly testConnect: boolean;
  /** Endpoint override for that AUTH test (`CACHE_HOST` / `CACHE_PORT`); else the group's own endpoint. */
  readonly cacheEndpoint?: CacheEndpoint;
}

export interface CacheEndpoint {
  readonly host: string;
  readonly port: number;
}

/** ElastiCache's AUTH token length limits. */
export const MIN_TOKEN_LENGTH = 16;
export const MAX_TOKEN_LENGTH = 128;
const DEFAULT_TOKEN_LENGTH = 64;

export type RotationEnv = Readonly<Record<string, string | undefined>>;

export function readRotationConfig(env: RotationEnv): RotationConfig {
  const replicationGroupId = env.REPLICATION_GROUP_ID;
  if (!replicationGroupId) {
    throw new Error(
      'REPLICATION_GROUP_ID must be set to the replication group whose AUTH token is rotated (or USER_ID to the user whose password is)',
    );
  }
  const tokenLength =
    env.TOKEN_LENGTH === undefined || env.TOKEN_LENGTH === ''
      ? DEFAULT_TOKEN_LENGTH
      : parseIntInRange('TOKEN_LENGTH', env.TOKEN_LENGTH, MIN_TOKEN_LENGTH, MAX_TOKEN_LENGTH);
  return {
    replicationGroupId,
    tokenLength,
    testConnect: env.TEST_CONNECT === 'true',
    cacheEndpoint: readEndpoint(env),
  };
}

function readEndpoint(env: RotationEnv): CacheEndpoint | undefined {
  if (!env.CACHE_HOST && !env.CACHE_PORT) {
    return undefined;
  }
  if (!env.CACHE_HOST || !env.CACHE_PORT) {
    throw new Error('CACHE_HOST and CACHE_PORT must be set together');
  }
  return { host: env.CACHE_HOST, port: parseIntInRange('CACHE_PORT', env.CACHE_PORT, 1, 65535) };
}

function parseIntInRange(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

/**
 * Settings of a user password rotation: the construct sets `USER_ID` (instead of `REPLICATION_GROUP_ID`) for an RBAC
 * user whose secret is JSON `{"username", "password"}`.
 */
export interface UserPasswordRotationConfig {
  /** The ElastiCache user whose password the secret holds (`USER_ID`). */
  readonly userId: string;
  /** Length of generated passwords (`PASSWORD_LENGTH`, default 64; ElastiCache allows 16–128). */
  readonly passwordLength: number;
  /** Whether testSecret also AUTHs as the user with the new password over TLS (`TEST_CONNECT=true`). */
  readonly testConnect: boolean;
  /** Where that AUTH goes (`CACHE_HOST` / `CACHE_PORT`): a user belongs to no one cache, so the construct names it. */
  readonly cacheEndpoint?: CacheEndpoint;
}

/** True when the function rotates a user's password (`USER_ID` is set) rather than an AUTH token. */
export function isUserPasswordRotation(env: RotationEnv): boolean {
  return env.USER_ID !== undefined && env.USER_ID !== '';
}

export function readUserPasswordRotationConfig(env: RotationEnv): UserPasswordRotationConfig {
  const userId = env.USER_ID;
  if (!userId) {
    throw new Error('USER_ID must be set to the ElastiCache user whose password is rotated');
  }
  const passwordLength =
    env.PASSWORD_LENGTH === undefined || env.PASSWORD_LENGTH === ''
      ? DEFAULT_TOKEN_LENGTH
      : parseIntInRange('PASSWORD_LENGTH', env.PASSWORD_LENGTH, MIN_TOKEN_LENGTH, MAX_TOKEN_LENGTH);
  const testConnect = env.TEST_CONNECT === 'true';
  const cacheEndpoint = readEndpoint(env);
  if (testConnect && !cacheEndpoint) {
    throw new Error('TEST_CONNECT=true needs CACHE_HOST and CACHE_PORT: the cache endpoint to AUTH against with the new password');
  }
  return { userId, passwordLength, testConnect, cacheEndpoint };
}
