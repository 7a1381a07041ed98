import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ReplicationGroup, ReplicationGroupProps } from '../../lib';

/** An env-agnostic stack in an app without version metadata, so templates hold only what the test made. */
export function newStack(): Stack {
  const app = new App({ context: { 'aws:cdk:version-reporting': false } });
  return new Stack(app, 'TestStack');
}

/** A VPC with isolated subnets only (no NAT), like the sample's. */
export function isolatedVpc(stack: Stack, maxAzs = 3): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs,
    natGateways: 0,
    subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

/** A stack with one ReplicationGroup in an isolated VPC; `props` override the defaults. */
export function cacheStack(props: Partial<ReplicationGroupProps> = {}) {
  const stack = newStack();
  const vpc = isolatedVpc(stack);
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  return { stack, vpc, cache, template: () => Template.fromStack(stack) };
}

/** The one resource of a type in a template, with its attributes (DeletionPolicy, UpdatePolicy...). */
export function onlyResource(template: Template, type: string): { Properties: Record<string, unknown>; [key: string]: unknown } {
  const resources = Object.values(template.findResources(type));
  if (resources.length !== 1) throw new Error(`expected 1 ${type}, found ${resources.length}`);
  return resources[0] as { Properties: Record<string, unknown> };
}

/** The account and region of `envStack`. */
export const TEST_ENV = { account: '111111111111', region: 'eu-west-1' } as const;

/**
 * A stack with an explicit account and region (`TEST_ENV`). With `zones`, the app's context answers the Availability
 * Zone lookup as the CDK CLI would after its first pass (cdk.context.json); without, the stack sees CDK's placeholder
 * zones `dummy1a`... and records the lookup as missing context, as on the CLI's first pass.
 */
export function envStack(zones?: string[]): Stack {
  const context: Record<string, unknown> = { 'aws:cdk:version-reporting': false };
  if (zones) context[`availability-zones:account=${TEST_ENV.account}:region=${TEST_ENV.region}`] = zones;
  return new Stack(new App({ context }), 'EnvStack', { env: TEST_ENV });
}

/** The zones `envStack` is given: eu-west-1's. */
export const EU_WEST_1_ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
