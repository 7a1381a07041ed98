import { Duration, aws_kms as kms } from 'aws-cdk-lib';

/** Automatic rotation of an RBAC user's password (see `PasswordAuthenticationOptions.rotation`). */
export interface PasswordRotationOptions {
  /**
   * Time between rotations (named as in aws-rds and Secrets Manager's RotationSchedule).
   * @default Duration.days(30)
   */
  readonly automaticallyAfter?: Duration;
  /**
   * Reserved concurrency of the rotation Lambda (Secrets Manager runs one rotation step at a time, so 1–2 is plenty).
   * @default - no reservation: a new account's reduced concurrency quota refuses one
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * KMS key of the rotation Lambda's log group. With an imported key (whose key policy cannot be changed here), pass a
   * key created in this app, or make sure the imported key's policy allows CloudWatch Logs.
   * @default - the encryption key of the cache that runs the rotation
   */
  readonly logEncryptionKey?: kms.IKey;
}
