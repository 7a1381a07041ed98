import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { CacheValidationError, problem } from '../errors';

/**
 * The subnets a cache goes in: the caller's selection, else the VPC's private subnets with egress, else its
 * isolated subnets. Caches never belong in public subnets, so a VPC without private subnets is an error.
 */
export function selectCacheSubnets(
  subject: string,
  vpc: ec2.IVpc,
  selection: ec2.SubnetSelection | undefined,
  propName = 'vpcSubnets',
): ec2.SelectedSubnets {
  if (selection) {
    const selected = vpc.selectSubnets(selection);
    if (selected.subnetIds.length === 0) {
      throw new CacheValidationError(subject, [
        problem(
          'vpc-subnets-empty',
          `${propName} selects no subnet of the VPC: check its subnetType, subnetGroupName or availabilityZones`,
        ),
      ]);
    }
    return selected;
  }
  if (vpc.privateSubnets.length > 0) return vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  if (vpc.isolatedSubnets.length > 0) return vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  throw new CacheValidationError(subject, [
    problem('vpc-private-subnets', `the VPC has no private or isolated subnets: pass ${propName} to choose where the cache goes`),
  ]);
}
