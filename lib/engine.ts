/**
 * The engines a replication group can run. ElastiCache replication groups accept `valkey` and `redis`
 * (Redis OSS); Memcached has no replication groups.
 */
export enum EngineName {
  VALKEY = 'valkey',
  REDIS = 'redis',
}

/**
 * An engine and version for a Valkey / Redis OSS replication group, with the parameter-group family it needs.
 *
 * Use a constant (`CacheEngine.VALKEY_8_2`) or `CacheEngine.of(EngineName.VALKEY, '9.0')` for a version this
 * library does not list yet.
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
  /** Valkey 9.0 (parameter family valkey9). The newest Valkey version ElastiCache documents. */
  public static readonly VALKEY_9_0 = new CacheEngine(EngineName.VALKEY, '9.0');
  /** Redis OSS 6.2 (parameter family redis6.x). */
  public static readonly REDIS_6_2 = new CacheEngine(EngineName.REDIS, '6.2');
  /** Redis OSS 7.0 (parameter family redis7). */
  public static readonly REDIS_7_0 = new CacheEngine(EngineName.REDIS, '7.0');
  /** Redis OSS 7.1 (parameter family redis7). The last Redis OSS version on ElastiCache. */
  public static readonly REDIS_7_1 = new CacheEngine(EngineName.REDIS, '7.1');

  /** The default engine: the newest Valkey, which AWS recommends and prices below Redis OSS. */
  public static readonly LATEST = CacheEngine.VALKEY_9_0;

  /**
   * Any engine version, e.g. one released after this library.
   * @param version `major.minor` (e.g. '8.1') or `major.minor.patch` for old Redis OSS (e.g. '5.0.6')
   */
  public static of(name: EngineName, version: string): CacheEngine {
    return new CacheEngine(name, version);
  }

  /** The major version number. */
  public readonly majorVersion: number;
  /** The minor version number. */
  public readonly minorVersion: number;

  private constructor(
    /** The engine name, as CloudFormation's `Engine`. */
    public readonly name: EngineName,
    /** The engine version, as CloudFormation's `EngineVersion`. */
    public readonly version: string,
  ) {
    const match = /^(\d+)\.(\d+)(\.\d+)?$/.exec(version);
    if (!match) {
      throw new Error(
        `engine version '${version}' is not valid: expected 'major.minor' such as '8.1' (or 'major.minor.patch' for Redis OSS 5.x)`,
      );
    }
    this.majorVersion = Number(match[1]);
    this.minorVersion = Number(match[2]);
    if (name === EngineName.VALKEY && this.isBefore(7, 2)) {
      throw new Error(`engine version '${version}' is not valid for valkey: ElastiCache offers Valkey 7.2 and later`);
    }
  }

  /**
   * The parameter-group family: `valkey<major>`, `redis<major>` from Redis OSS 7, `redis<major>.x` for 6,
   * `redis<major>.<minor>` before. A major upgrade needs a parameter group of the new family.
   */
  public get parameterGroupFamily(): string {
    if (this.name === EngineName.VALKEY) return `valkey${this.majorVersion}`;
    if (this.majorVersion >= 7) return `redis${this.majorVersion}`;
    if (this.majorVersion === 6) return 'redis6.x';
    return `redis${this.majorVersion}.${this.minorVersion}`;
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

  /** In-transit encryption (and so AUTH) needs Redis OSS 3.2.6+; every Valkey version has it. */
  public get supportsTransitEncryption(): boolean {
    return this.name === EngineName.VALKEY || this.isAtLeast(4) || this.version === '3.2.6';
  }

  /** `engine version` for messages. */
  public toString(): string {
    return `${this.name} ${this.version}`;
  }

  private isBefore(major: number, minor: number): boolean {
    return this.majorVersion < major || (this.majorVersion === major && this.minorVersion < minor);
  }
}
