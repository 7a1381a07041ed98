import { CacheValidationError } from '../../lib';

/** The CacheValidationError `fn` throws (the test fails when it throws nothing). */
export function captureError(fn: () => unknown): CacheValidationError {
  try {
    fn();
  } catch (error) {
    return error as CacheValidationError;
  }
  throw new Error('expected an error');
}
