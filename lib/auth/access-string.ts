import { CacheValidationError, problem, throwIfInvalid } from '../shared/errors';
import { AccessLevel, runtimeAccessRules } from './runtime-permissions';

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
   * Read commands on keys matching `keyPattern` (e.g. `session:*`), and what the runtime (`cdk-elasticache-runtime`)
   * needs to read with them: `on ~<keyPattern> &* -@all +@read +@connection +@transaction -@dangerous +info
   * +cluster|slots +cluster|info +subscribe +unsubscribe +ssubscribe +sunsubscribe`.
   *
   * - `+@connection`: PING, CLIENT SETNAME (connection names), READONLY (replica reads in cluster mode), and CLIENT ID /
   *   TRACKING / TRACKINGINFO (the near cache sets up and verifies server-assisted invalidation).
   * - `+@transaction`: MULTI / EXEC (a leaderboard reads rank and score in one transaction).
   * - `-@dangerous` removes what those categories bring along that a reader must not run (CLIENT KILL / LIST / PAUSE,
   *   KEYS, SORT_RO).
   * - `+info`: the client's ready check (waits for a node that is still loading data) and the engine version check.
   * - `+cluster|slots`, `+cluster|info`: a cluster-mode client reads the slot map and the cluster state.
   * - `&*`, `+subscribe`, `+ssubscribe` (and their unsubscribes): pub/sub subscribers (sharded in cluster mode), and the
   *   near cache's invalidation channel. No publishing.
   *
   * SSUBSCRIBE needs Redis OSS 7.0+ or Valkey: for an older engine, use `AccessString.of()` without it.
   * @param keyPattern glob of the keys the user may read; default every key
   */
  public static readOnly(keyPattern = '*'): AccessString {
    return AccessString.level('readOnly', keyPattern);
  }

  /**
   * Read and write commands on keys matching `keyPattern`, and what the runtime (`cdk-elasticache-runtime`) needs for
   * every pattern: `on ~<keyPattern> &* -@all +@read +@write +@connection +@transaction +@pubsub -@dangerous -@scripting
   * +info +cluster|slots +cluster|info +evalsha +eval +script|load +time`.
   *
   * - Everything {@link readOnly} grants, and `+@write`, `+@pubsub` (publishing, sharded included).
   * - `-@dangerous` removes the admin commands (FLUSHALL, KEYS, CLIENT KILL, ...); `-@scripting` removes FUNCTION LOAD /
   *   DELETE / FLUSH / RESTORE and SCRIPT FLUSH, which `+@write` would otherwise allow.
   * - `+evalsha`, `+eval`, `+script|load`: the rate limiter's and the work queue's Lua scripts (loaded once per node).
   * - `+time`: the rate limiter's scripts read the server clock (a script runs every command with the user's rights).
   * @param keyPattern glob of the keys the user may read and write; default every key
   */
  public static readWrite(keyPattern = '*'): AccessString {
    return AccessString.level('readWrite', keyPattern);
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

  /** `on ~<keyPattern>` and the rules the runtime's permission table gives `level` (runtime-permissions.ts). */
  private static level(level: AccessLevel, keyPattern: string): AccessString {
    return new AccessString(['on', `~${AccessString.checkPattern(keyPattern)}`, ...runtimeAccessRules(level)].join(' '));
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
