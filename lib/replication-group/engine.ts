import { ENGINE_VERSIONS } from '../facts/engine-versions';
import { compareVersions } from '../facts/engine-versions-shapes';
import { isValkeyOrRedisAtLeast } from '../shared/engine';
import { CacheValidationError, problem } from '../shared/errors';

/**
 * The engines a replication group can run. ElastiCache replication groups accept `valkey` and `redis`
 * (Redis OSS); Memcached has no replication groups (see MemcachedEngine) and serverless caches name theirs with
 * ServerlessCacheEngineName.
 */
export enum ReplicationGroupEngineName {
  /** Valkey, the open-source fork of Redis OSS 7.2 that AWS recommends and prices lower. */
  VALKEY = 'valkey',
  /** Redis OSS, up to 7.1 on ElastiCache. */
  REDIS = 'redis',
}

/**
 * An engine and version for a Valkey / Redis OSS replication group, with the parameter-group family it needs.
 *
 * Use a constant (`ReplicationGroupEngine.VALKEY_8_2`) or `ReplicationGroupEngine.of(ReplicationGroupEngineName.VALKEY, '9.0')`. Versions come from one
 * table of what ElastiCache documents (engine-versions.ts): an unknown minor of a known major is rejected with the
 * valid ones; an unknown newer major is accepted (a release newer than this library) and the construct warns.
 */
export class ReplicationGroupEngine {
  /** Valkey 7.2 (parameter family valkey7). */
  public static readonly VALKEY_7_2 = new ReplicationGroupEngine(ReplicationGroupEngineName.VALKEY, '7.2');
  /** Valkey 8.0 (parameter family valkey8). */
  public static readonly VALKEY_8_0 = new ReplicationGroupEngine(ReplicationGroupEngineName.VALKEY, '8.0');
  /** Valkey 8.1 (parameter family valkey8). */
  public static readonly VALKEY_8_1 = new ReplicationGroupEngine(ReplicationGroupEngineName.VALKEY, '8.1');
  /** Valkey 8.2 (parameter family valkey8). */
  public static readonly VALKEY_8_2 = new ReplicationGroupEngine(ReplicationGroupEngineName.VALKEY, '8.2');
  /** Valkey 9.0 (parameter family valkey9). The default engine of cdk-elasticache 0.x. */
  public static readonly VALKEY_9_0 = new ReplicationGroupEngine(ReplicationGroupEngineName.VALKEY, '9.0');
  /** Valkey 9.1 (parameter family valkey9). */
  public static readonly VALKEY_9_1 = new ReplicationGroupEngine(ReplicationGroupEngineName.VALKEY, '9.1');
  /** Redis OSS 6.2 (parameter family redis6.x). */
  public static readonly REDIS_6_2 = new ReplicationGroupEngine(ReplicationGroupEngineName.REDIS, '6.2');
  /** Redis OSS 7.0 (parameter family redis7). */
  public static readonly REDIS_7_0 = new ReplicationGroupEngine(ReplicationGroupEngineName.REDIS, '7.0');
  /** Redis OSS 7.1 (parameter family redis7). The last Redis OSS version on ElastiCache. */
  public static readonly REDIS_7_1 = new ReplicationGroupEngine(ReplicationGroupEngineName.REDIS, '7.1');

  /**
   * The newest engine this release of the library knows. It MOVES between releases of cdk-elasticache, and an
   * engine upgrade cannot be undone: pin a version (e.g. `VALKEY_9_0`) for a cache that must not be upgraded by a
   * library update. The construct's own default is pinned (see ReplicationGroupProps.engine) and is not this.
   */
  public static readonly LATEST = ReplicationGroupEngine.VALKEY_9_1;

  /**
   * An engine version by name, e.g. one released after this library.
   * @param version `major.minor` (e.g. '8.1'), or `major.minor.patch` for Redis OSS before 6 (e.g. '5.0.6')
   */
  public static of(name: ReplicationGroupEngineName, version: string): ReplicationGroupEngine {
    return new ReplicationGroupEngine(name, version);
  }

  /** The major version number. */
  public readonly majorVersion: number;
  /** The minor version number. */
  public readonly minorVersion: number;
  /** The parameter-group family; a major upgrade needs a parameter group of the new family. */
  public readonly parameterGroupFamily: string;
  /**
   * False for a version newer than every version of its engine this library knows: ElastiCache may offer it
   * (a release newer than the library) or not. The construct warns about it.
   */
  public readonly isKnownVersion: boolean;

  private constructor(
    /** The engine name, as CloudFormation's `Engine`. */
    public readonly name: ReplicationGroupEngineName,
    /** The engine version, as CloudFormation's `EngineVersion`. */
    public readonly version: string,
  ) {
    const match = /^(\d+)\.(\d+)(\.\d+)?$/.exec(version);
    if (!match) {
      throw new CacheValidationError('ReplicationGroupEngine', [
        problem(
          'engine-version-format',
          `engine version '${version}' is not valid: expected 'major.minor' such as '8.1' (or 'major.minor.patch' for Redis OSS 5.x)`,
        ),
      ]);
    }
    this.majorVersion = Number(match[1]);
    this.minorVersion = Number(match[2]);
    const known = ENGINE_VERSIONS.filter((v) => v.engine === String(name));
    const listed = known.find((v) => v.version === version);
    const newestMajor = Math.max(...known.map((v) => majorOf(v.version)));
    if (!listed && this.majorVersion <= newestMajor) {
      const sameMajor = known.filter((v) => majorOf(v.version) === this.majorVersion).map((v) => v.version);
      const offered = sameMajor.length > 0 ? sameMajor : known.map((v) => v.version);
      throw new CacheValidationError('ReplicationGroupEngine', [
        problem(
          'engine-version-offered',
          `engine version '${version}' is not offered by ElastiCache for ${name}: use one of ${offered.join(', ')}` +
            (sameMajor.length > 0 ? '' : ` (${name} ${this.majorVersion}.x is not offered)`),
        ),
      ]);
    }
    this.isKnownVersion = listed !== undefined;
    this.parameterGroupFamily = listed?.family ?? `${name}${this.majorVersion}`;
  }

  /**
   * True when this version is at least `version` of the same engine, e.g. `isAtLeast('7.0')` or, with a patch for
   * Redis OSS 5, `isAtLeast('5.0.6')` (missing parts count as 0). One form for every engine class, as MemcachedEngine.
   */
  public isAtLeast(version: string): boolean {
    return compareVersions(this.version, version) >= 0;
  }

  /** `TransitEncryptionMode` (preferred / required) needs Valkey or Redis OSS 7+. */
  public get supportsTransitEncryptionMode(): boolean {
    return isValkeyOrRedisAtLeast(this, '7.0');
  }

  /** IPv6 and dual-stack networking need Valkey 7.2+ or Redis OSS 6.2+. */
  public get supportsIpv6(): boolean {
    return isValkeyOrRedisAtLeast(this, '6.2');
  }

  /** Data tiering (r6gd nodes) needs Valkey 7.2+ or Redis OSS 6.2+. */
  public get supportsDataTiering(): boolean {
    return this.supportsIpv6;
  }

  /** `engine version` for messages. */
  public toString(): string {
    return `${this.name} ${this.version}`;
  }
}

function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}
