/**
 * ElastiCache node families: the engine versions each one needs, and the families each feature runs on. A family is
 * a node type without `cache.` and the size: `r7g` for `cache.r7g.large`.
 *
 * Where the English page and AWS's newer translations of it disagree, the longer (newer) list is kept and both are
 * cited: translations are generated from the English source, so a family only they list (R8g, M8g, C8gn) is the
 * newer text, not yet in the stored English copy.
 */
import { CHECKED, FactSource } from './fact-source';

const DG = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg';

/** The oldest engine version a family runs, per engine; absent when AWS does not offer the family for it. */
export interface EngineMinimums {
  readonly valkey?: string;
  readonly redis?: string;
  readonly memcached?: string;
}

export interface NodeFamily {
  readonly family: string;
  /** AWS Graviton (the `g` in the family). */
  readonly graviton: boolean;
  readonly minimumEngine: EngineMinimums;
}

const SUPPORTED_TYPES: FactSource = {
  url: `${DG}/CacheNodes.SupportedTypes.html`,
  checked: CHECKED,
  quote: 'the per-engine "Supported node types" tables: the minimum engine version of each family',
};
const CACHE_NODE_API: FactSource = {
  url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html',
  checked: CHECKED,
  quote: 'M6g node types (available only for Redis OSS engine version 5.0.6 onward and for Memcached engine version 1.5.16 onward)',
};

/**
 * The current-generation families and their minimum engine versions. The 8th Graviton generation is listed for
 * Valkey and Memcached only (no Redis OSS rows). T4g: the table lists Redis OSS 4.0.10 for micro, the API reference
 * 5.0.6 for the family; the family value is kept.
 */
export const NODE_FAMILIES: readonly NodeFamily[] = [
  ...['m8g', 'r8g', 'c8gn'].map((family) => ({ family, graviton: true, minimumEngine: { valkey: '7.2', memcached: '1.6.6' } })),
  { family: 'c7gn', graviton: true, minimumEngine: { valkey: '7.2', redis: '6.2', memcached: '1.6.6' } },
  ...['m7g', 'r7g'].map((family) => ({ family, graviton: true, minimumEngine: { valkey: '7.2', redis: '6.2', memcached: '1.5.16' } })),
  ...['m6g', 'r6g', 't4g'].map((family) => ({
    family,
    graviton: true,
    minimumEngine: { valkey: '7.2', redis: '5.0.6', memcached: '1.5.16' },
  })),
  { family: 'r6gd', graviton: true, minimumEngine: { valkey: '7.2', redis: '6.2' } },
  ...['m5', 'r5', 't3'].map((family) => ({
    family,
    graviton: false,
    minimumEngine: { valkey: '7.2', redis: '4.0.10', memcached: '1.5.16' },
  })),
];

export const NODE_FAMILY_SOURCES: readonly FactSource[] = [SUPPORTED_TYPES, CACHE_NODE_API];

/** The families (and sizes) a feature runs on. */
export interface FeatureNodes {
  readonly families: readonly string[];
  /** The sizes it allows, when it limits them. */
  readonly sizes?: readonly string[];
  /** Sizes it excludes, when it names them. */
  readonly excludedSizes?: readonly string[];
  readonly sources: readonly FactSource[];
}

/**
 * ElastiCache auto scaling (shards and replicas): cluster mode enabled, Valkey 7.2+ or Redis OSS 6.0+ (data tiering:
 * Redis OSS 7.0.7+), not in a global datastore.
 */
export const AUTO_SCALING_NODES: FeatureNodes = {
  families: ['r8g', 'r7g', 'r6g', 'r6gd', 'r5', 'm8g', 'm7g', 'm6g', 'm5', 'c8gn', 'c7gn'],
  sizes: ['large', 'xlarge', '2xlarge'],
  sources: [
    { url: `${DG}/AutoScaling.html`, checked: CHECKED, quote: 'Instance type families - R7g, R6g, R6gd, R5, M7g, M6g, M5, C7gn' },
    {
      url: 'https://docs.aws.amazon.com/es_es/AmazonElastiCache/latest/dg/AutoScaling.html',
      checked: CHECKED,
      quote: 'R8g, R7g, R6g, R6gd, R5, M8g, M7g, M6g, M5, C8gn, C7gn',
    },
  ],
};

/**
 * Durability (Valkey 9.0+, cluster mode enabled, Multi-AZ with a replica per shard, TLS; not with data tiering, a
 * global datastore or serverless).
 */
export const DURABILITY_NODES: FeatureNodes = {
  families: ['r8g', 'r7g', 'r6g', 'm8g', 'm7g', 'm6g', 'c8gn', 'c7gn'],
  sources: [
    {
      url: `${DG}/Durability.Limitations.html`,
      checked: CHECKED,
      quote: 'Durability for ElastiCache is supported for the following instance type families: R7g, R6g, M7g, M6g, and C7gn.',
    },
    {
      url: 'https://docs.aws.amazon.com/ja_jp/AmazonElastiCache/latest/dg/Durability.Limitations.html',
      checked: CHECKED,
      quote: 'R8g, R7g, R6g, M8g, M7g, M6g, C8gn, C7gn',
    },
  ],
};

/** Data tiering (memory and SSD): required on these families and available on no other; no `large` size. */
export const DATA_TIERING_NODES: FeatureNodes = {
  families: ['r6gd'],
  excludedSizes: ['large'],
  sources: [
    {
      url: `${DG}/data-tiering.html`,
      checked: CHECKED,
      quote: 'clusters that comprise a replication group and use a node type from the r6gd family have their data tiered',
    },
    SUPPORTED_TYPES,
  ],
};

/** Members of a global datastore: these families, in size large and above. */
export const GLOBAL_DATASTORE_NODES: FeatureNodes = {
  families: ['m5', 'm6g', 'm7g', 'r5', 'r6g', 'r6gd', 'r7g', 'c7gn'],
  excludedSizes: ['micro', 'small', 'medium'],
  sources: [
    {
      url: `${DG}/Redis-Global-Datastores-Getting-Started.html`,
      checked: CHECKED,
      quote:
        'Global datastores are supported on the following instance families in size large and above: M5, M6g, M7g, R5, R6g, R6gd, R7g, and C7gn.',
    },
  ],
};
