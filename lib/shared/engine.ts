import { ENGINE_VERSIONS } from './engine-versions';
import { CacheValidationError, problem } from './errors';

/**
 * The engines a replication group can run. ElastiCache replication groups accept `valkey` and `redis`
 * (Redis OSS); Memcached has no replication groups.
 */
export enum EngineName {
  /** Valkey, the open-source fork of Redis OSS 7.2 that AWS recommends and prices lower. */
  VALKEY = 'valkey',
  /** Redis OSS, up to 7.1 on ElastiCache. */
  REDIS = 'redis',
}

/**
 * An engine and version for a Valkey / Redis OSS replication group, with the parameter-group family it needs.
 *
 * Use a constant (`CacheEngine.VALKEY_8_2`) or `CacheEngine.of(EngineName.VALKEY, '9.0')`. Versions come from one
 * table of what ElastiCache documents (engine-versions.ts): an unknown minor of a known major is rejected with the
 * valid ones; an unknown newer major is accepted (a release newer than this library) and the construct warns.
 */
export class CacheEngine {
  /** Valkey 7.2 (parameter family valkey7). */
  public static readonly VALKEY_7_2 = new CacheEngine(EngineName.VALKEY, '7.2');
  /** Valkey 8.0 (parameter family valkey8). */
  public static readonly VALKEY_8_0 = new CacheEngine(EngineName.VALKEY, '8.0');
  /** Valkey 8.1 (parameter family valkey8). */
  public static readonly VALKEY_8_1 = new CacheEngine(EngineName.VALKEY, '8.1');
  /** Valkey 8.2 (parameter family valkey8). */
  public static readonly VALKEY_8_2 = new CacheEngine(EngineName.VALKEY, '8.2');
  /** Valkey 9.0 (parameter family valkey9). The default engine of cdk-elasticache 0.x. */
  public static readonly VALKEY_9_0 = new CacheEngine(EngineName.VALKEY, '9.0');
  /** Valkey 9.1 (parameter family valkey9). */
  public static readonly VALKEY_9_1 = new CacheEngine(EngineName.VALKEY, '9.1');
  /** Redis OSS 6.2 (parameter family redis6.x). */
  public static readonly REDIS_6_2 = new CacheEngine(EngineName.REDIS, '6.2');
  /** Redis OSS 7.0 (parameter family redis7). */
  public static readonly REDIS_7_0 = new CacheEngine(EngineName.REDIS, '7.0');
  /** Redis OSS 7.1 (parameter family redis7). The last Redis OSS version on ElastiCache. */
  public static readonly REDIS_7_1 = new CacheEngine(EngineName.REDIS, '7.1');

  /**
   * The newest engine this release of the library knows. It MOVES between releases of cdk-elasticache, and an
   * engine upgrade cannot be undone: pin a version (e.g. `VALKEY_9_0`) for a cache that must not be upgraded by a
   * library update. The construct's own default is pinned (see ReplicationGroupProps.engine) and is not this.
   */
  public static readonly LATEST = CacheEngine.VALKEY_9_1;

  /**
   * An engine version by name, e.g. one released after this library.
   * @param version `major.minor` (e.g. '8.1'), or `major.minor.patch` for Redis OSS before 6 (e.g. '5.0.6')
   */
  public static of(name: EngineName, version: string): CacheEngine {
    return new CacheEngine(name, version);
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
    public readonly name: EngineName,
    /** The engine version, as CloudFormation's `EngineVersion`. */
    public readonly version: string,
  ) {
    const match = /^(\d+)\.(\d+)(\.\d+)?$/.exec(version);
    if (!match) {
      throw new CacheValidationError('CacheEngine', [
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
      throw new CacheValidationError('CacheEngine', [
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

  /** True when this version is at least `major.minor` of the same engine. */
  public isAtLeast(major: number, minor = 0): boolean {
    return !this.isBefore(major, minor);
  }

  /** `TransitEncryptionMode` (preferred / required) needs Valkey or Redis OSS 7+. */
  public get supportsTransitEncryptionMode(): boolean {
    return this.name === EngineName.VALKEY || this.isAtLeast(7);
  }

  /** IPv6 and dual-stack networking need Valkey 7.2+ or Redis OSS 6.2+. */
  public get supportsIpv6(): boolean {
    return this.name === EngineName.VALKEY || this.isAtLeast(6, 2);
  }

  /** Data tiering (r6gd nodes) needs Valkey 7.2+ or Redis OSS 6.2+. */
  public get supportsDataTiering(): boolean {
    return this.supportsIpv6;
  }

  /** `engine version` for messages. */
  public toString(): string {
    return `${this.name} ${this.version}`;
  }

  private isBefore(major: number, minor: number): boolean {
    return this.majorVersion < major || (this.majorVersion === major && this.minorVersion < minor);
  }
}

function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}
