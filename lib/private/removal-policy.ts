import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * The removal policies of the resources a cache needs, derived from the cache's own policy (as aws-rds does for the
 * helpers of a database), so that deleting the stack neither fails nor leaves a kept cache unusable.
 *
 * | cache policy       | network (subnet, parameter, security group) | credentials (token secret, users) | key, audit logs |
 * | ------------------ | ------------------------------------------- | --------------------------------- | --------------- |
 * | RETAIN (and        | RETAIN: a kept cache still uses them;       | RETAIN: a kept cache without its  | RETAIN          |
 * | RETAIN_ON_UPDATE_  | deleting them fails with "in use"           | token cannot be used              |                 |
 * | OR_DELETE)         |                                             |                                   |                 |
 * | SNAPSHOT (default) | DESTROY: the cache is gone, they are free   | DESTROY: a snapshot holds data,   | RETAIN: the     |
 * |                    |                                             | not credentials; a cache restored | snapshot is     |
 * |                    |                                             | from it gets new ones             | encrypted with  |
 * |                    |                                             |                                   | the key         |
 * | DESTROY            | DESTROY                                     | DESTROY                           | DESTROY         |
 */
export interface HelperRemovalPolicies {
  /** Subnet group, parameter group and security group. */
  readonly network: RemovalPolicy;
  /** The AUTH token secret, and a user group (with its users and their secrets) the cache uses. */
  readonly credentials: RemovalPolicy;
  /** The KMS key (snapshots are encrypted with it) and the log groups of the functions that act on the cache. */
  readonly keyAndLogs: RemovalPolicy;
}

/** The helpers' policies for a cache with removal policy `cachePolicy` (see the table above). */
export function helperRemovalPolicies(cachePolicy: RemovalPolicy): HelperRemovalPolicies {
  const kept = cachePolicy !== RemovalPolicy.SNAPSHOT && cachePolicy !== RemovalPolicy.DESTROY;
  const inUse = kept ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  return {
    network: inUse,
    credentials: inUse,
    keyAndLogs: cachePolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  };
}
