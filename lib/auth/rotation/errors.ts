/**
 * Thrown when a step cannot run *yet* (the replication group is busy with another modification).
 *
 * Secrets Manager treats any error as a failed step and retries the rotation later, so this class
 * changes nothing at run time; it exists so logs and tests can tell "try again later" apart from
 * "misconfigured" failures, which will not fix themselves.
 */
export class RetryableRotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableRotationError';
  }
}
