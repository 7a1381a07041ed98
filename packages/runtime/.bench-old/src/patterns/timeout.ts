import { CacheUnavailableError } from '../errors';

/** Default per-call bound of the patterns that pass errors to the caller (SessionStore, RateLimiter, ...). */
export const DEFAULT_CALL_TIMEOUT_MS = 250;

/** Raised when a cache call takes longer than the pattern's `timeoutMs` (code `CacheTimeout`). */
export class CacheTimeoutError extends CacheUnavailableError {
  constructor(public readonly timeoutMs: number) {
    super(`cache call timed out after ${timeoutMs} ms`, { code: 'CacheTimeout' });
  }
}

/**
 * Settles with `promise`, or rejects with {@link CacheTimeoutError} after `timeoutMs`.
 *
 * This is what makes fail-open a guarantee rather than a client setting: whatever the client's
 * queueing and retry options, the caller waits at most `timeoutMs`. The late outcome of `promise`
 * is still observed, so it never becomes an unhandled rejection.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CacheTimeoutError(timeoutMs)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/**
 * {@link withTimeout}, and errors that mean "the cache cannot answer now" (see {@link isUnavailableError}) become a
 * {@link CacheUnavailableError} whose `cause` is the client's error. Anything else is passed on unchanged.
 */
export function boundedCall<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return withTimeout(promise, timeoutMs).catch((err: Error) => {
    throw isUnavailableError(err) && !(err instanceof CacheUnavailableError)
      ? new CacheUnavailableError(`cache unavailable: ${err.message}`, { cause: err })
      : err;
  });
}

/** Client and server errors of an outage or failover, as ioredis and Valkey/Redis word them. */
const UNAVAILABLE_MESSAGE =
  /^(Connection is closed|Stream isn't writeable|Reached the max retries per request limit|None of startup nodes is available|Failed to refresh slots cache|Cluster isn't ready|Too many Cluster redirections|Command timed out|Connection in subscriber mode is closed|(?:CLUSTERDOWN|TRYAGAIN|LOADING|MASTERDOWN|READONLY|BUSY|OOM|NOREPLICAS)\b)/;
const UNAVAILABLE_CODE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Whether `err` means the cache cannot answer now (an outage, a failover, a timeout) rather than a bug. */
export function isUnavailableError(err: unknown): boolean {
  if (err instanceof CacheUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (
    UNAVAILABLE_MESSAGE.test(err.message) ||
    (typeof code === 'string' && UNAVAILABLE_CODE.has(code)) ||
    err.name === 'MaxRetriesPerRequestError'
  );
}

/** Validates a pattern's `timeoutMs` option (or applies `fallback`), so every pattern words the error the same. */
export function timeoutOption(timeoutMs: number | undefined, fallback: number): number {
  const value = timeoutMs ?? fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`timeoutMs must be a finite number > 0, got ${value}`);
  return value;
}
