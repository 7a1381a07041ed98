/** The environment contract between the sample stack and this handler. */
export interface HandlerConfig {
  readonly cacheHost: string;
  readonly cachePort: number;
  /** Secrets Manager secret whose SecretString is the cache AUTH token. */
  readonly authSecretArn: string;
  /** DynamoDB table with partition key `pk` (string). */
  readonly tableName: string;
  readonly rateLimitPerMinute: number;
}

/** Reads CACHE_HOST, CACHE_PORT, CACHE_AUTH_SECRET_ARN, TABLE_NAME and RATE_LIMIT_PER_MINUTE (default 60). */
export function readConfig(env: NodeJS.ProcessEnv): HandlerConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is required`);
    return value;
  };
  const positiveInt = (name: string, value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`environment variable ${name} must be a positive integer, got "${value}"`);
    return n;
  };
  return {
    cacheHost: required('CACHE_HOST'),
    cachePort: positiveInt('CACHE_PORT', required('CACHE_PORT')),
    authSecretArn: required('CACHE_AUTH_SECRET_ARN'),
    tableName: required('TABLE_NAME'),
    rateLimitPerMinute: positiveInt('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE ?? '60'),
  };
}
