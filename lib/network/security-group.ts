import { RemovalPolicy, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * A cache security group with no ingress and closed egress: a cache never opens connections, and access is
 * granted explicitly with `connections.allowDefaultPortFrom(...)`.
 */
export function createCacheSecurityGroup(
  scope: Construct,
  id: string,
  vpc: ec2.IVpc,
  description: string,
  removalPolicy: RemovalPolicy,
): ec2.SecurityGroup {
  const securityGroup = new ec2.SecurityGroup(scope, id, { vpc, description, allowAllOutbound: false, allowAllIpv6Outbound: false });
  securityGroup.applyRemovalPolicy(removalPolicy);
  return securityGroup;
}
