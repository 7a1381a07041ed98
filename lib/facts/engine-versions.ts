/**
 * The Valkey and Redis OSS versions ElastiCache offers for node-based caches, with their parameter-group families:
 * the one table `CacheEngine` reads. Sources (checked 2026-11):
 * - supported versions: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html
 *   ("node-based clusters support Valkey 7.2 and later, and Redis OSS 4.0.10 and later");
 * - Valkey 9.1 and 9.0 share the valkey9 family ("Valkey 9.1 and Valkey 9.0 parameter changes"):
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
 *
 * Add a row when ElastiCache documents a new version. A version outside the table is rejected when its major is
 * listed here (ElastiCache never shipped it), and accepted with a warning when its major is newer (a release newer
 * than this library), with the family derived as `valkey<major>` / `redis<major>`.
 */
export interface EngineVersionInfo {
  /** `valkey` or `redis` (EngineName's values). */
  readonly engine: string;
  /** As CloudFormation's `EngineVersion`. */
  readonly version: string;
  /** As CloudFormation's `CacheParameterGroupFamily`. */
  readonly family: string;
}

const row = (engine: string, family: string, ...versions: string[]): EngineVersionInfo[] =>
  versions.map((version) => ({ engine, version, family }));

/** Every version ElastiCache documents for node-based Valkey / Redis OSS caches, oldest first per engine. */
export const ENGINE_VERSIONS: readonly EngineVersionInfo[] = [
  ...row('valkey', 'valkey7', '7.2'),
  ...row('valkey', 'valkey8', '8.0', '8.1', '8.2'),
  ...row('valkey', 'valkey9', '9.0', '9.1'),
  ...row('redis', 'redis4.0', '4.0.10'),
  ...row('redis', 'redis5.0', '5.0.0', '5.0.3', '5.0.4', '5.0.5', '5.0.6'),
  ...row('redis', 'redis6.x', '6.0', '6.2'),
  ...row('redis', 'redis7', '7.0', '7.1'),
];
