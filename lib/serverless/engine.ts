import { SERVERLESS_ENGINE_VERSIONS, compareVersions, lookUpVersion } from '../facts/engine-versions-shapes';
import { CacheValidationError, problem } from '../shared/errors';

/** The engines ElastiCache Serverless runs. */
export enum ServerlessCacheEngineName {
  /** Valkey: the lowest serverless price and the smallest minimum storage. */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
  /** Memcached: no authentication and no user groups; the network is the only guard. */
  MEMCACHED = 'memcached',
}

/**
 * The engine and major version of a {@link ServerlessCache} (enum-like class), named as in
 * `@aws-cdk/aws-elasticache-alpha` (`VALKEY_8`, `MEMCACHED_1_6`). ElastiCache Serverless applies minor and patch
 * versions itself; a major upgrade is an in-place change of `MajorEngineVersion`.
 */
export class ServerlessCacheEngine {
  /** Valkey 7 (7.2). */
  public static readonly VALKEY_7 = new ServerlessCacheEngine(ServerlessCacheEngineName.VALKEY, '7');
  /** Valkey 8. The default of cdk-elasticache 0.x. */
  public static readonly VALKEY_8 = new ServerlessCacheEngine(ServerlessCacheEngineName.VALKEY, '8');
  /** Valkey 9, where ElastiCache Serverless offers it. */
  public static readonly VALKEY_9 = new ServerlessCacheEngine(ServerlessCacheEngineName.VALKEY, '9');
  /** Redis OSS 7. */
  public static readonly REDIS_7 = new ServerlessCacheEngine(ServerlessCacheEngineName.REDIS, '7');
  /** Memcached 1.6. */
  public static readonly MEMCACHED_1_6 = new ServerlessCacheEngine(ServerlessCacheEngineName.MEMCACHED, '1.6');

  /**
   * An engine by name and major version, e.g. one released after this library.
   * @param majorEngineVersion '8' for Valkey / Redis OSS, '1.6' for Memcached
   */
  public static of(name: ServerlessCacheEngineName, majorEngineVersion: string): ServerlessCacheEngine {
    return new ServerlessCacheEngine(name, majorEngineVersion);
  }

  /** False for a major version newer than every version this library knows: ElastiCache may or may not offer it. */
  public readonly isKnownVersion: boolean;

  private constructor(
    /** The engine, as CloudFormation's `Engine`. */
    public readonly name: ServerlessCacheEngineName,
    /** The major version, as CloudFormation's `MajorEngineVersion`. */
    public readonly majorEngineVersion: string,
  ) {
    const memcached = name === ServerlessCacheEngineName.MEMCACHED;
    if (!(memcached ? /^\d+\.\d+$/ : /^\d+$/).test(majorEngineVersion)) {
      throw new CacheValidationError('ServerlessCacheEngine', [
        problem(
          'serverless-engine-version-format',
          `major engine version '${majorEngineVersion}' is not valid for ${name}: expected ${memcached ? "'major.minor' such as '1.6'" : "a major version such as '8'"}`,
        ),
      ]);
    }
    const lookup = lookUpVersion(SERVERLESS_ENGINE_VERSIONS, name, majorEngineVersion, memcached ? 2 : 1);
    if (!lookup.listed && !lookup.newer) {
      throw new CacheValidationError('ServerlessCacheEngine', [
        problem(
          'serverless-engine-version-offered',
          `ElastiCache Serverless does not offer ${name} ${majorEngineVersion}: use one of ${lookup.offered.join(', ')}`,
        ),
      ]);
    }
    this.isKnownVersion = lookup.listed !== undefined;
  }

  /** RBAC user groups (and IAM authentication) exist for Valkey and Redis OSS, not for Memcached. */
  public get supportsUserGroups(): boolean {
    return this.name !== ServerlessCacheEngineName.MEMCACHED;
  }

  /**
   * The port of the endpoint; the reader endpoint listens on the next one. Serverless caches take no port setting.
   * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/set-up.html#elasticache-install-grant-access-VPN
   */
  public get port(): number {
    return this.name === ServerlessCacheEngineName.MEMCACHED ? 11211 : 6379;
  }

  /**
   * True when this major version is at least `version` of the same engine, e.g. `isAtLeast('7.0')` (one form for every
   * engine class). The major stands for the first version ElastiCache Serverless ran: Valkey 7 is 7.2, Redis OSS 7 is
   * 7.1, later majors are `<major>.0`.
   */
  public isAtLeast(version: string): boolean {
    return compareVersions(this.fullVersion, version) >= 0;
  }

  /** The version `isAtLeast` compares: see there. */
  private get fullVersion(): string {
    const first: Record<string, string> = { 'valkey:7': '7.2', 'redis:7': '7.1' };
    return (
      first[`${this.name}:${this.majorEngineVersion}`] ??
      (this.supportsUserGroups ? `${this.majorEngineVersion}.0` : this.majorEngineVersion)
    );
  }

  /** `engine major` for messages. */
  public toString(): string {
    return `${this.name} ${this.majorEngineVersion}`;
  }
}
