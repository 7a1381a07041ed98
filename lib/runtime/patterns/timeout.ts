import { CacheRuntimeError } from '../errors';

/** Raised when a cache call takes longer than the pattern's `timeoutMs` (code `CacheTimeout`). */
export class CacheTimeoutError extends CacheRuntimeError {
  constructor(public readonly timeoutMs: number) {
    super('CacheTimeout', `cache call timed out after ${timeoutMs} ms`);
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
