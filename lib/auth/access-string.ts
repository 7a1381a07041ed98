import { CacheValidationError, problem, throwIfInvalid } from '../errors';

/**
 * An RBAC access string (Valkey / Redis OSS ACL rules, without passwords). Typed helpers cover the common grants;
 * `AccessString.of()` is the raw escape hatch.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html
 */
export class AccessString {
  /** Every command on every key and channel. */
  public static fullAccess(): AccessString {
    return new AccessString('on ~* &* +@all');
  }

  /**
   * Read commands on keys matching `keyPattern` (e.g. `session:*`).
   * @param keyPattern glob of the keys the user may read; default every key
   */
  public static readOnly(keyPattern = '*'): AccessString {
    return new AccessString(`on ~${AccessString.checkPattern(keyPattern)} -@all +@read`);
  }

  /**
   * Read and write commands on keys matching `keyPattern`, without the dangerous (admin) category.
   * @param keyPattern glob of the keys the user may read and write; default every key
   */
  public static readWrite(keyPattern = '*'): AccessString {
    return new AccessString(`on ~${AccessString.checkPattern(keyPattern)} &* -@all +@read +@write +@pubsub +@connection -@dangerous`);
  }

  /** A disabled user that can run no command: what the library's replacement `default` user gets. */
  public static disabled(): AccessString {
    return new AccessString('off -@all');
  }

  /** A raw access string, e.g. `on ~app:* +get +set`. */
  public static of(value: string): AccessString {
    throwIfInvalid('AccessString', [
      ...(value.trim().length === 0
        ? [problem('access-string-empty', 'accessString must not be empty: use AccessString.disabled() for a user with no access')]
        : []),
      ...(/(^|\s)[<>#]/.test(value)
        ? [
            problem(
              'access-string-password',
              `accessString must not contain passwords ('>...', '<...', '#...'): set them with UserAuthentication.password()`,
            ),
          ]
        : []),
    ]);
    return new AccessString(value);
  }

  private static checkPattern(pattern: string): string {
    if (/\s/.test(pattern) || pattern.length === 0) {
      throw new CacheValidationError('AccessString', [
        problem('access-string-key-pattern', `key pattern '${pattern}' must be a non-empty glob without spaces, e.g. 'app:*'`),
      ]);
    }
    return pattern;
  }

  private constructor(
    /** The access string, as CloudFormation's `AccessString`. */
    public readonly value: string,
  ) {}
}
