/**
 * The environment variables that describe a cache to application code: written by the constructs'
 * `grantAccess` (in the stack) and read by the runtime's `connectFromEnvironment` (in the handler). This module is the
 * one definition both sides use, so their names and formats cannot drift. It imports nothing: the runtime bundle
 * must not pull aws-cdk-lib in.
 */

/** How the client reaches the cache. */
export const ENDPOINT_KINDS = ['single', 'cluster', 'memcached'] as const;
/** `single`: one primary (and a reader endpoint); `cluster`: a cluster-mode configuration endpoint; `memcached`. */
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** How the client authenticates. */
export const AUTH_MODES = ['none', 'auth-token', 'rbac', 'iam'] as const;
/** `none` (Memcached), `auth-token` (secret string), `rbac` (JSON secret with username and password), `iam`. */
export type AuthMode = (typeof AUTH_MODES)[number];

/** The variables, by their role; the name of each is `<prefix>_<suffix>` (prefix `CACHE` by default). */
export const VARIABLES = {
  /** One of ENDPOINT_KINDS. */
  endpointKind: 'ENDPOINT_KIND',
  /** The address to connect to: the primary, reader, configuration or serverless endpoint. */
  address: 'ADDRESS',
  /** The port, a whole number. */
  port: 'PORT',
  /** `true` or `false`. */
  tls: 'TLS',
  /** `true` when the grant is read-only (the address is then a reader endpoint where the cache has one). */
  readOnly: 'READ_ONLY',
  /** One of AUTH_MODES. */
  authMode: 'AUTH_MODE',
  /** auth-token and rbac: the ARN of the secret with the token, or the JSON `{ username, password }`. */
  secretArn: 'SECRET_ARN',
  /** iam: the IAM-enabled user's id (also its user name). */
  userId: 'USER_ID',
  /** iam: the replication group id or serverless cache name the token is signed for. */
  cacheName: 'CACHE_NAME',
  /** `true` for a serverless cache: an IAM token then carries `ResourceType=ServerlessCache`; Memcached skips discovery. */
  serverless: 'SERVERLESS',
  /** The region of the cache (for Secrets Manager and token signing). */
  region: 'REGION',
} as const;

/** The role of a variable. */
export type VariableRole = keyof typeof VARIABLES;

/** The default prefix: `CACHE_ADDRESS`, `CACHE_PORT`, ... */
export const DEFAULT_PREFIX = 'CACHE';

/** A prefix is upper-case letters, digits and underscores, starting with a letter, so that names are valid shell names. */
export const PREFIX_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/** The full name of a variable, e.g. `variableName('address')` → `CACHE_ADDRESS`. */
export function variableName(role: VariableRole, prefix: string = DEFAULT_PREFIX): string {
  return `${prefix}_${VARIABLES[role]}`;
}

/** What the variables describe, as plain values (the construct side fills it with tokens). */
export interface CacheConnectionSettings {
  readonly endpointKind: EndpointKind;
  readonly address: string;
  readonly port: string;
  readonly tls: boolean;
  readonly readOnly: boolean;
  readonly authMode: AuthMode;
  readonly secretArn?: string;
  readonly userId?: string;
  readonly cacheName?: string;
  readonly serverless?: boolean;
  readonly region: string;
}

/** The variables for `settings`, named with `prefix`; optional settings that are absent are left out. */
export function toEnvironment(settings: CacheConnectionSettings, prefix: string = DEFAULT_PREFIX): Record<string, string> {
  const values: Partial<Record<VariableRole, string | undefined>> = {
    endpointKind: settings.endpointKind,
    address: settings.address,
    port: settings.port,
    tls: String(settings.tls),
    readOnly: String(settings.readOnly),
    authMode: settings.authMode,
    secretArn: settings.secretArn,
    userId: settings.userId,
    cacheName: settings.cacheName,
    serverless: settings.serverless === undefined ? undefined : String(settings.serverless),
    region: settings.region,
  };
  const environment: Record<string, string> = {};
  for (const [role, value] of Object.entries(values) as [VariableRole, string | undefined][]) {
    if (value !== undefined) environment[variableName(role, prefix)] = value;
  }
  return environment;
}

/**
 * Reads the variables named with `prefix` from `env`. Returns the settings, or the problems, each naming the variable
 * that is missing or malformed and what it should hold.
 */
export function parseEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  prefix: string = DEFAULT_PREFIX,
): { readonly settings?: CacheConnectionSettings; readonly problems: string[] } {
  const problems: string[] = [];
  const read = (role: VariableRole, required: boolean): string | undefined => {
    const name = variableName(role, prefix);
    const value = env[name];
    if (value === undefined || value === '') {
      if (required) problems.push(`${name} is not set`);
      return undefined;
    }
    return value;
  };
  const oneOf = <T extends string>(role: VariableRole, allowed: readonly T[]): T | undefined => {
    const value = read(role, true);
    if (value !== undefined && !allowed.includes(value as T)) {
      problems.push(`${variableName(role, prefix)} is '${value}', expected one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T | undefined;
  };
  const flag = (role: VariableRole, required: boolean): boolean | undefined => {
    const value = read(role, required);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') problems.push(`${variableName(role, prefix)} is '${value}', expected true or false`);
    return value === 'true';
  };

  const endpointKind = oneOf('endpointKind', ENDPOINT_KINDS);
  const address = read('address', true);
  const port = read('port', true);
  if (port !== undefined && !/^\d+$/.test(port)) problems.push(`${variableName('port', prefix)} is '${port}', expected a port number`);
  const tls = flag('tls', true);
  const readOnly = flag('readOnly', false) ?? false;
  const authMode = oneOf('authMode', AUTH_MODES);
  const region = read('region', true);
  const secretArn = read('secretArn', authMode === 'auth-token' || authMode === 'rbac');
  const userId = read('userId', authMode === 'iam');
  const cacheName = read('cacheName', authMode === 'iam');
  const serverless = flag('serverless', false);
  if (problems.length > 0 || !endpointKind || !address || !port || tls === undefined || !authMode || !region) {
    return { problems };
  }
  return {
    problems,
    settings: { endpointKind, address, port, tls, readOnly, authMode, region, secretArn, userId, cacheName, serverless },
  };
}
