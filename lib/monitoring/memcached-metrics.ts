import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CacheValidationError, problem } from '../shared/errors';
import { CacheMember } from './metrics';

/**
 * The nodes of a Memcached cluster as CloudWatch sees them: what MemcachedRecommendedAlarms and MemcachedDashboard
 * watch. IMemcachedCluster extends it; an imported cluster needs `numNodes`.
 */
export interface IMemcachedClusterNodes {
  /**
   * The cluster name (CloudFormation's `ClusterName`, the API's `CacheClusterId`), the first dimension of every node
   * metric. @attribute
   */
  readonly clusterName: string;
  /**
   * The `CacheNodeId` of every node, the second dimension ElastiCache publishes Memcached node metrics under: `0001`,
   * `0002`... up to the node count. Throws for an import without `numNodes`, or a node count of tokens.
   */
  readonly cacheNodeIds: string[];
}

/** Memcached clusters hold 1 to 60 nodes (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.html). */
const MAX_MEMCACHED_NODES = 60;

/**
 * The `CacheNodeId` of each of `numNodes` nodes: ElastiCache numbers a Memcached cluster's nodes `0001`, `0002`...
 * (the node ids of `aws elasticache describe-cache-clusters --show-cache-node-info`, and the `CacheNodeId` dimension,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.DimensionsAndSets.html). They describe the nodes
 * the cluster has with that count: a node added later gets the next number, and a removed one leaves a gap.
 */
export function memcachedNodeIds(subject: string, numNodes: number): string[] {
  if (Token.isUnresolved(numNodes)) {
    throw new CacheValidationError(subject, [
      problem(
        'memcached-nodes-unresolved',
        'numNodes must be a number known at synth for per-node metrics, alarms and dashboards: the CacheNodeId dimension of each node derives from it',
      ),
    ]);
  }
  if (!Number.isInteger(numNodes) || numNodes < 1 || numNodes > MAX_MEMCACHED_NODES) {
    throw new CacheValidationError(subject, [
      problem('imported-num-nodes', `numNodes must be an integer from 1 to ${MAX_MEMCACHED_NODES}, got ${numNodes}`),
    ]);
  }
  return Array.from({ length: numNodes }, (_, index) => String(index + 1).padStart(4, '0'));
}

/**
 * The nodes of `cache` as metric members: dimensions `CacheClusterId` (the cluster name) and `CacheNodeId`, keyed by
 * node id. Their identity (from which metric-math ids derive) is the name when it is a literal, else the construct
 * path (the library's own classes are constructs), plus the node id.
 */
export function memcachedMembersOf(cache: IMemcachedClusterNodes): CacheMember[] {
  const { clusterName } = cache;
  const path = (cache as Partial<IConstruct>).node?.path;
  const base = Token.isUnresolved(clusterName) && path !== undefined ? path : clusterName;
  return cache.cacheNodeIds.map((cacheNodeId) => ({
    cacheClusterId: clusterName,
    cacheNodeId,
    key: cacheNodeId,
    identity: `${base}/${cacheNodeId}`,
  }));
}
