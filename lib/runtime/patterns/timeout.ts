/** Raised when a cache call takes longer than the pattern's `timeoutMs`. */
export class CacheTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`cache call timed out after ${timeoutMs} ms`);
    this.name = 'CacheTimeoutError';
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
        reject(err);
      },
    );
  });
}
