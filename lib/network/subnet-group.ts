import { RemovalPolicy, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';

/**
 * A cache subnet group over the given subnets. No explicit name: CloudFormation generates a lowercase one and the
 * cache references it with `Ref`, which also orders creation (no "CacheSubnetGroupNotFoundFault").
 */
export function createSubnetGroup(
  scope: Construct,
  id: string,
  subnets: ec2.SelectedSubnets,
  description: string,
  removalPolicy: RemovalPolicy,
): CfnSubnetGroup {
  const subnetGroup = new CfnSubnetGroup(scope, id, { description, subnetIds: subnets.subnetIds });
  subnetGroup.applyRemovalPolicy(removalPolicy);
  return subnetGroup;
}
