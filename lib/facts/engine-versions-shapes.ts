/**
 * The engine versions of the other shapes, next to engine-versions.ts (node-based Valkey / Redis OSS): the tables
 * `MemcachedEngine` and `ServerlessCacheEngine` read. Sources (checked 2026-11):
 * - Memcached on node-based clusters, each version's notes and the 1.6.12 in-transit encryption:
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions-mc.html
 * - the parameter-group families (`memcached1.4 | memcached1.5 | memcached1.6`):
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheEngineVersion.html
 * - serverless major versions (`MajorEngineVersion`, e.g. '8' or '1.6'):
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html
 *   and the major versions @aws-cdk/aws-elasticache-alpha names (VALKEY_7/8/9, REDIS_7, MEMCACHED_1_6).
 *
 * Add a row when ElastiCache documents a new version. As for CacheEngine: a version outside the table is rejected when
 * its series is listed (ElastiCache never shipped it), and accepted with a warning when it is newer than every row.
 */
export interface ShapeEngineVersionInfo {
  /** The engine (`memcached`, `valkey`, `redis`). */
  readonly engine: string;
  /** As CloudFormation's `EngineVersion` (Memcached) or `MajorEngineVersion` (serverless). */
  readonly version: string;
  /** As CloudFormation's `CacheParameterGroupFamily`; serverless caches have no parameter groups. */
  readonly family?: string;
}

const rows = (engine: string, family: string | undefined, ...versions: string[]): ShapeEngineVersionInfo[] =>
  versions.map((version) => ({ engine, version, family }));

/** Every Memcached version ElastiCache documents for node-based clusters, oldest first. */
export const MEMCACHED_VERSIONS: readonly ShapeEngineVersionInfo[] = [
  ...rows('memcached', 'memcached1.4', '1.4.5', '1.4.14', '1.4.24', '1.4.33', '1.4.34'),
  ...rows('memcached', 'memcached1.5', '1.5.10', '1.5.16'),
  ...rows('memcached', 'memcached1.6', '1.6.6', '1.6.12', '1.6.17', '1.6.22'),
];

/** Every major engine version ElastiCache Serverless offers, oldest first per engine. */
export const SERVERLESS_ENGINE_VERSIONS: readonly ShapeEngineVersionInfo[] = [
  ...rows('valkey', undefined, '7', '8', '9'),
  ...rows('redis', undefined, '7'),
  ...rows('memcached', undefined, '1.6'),
];

/** Numeric parts of a dotted version, for ordering ('1.6.12' -> [1, 6, 12]). */
export function versionParts(version: string): number[] {
  return version.split('.').map(Number);
}

/** -1, 0 or 1 as `a` is older than, the same as, or newer than `b` (missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** What the table says about `version` of `engine`. */
export interface VersionLookup {
  /** The table's row, when the version is listed. */
  readonly listed?: ShapeEngineVersionInfo;
  /** True when the version is newer than every listed one (a release newer than this library): accepted with a warning. */
  readonly newer: boolean;
  /** The listed versions to offer in a message: the same series (`seriesLength` leading parts) if any, else all. */
  readonly offered: string[];
}

/** Looks `version` up in `table`; `seriesLength` is how many leading parts make a series (1.6 of 1.6.22: 2). */
export function lookUpVersion(
  table: readonly ShapeEngineVersionInfo[],
  engine: string,
  version: string,
  seriesLength: number,
): VersionLookup {
  const known = table.filter((row) => row.engine === engine);
  const series = (v: string) => versionParts(v).slice(0, seriesLength).join('.');
  const sameSeries = known.filter((row) => series(row.version) === series(version)).map((row) => row.version);
  return {
    listed: known.find((row) => row.version === version),
    newer: known.every((row) => compareVersions(version, row.version) > 0),
    offered: sameSeries.length > 0 ? sameSeries : known.map((row) => row.version),
  };
}
