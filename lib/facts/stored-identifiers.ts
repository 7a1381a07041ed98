/**
 * Which ElastiCache identifiers the service stores in lower case, whatever case they were given in. Everything that
 * names such a resource afterwards uses the stored form: its ARN (IAM grants), the `CacheClusterId` / `clusterId`
 * metric dimensions, the `SourceIdentifier` of its events. Metric dimensions and EventBridge patterns match case
 * sensitively, so an id used as typed (`Orders`) would watch and match nothing.
 */
import { CHECKED, FactSource } from './fact-source';

export interface StoredIdentifiers {
  /** The identifiers, by the API parameter that sets each. */
  readonly parameters: readonly string[];
  readonly sources: readonly FactSource[];
}

/** Replication group ids, cache cluster ids (Memcached clusters and a group's members) and serverless cache names. */
export const LOWERCASE_IDENTIFIERS: StoredIdentifiers = {
  parameters: ['ReplicationGroupId', 'CacheClusterId', 'ServerlessCacheName'],
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html',
      checked: CHECKED,
      quote: 'ReplicationGroupId: The replication group identifier. This parameter is stored as a lowercase string.',
    },
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheCluster.html',
      checked: CHECKED,
      quote: 'CacheClusterId: The node group (shard) identifier. This parameter is stored as a lowercase string.',
    },
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCache.html',
      checked: CHECKED,
      quote: 'ServerlessCacheName: User-provided identifier for the serverless cache. This parameter is stored as a lowercase string.',
    },
  ],
};
