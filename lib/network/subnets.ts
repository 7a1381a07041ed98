import { Token, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { CacheValidationError, problem } from '../shared/errors';

/** Where a cache goes by default: the VPC's private subnets with egress, else its isolated subnets. */
const DEFAULT_SUBNET_TYPES = [ec2.SubnetType.PRIVATE_WITH_EGRESS, ec2.SubnetType.PRIVATE_ISOLATED];

const SUBNET_TYPE_WORDS: Partial<Record<ec2.SubnetType, string>> = {
  [ec2.SubnetType.PRIVATE_WITH_EGRESS]: 'private',
  [ec2.SubnetType.PRIVATE_ISOLATED]: 'isolated',
};

/**
 * The subnets a cache goes in: the caller's selection, else the first of `defaultTypes` the VPC has (private subnets
 * with egress, else isolated ones; Memcached, which has no authentication, asks for isolated ones only). Caches never
 * belong in public subnets, so a VPC without subnets of those types is an error.
 */
export function selectCacheSubnets(
  subject: string,
  vpc: ec2.IVpc,
  selection: ec2.SubnetSelection | undefined,
  propName = 'vpcSubnets',
  defaultTypes: readonly ec2.SubnetType[] = DEFAULT_SUBNET_TYPES,
): ec2.SelectedSubnets {
  if (selection) {
    const selected = vpc.selectSubnets(selection);
    // A selection by zone finds nothing among placeholder zones: wait for the lookup rather than fail the first pass.
    const zonesPending = vpc.availabilityZones.some(isPlaceholderZone);
    if (selected.subnetIds.length === 0 && !zonesPending) {
      throw new CacheValidationError(subject, [
        problem(
          'vpc-subnets-empty',
          `${propName} selects no subnet of the VPC: check its subnetType, subnetGroupName or availabilityZones`,
        ),
      ]);
    }
    return selected;
  }
  for (const subnetType of defaultTypes) {
    const subnets = subnetType === ec2.SubnetType.PRIVATE_WITH_EGRESS ? vpc.privateSubnets : vpc.isolatedSubnets;
    if (subnets.length > 0) return vpc.selectSubnets({ subnetType });
  }
  const kinds = defaultTypes.map((type) => SUBNET_TYPE_WORDS[type] ?? type).join(' or ');
  throw new CacheValidationError(subject, [
    problem('vpc-private-subnets', `the VPC has no ${kinds} subnets: pass ${propName} to choose where the cache goes`),
  ]);
}

/**
 * The zones aws-cdk-lib returns while the CDK CLI has not looked up the real ones yet: `Stack.availabilityZones` of a
 * stack with an explicit account and region, and the dummy VPC of `Vpc.fromLookup`, answer `dummy1a`, `dummy1b`,
 * `dummy1c` on the first synth pass and record the lookup as missing context. A check that fails on them stops the
 * synth before the CLI can do the lookup (the user would have to write cdk.context.json by hand), so they count as
 * unknown, like tokens.
 */
export function isPlaceholderZone(zone: string): boolean {
  return /^dummy1[a-z]$/.test(zone);
}

/** Whether `zone` is known at synth: neither a token nor a placeholder of a lookup still to come. */
export function isKnownZone(zone: string): boolean {
  return !Token.isUnresolved(zone) && !isPlaceholderZone(zone);
}

/**
 * The Availability Zones of `subnets` when all are known at synth (no token, no lookup placeholder), for the zone
 * rules of every shape; else undefined, and those rules wait for the real zones. An empty selection has none known:
 * selectCacheSubnets returns one only while the zones it selects by are still placeholders.
 */
export function knownZones(subnets: ec2.SelectedSubnets | undefined): string[] | undefined {
  const azs = subnets?.availabilityZones;
  return azs && azs.length > 0 && azs.every(isKnownZone) ? azs : undefined;
}
