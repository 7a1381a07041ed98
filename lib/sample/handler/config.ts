/** The app's own settings from the sample stack; the cache's come from grantAccess (CACHE_*, connectFromEnvironment). */
export interface HandlerConfig {
  /** DynamoDB table with partition key `pk` (string). */
  readonly tableName: string;
  readonly rateLimitPerMinute: number;
}

/** Reads TABLE_NAME and RATE_LIMIT_PER_MINUTE (default 60). */
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
    tableName: required('TABLE_NAME'),
    rateLimitPerMinute: positiveInt('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE ?? '60'),
  };
}
