import { MEMCACHED_VERSIONS, compareVersions, lookUpVersion, versionParts } from '../facts/engine-versions-shapes';
import { CacheValidationError, problem } from '../shared/errors';

/**
 * A Memcached version for a {@link MemcachedCluster}, with the parameter-group family it needs (enum-like class).
 *
 * Use a constant (`MemcachedEngine.MEMCACHED_1_6_22`) or `MemcachedEngine.of('1.6.22')`. Versions come from one table
 * of what ElastiCache documents (engine-versions-shapes.ts): a version older than the newest one listed but not in the
 * table is rejected with the valid ones; a newer one is accepted (a release newer than this library) with a warning.
 */
export class MemcachedEngine {
  /** Memcached 1.5.10 (parameter family memcached1.5). No in-transit encryption. */
  public static readonly MEMCACHED_1_5_10 = new MemcachedEngine('1.5.10');
  /** Memcached 1.5.16 (parameter family memcached1.5). No in-transit encryption. */
  public static readonly MEMCACHED_1_5_16 = new MemcachedEngine('1.5.16');
  /** Memcached 1.6.6 (parameter family memcached1.6): IPv6, no in-transit encryption. */
  public static readonly MEMCACHED_1_6_6 = new MemcachedEngine('1.6.6');
  /** Memcached 1.6.12 (parameter family memcached1.6): the first with in-transit encryption (TLS). */
  public static readonly MEMCACHED_1_6_12 = new MemcachedEngine('1.6.12');
  /** Memcached 1.6.17 (parameter family memcached1.6). */
  public static readonly MEMCACHED_1_6_17 = new MemcachedEngine('1.6.17');
  /** Memcached 1.6.22 (parameter family memcached1.6). The default of cdk-elasticache 0.x. */
  public static readonly MEMCACHED_1_6_22 = new MemcachedEngine('1.6.22');

  /**
   * A Memcached version by number, e.g. one released after this library.
   * @param version `major.minor.patch`, e.g. '1.6.22'
   */
  public static of(version: string): MemcachedEngine {
    return new MemcachedEngine(version);
  }

  /** The parameter-group family, e.g. `memcached1.6`. */
  public readonly parameterGroupFamily: string;
  /** False for a version newer than every version this library knows: ElastiCache may or may not offer it. */
  public readonly isKnownVersion: boolean;

  private constructor(
    /** The version, as CloudFormation's `EngineVersion`. */
    public readonly version: string,
  ) {
    if (!/^\d+\.\d+\.\d+$/.test(version)) {
      throw new CacheValidationError('MemcachedEngine', [
        problem('memcached-version-format', `Memcached version '${version}' is not valid: expected 'major.minor.patch' such as '1.6.22'`),
      ]);
    }
    const lookup = lookUpVersion(MEMCACHED_VERSIONS, 'memcached', version, 2);
    if (!lookup.listed && !lookup.newer) {
      throw new CacheValidationError('MemcachedEngine', [
        problem(
          'memcached-version-offered',
          `Memcached version '${version}' is not offered by ElastiCache: use one of ${lookup.offered.join(', ')}`,
        ),
      ]);
    }
    this.isKnownVersion = lookup.listed !== undefined;
    const [major, minor] = versionParts(version);
    this.parameterGroupFamily = lookup.listed?.family ?? `memcached${major}.${minor}`;
  }

  /** True when this version is at least `version` (e.g. '1.6.12'). */
  public isAtLeast(version: string): boolean {
    return compareVersions(this.version, version) >= 0;
  }

  /** In-transit encryption (TLS) needs Memcached 1.6.12+. */
  public get supportsTransitEncryption(): boolean {
    return this.isAtLeast('1.6.12');
  }

  /** IPv6 and dual-stack networking need Memcached 1.6.6+ (and a Nitro node type). */
  public get supportsIpv6(): boolean {
    return this.isAtLeast('1.6.6');
  }

  /** `memcached <version>` for messages. */
  public toString(): string {
    return `memcached ${this.version}`;
  }
}
