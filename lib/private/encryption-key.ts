import { RemovalPolicy, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The customer-managed key a cache creates when none is given (construct id `Key`: part of the logical-id contract),
 * with annual rotation. Its removal policy is the cache's `keyAndLogs` helper policy: a snapshot is encrypted with it.
 */
export function createCacheKey(scope: Construct, description: string, removalPolicy: RemovalPolicy): kms.Key {
  return new kms.Key(scope, 'Key', { description: `Encrypts ${description} at rest`, enableKeyRotation: true, removalPolicy });
}
