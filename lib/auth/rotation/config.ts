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
    throw new Error('REPLICATION_GROUP_ID must be set to the replication group whose AUTH token is rotated');
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
