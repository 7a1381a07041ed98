// `loadResourceModel` is not re-exported from the package index. Importing it from the module that `fullDiff` itself
// uses shares the one lazily loaded copy of the service spec database (~0.5 s to load) instead of loading a second.
import { loadResourceModel } from '@aws-cdk/cloudformation-diff/lib/diff/util';

/**
 * Data stores the service spec does not mark `isStateful` (checked against @aws-cdk/aws-service-spec as pinned):
 * each keeps data that a replacement or deletion destroys. The spec flags the rest of what we care about itself
 * (ElastiCache CacheCluster and ReplicationGroup, KMS keys, secrets, DynamoDB tables, S3 buckets, RDS, DocDB and
 * Neptune clusters and instances, log groups).
 *
 * The rule for adding a type here is DeletionPolicy semantics: if a sensible template would give the type
 * `DeletionPolicy: Snapshot` or `Retain` because deleting it deletes data, it is stateful. Types that only
 * describe configuration (subnet groups, parameter groups, security groups) are not: replacing them is safe, and when
 * their change forces a stateful resource to be replaced, that resource is flagged in its own right.
 */
const STATEFUL_NOT_IN_SPEC: ReadonlySet<string> = new Set([
  'AWS::ElastiCache::ServerlessCache',
  'AWS::ElastiCache::GlobalReplicationGroup',
  'AWS::MemoryDB::Cluster',
  'AWS::RDS::GlobalCluster',
]);

/** Whether replacing or deleting a resource of this type loses data. */
export function isStatefulType(resourceType: string): boolean {
  return STATEFUL_NOT_IN_SPEC.has(resourceType) || loadResourceModel(resourceType)?.isStateful === true;
}

/** Whether the pinned service spec lists `property` of `resourceType` (a newer property is unknown to it). */
export function specKnowsProperty(resourceType: string, property: string): boolean {
  return property in (loadResourceModel(resourceType)?.properties ?? {});
}
