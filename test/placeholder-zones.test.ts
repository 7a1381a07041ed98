/**
 * Issue 18 §5: synth must not block the CDK CLI's own lookups. In a stack with an explicit account and region, the
 * first synth pass sees CDK's placeholder zones (`dummy1a`, `dummy1b`, `dummy1c`) and records the zone lookup as missing
 * context; the CLI looks the zones up and synthesizes again. Every shape defers its zone checks on the first pass (as on
 * tokens), and applies them on the second, with the zones in the context.
 */
import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { GlobalDatastore, MemcachedAzMode, MemcachedCluster, ReplicationGroup, ServerlessCache } from '../lib';
import { captureError } from './helpers/errors';
import { EU_WEST_1_ZONES, TEST_ENV, envStack } from './helpers/stacks';

const ZONE_LOOKUP = `availability-zones:account=${TEST_ENV.account}:region=${TEST_ENV.region}`;

/** A VPC with isolated subnets in every zone the stack sees. */
const vpcOf = (stack: Stack) =>
  new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });

/** The context keys the first pass left for the CLI to look up, after synthesizing the stack's app. */
function missingContext(stack: Stack): string[] {
  return (App.of(stack)! as App).synth().manifest.missing?.map((m) => m.key) ?? [];
}

/** Builds `shape` in an env stack: without context (first pass), or with eu-west-1's zones (second pass). */
type Shape = (stack: Stack, vpc: ec2.Vpc) => unknown;

const SHAPES: [string, Shape][] = [
  [
    'MemcachedCluster with preferredAvailabilityZones (as the README recommends)',
    (stack, vpc) => new MemcachedCluster(stack, 'Memcached', { vpc, preferredAvailabilityZones: ['eu-west-1a', 'eu-west-1b'] }),
  ],
  [
    'MemcachedCluster with subnets selected by zone',
    (stack, vpc) =>
      new MemcachedCluster(stack, 'Memcached', {
        vpc,
        vpcSubnets: { availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
        azMode: MemcachedAzMode.CROSS_AZ,
      }),
  ],
  [
    'ReplicationGroup with preferredAvailabilityZones',
    (stack, vpc) => new ReplicationGroup(stack, 'Cache', { vpc, preferredAvailabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] }),
  ],
  [
    'ReplicationGroup with subnets selected by zone',
    (stack, vpc) => new ReplicationGroup(stack, 'Cache', { vpc, vpcSubnets: { availabilityZones: ['eu-west-1a', 'eu-west-1b'] } }),
  ],
  [
    'ServerlessCache with subnets selected by zone',
    (stack, vpc) => new ServerlessCache(stack, 'Serverless', { vpc, vpcSubnets: { availabilityZones: ['eu-west-1a', 'eu-west-1b'] } }),
  ],
  [
    'GlobalDatastore with its primary',
    (stack, vpc) =>
      new GlobalDatastore(stack, 'Global', {
        primary: new ReplicationGroup(stack, 'Cache', { vpc, vpcSubnets: { availabilityZones: ['eu-west-1a', 'eu-west-1b'] } }),
      }),
  ],
];

describe('first pass: placeholder zones do not fail the synth, and the zone lookup is recorded', () => {
  test.each(SHAPES)('%s', (_name, shape) => {
    const stack = envStack();
    const vpc = vpcOf(stack);
    expect(vpc.availabilityZones).toEqual(['dummy1a', 'dummy1b', 'dummy1c']);
    shape(stack, vpc);
    expect(missingContext(stack)).toContain(ZONE_LOOKUP);
  });
});

describe('second pass: with the zones in the context, the synth succeeds and nothing is missing', () => {
  test.each(SHAPES)('%s', (_name, shape) => {
    const stack = envStack(EU_WEST_1_ZONES);
    shape(stack, vpcOf(stack));
    expect(missingContext(stack)).toEqual([]);
  });
});

describe('second pass: the zone checks apply to the real zones', () => {
  test('[memcached-preferred-azs] a preferred zone without a subnet fails', () => {
    const stack = envStack(EU_WEST_1_ZONES);
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const error = captureError(
      () => new MemcachedCluster(stack, 'Memcached', { vpc, preferredAvailabilityZones: ['eu-west-1a', 'eu-west-1c'] }),
    );
    expect(error.ruleIds).toEqual(['memcached-preferred-azs']);
    expect(error.message).toContain(
      'preferredAvailabilityZones eu-west-1c have no subnet in the subnet group, whose zones are eu-west-1a, eu-west-1b',
    );
  });

  test('[vpc-subnets-empty] a zone selection that finds no subnet fails', () => {
    const stack = envStack(EU_WEST_1_ZONES);
    const error = captureError(
      () => new ReplicationGroup(stack, 'Cache', { vpc: vpcOf(stack), vpcSubnets: { availabilityZones: ['eu-west-1z'] } }),
    );
    expect(error.ruleIds).toEqual(['vpc-subnets-empty']);
  });

  test('[multi-az-needs-two-azs] subnets in one zone fail Multi-AZ', () => {
    const stack = envStack(EU_WEST_1_ZONES);
    const error = captureError(
      () => new ReplicationGroup(stack, 'Cache', { vpc: vpcOf(stack), vpcSubnets: { availabilityZones: ['eu-west-1a'] } }),
    );
    expect(error.ruleIds).toEqual(['multi-az-needs-two-azs']);
    expect(error.message).toContain('vpcSubnets selects only eu-west-1a');
  });
});
