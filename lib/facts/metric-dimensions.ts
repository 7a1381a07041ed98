/**
 * The CloudWatch dimensions ElastiCache publishes its metrics under, per cache shape. A metric asked for under other
 * dimensions returns no data, so its alarm stays INSUFFICIENT_DATA: nothing reports the mistake.
 */
import { CHECKED, FactSource } from './fact-source';

/** Every ElastiCache metric's namespace, for every shape. */
export const METRIC_NAMESPACE = 'AWS/ElastiCache';

export interface MetricDimensions {
  /** The dimensions, in the order a metric names them. */
  readonly dimensions: readonly string[];
  /** What the first dimension's value is. */
  readonly value: string;
  readonly sources: readonly FactSource[];
}

/**
 * Node-based caches (replication groups, Memcached clusters): per node. A replication group publishes per member
 * cluster, `<rgId>-001`... with cluster mode off and `<rgId>-0001-001`... with it on; each member has one node
 * (`CacheNodeId` 0001). A Memcached cluster is one CacheClusterId with nodes 0001, 0002, ...
 */
export const NODE_BASED_METRIC_DIMENSIONS: MetricDimensions = {
  dimensions: ['CacheClusterId', 'CacheNodeId'],
  value: 'the member (or Memcached) cluster id, then the node id',
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.DimensionsAndSets.html',
      checked: CHECKED,
      quote: 'When retrieving metrics, you must supply both the CacheClusterId and CacheNodeId dimensions.',
    },
  ],
};

/** Serverless caches: one dimension, `clusterId` (lower-case c), whose value is the cache name. */
export const SERVERLESS_METRIC_DIMENSIONS: MetricDimensions = {
  dimensions: ['clusterId'],
  value: 'the serverless cache name',
  sources: [
    {
      url: 'https://github.com/cdklabs/cdk-monitoring-constructs/pull/766',
      checked: CHECKED,
      quote: 'Serverless caches publish AWS/ElastiCache metrics only under the clusterId dimension',
    },
    {
      url: 'https://github.com/open-constructs/aws-cdk-library/pull/68',
      checked: CHECKED,
      quote: 'In the metrics for serverless clusters, clusterId is used instead of CacheClusterId',
    },
  ],
};
