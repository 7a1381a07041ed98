import { aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ValidationProblem, problem } from '../shared/errors';

/**
 * How `grantAccess` reaches a cache from the grantee's side of the network:
 *
 * - a cache with a VPC endpoint (every node-based cache, and a serverless cache by default) opens its port from the
 *   grantee's security groups, so the grantee must have them (`ec2.IConnectable`: a Lambda function in a VPC, or
 *   `CacheGrantee.fromParts`);
 * - a serverless cache with a public endpoint has no security group to open and no VPC to check: the grantee only
 *   needs an IAM principal (`iam.IGrantable`, e.g. a Lambda function outside any VPC, or a role), which gets
 *   `elasticache:Connect` and the variables.
 */

/** True when `grantee` has security groups (`connections`); checked without reading them (a non-VPC Lambda's throws). */
export function hasConnections(grantee: iam.IGrantable): grantee is iam.IGrantable & ec2.IConnectable {
  return 'connections' in grantee;
}

/** `grant-access-network`: a cache reached through its VPC needs a grantee with security groups. */
export function noConnectionsProblem(kind: string, grantee: iam.IGrantable): ValidationProblem {
  const who = Construct.isConstruct(grantee) ? grantee.node.path : 'the grantee';
  return problem(
    'grant-access-network',
    `${who} has no security groups (ec2.IConnectable), but this ${kind} is reached through its VPC: pass compute in the cache's VPC (a Lambda function with vpc, or CacheGrantee.fromParts(network, principal)); only a serverless cache with connectionType PUBLIC takes a grantee with an IAM principal alone`,
  );
}
