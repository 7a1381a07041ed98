/**
 * Shared setup of the integ apps (test/integ/integ.*.ts): one stack per app in an isolated VPC, and the
 * post-deploy assertion that the cache came up available and Multi-AZ.
 *
 * The apps are synthesized by integ-runner (snapshot check, no deploy) and deployed only by a person with
 * credentials running `integ-runner` without --dry-run. Nothing here may do a context lookup: the snapshot
 * check runs offline, so the stacks are environment-agnostic.
 */
import { App, Duration, RemovalPolicies, RemovalPolicy, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { IReplicationGroup, ReplicationGroupProps } from '../../lib';

/**
 * Small, cheap defaults for a deployed test: two burstable nodes (a primary and one replica, the minimum for
 * Multi-AZ) and DESTROY, because an integ test deletes its stack afterwards and must leave no final snapshot behind.
 */
export const INTEG_CACHE_PROPS: Pick<ReplicationGroupProps, 'cacheNodeType' | 'replicasPerShard' | 'removalPolicy'> = {
  cacheNodeType: 'cache.t4g.small',
  replicasPerShard: 1,
  removalPolicy: RemovalPolicy.DESTROY,
};

/**
 * An integ app: its stack name and what goes in the stack. Each test/integ/integ.*.ts exports one as `integApp`, so
 * the deploy rules (test/deploy-rules) can build the same stack under other names without running the file.
 */
export interface IntegApp {
  /** The stack name; keep it unique across the integ apps. */
  readonly stackName: string;
  /** Adds the app's resources to `stack` and returns the cache the post-deploy assertion checks. */
  define(stack: Stack): IReplicationGroup;
}

/** A new app and stack; `name` becomes the stack name, so keep it unique across the integ apps. */
export function integStack(name: string, app = new App()): { app: App; stack: Stack } {
  const stack = new Stack(app, name);
  // The CMK, secrets and log groups the constructs create default to RETAIN (production-safe); a test must not
  // leak them into the account on every run.
  RemovalPolicies.of(stack).destroy();
  return { app, stack };
}

/** The app integ-runner runs: the app's stack and its post-deploy assertion; `stackName` renames the stack. */
export function buildIntegApp(integApp: IntegApp, stackName = integApp.stackName, app = new App()): App {
  const { stack } = integStack(stackName, app);
  integTest(app, stack, integApp.define(stack));
  return app;
}

/** What an integ file runs as a program (integ-runner, scripts/integ-snapshots.ts). */
export function synthIntegApp(integApp: IntegApp): void {
  buildIntegApp(integApp).synth();
}

/** A VPC with isolated subnets in two AZs (Multi-AZ needs two) and no NAT: the cache needs no internet. */
export function isolatedVpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
}

/**
 * Interface endpoints the AUTH token rotation Lambda calls from the isolated subnets (there is no NAT).
 * Private DNS makes the SDK's default hostnames resolve to them; `open` lets the whole VPC CIDR in on 443,
 * which matches the Lambda's egress rule (443 to the VPC CIDR).
 */
export function addRotationEndpoints(vpc: ec2.Vpc): void {
  const services = {
    SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    ElastiCache: ec2.InterfaceVpcEndpointAwsService.ELASTICACHE,
  };
  for (const [id, service] of Object.entries(services)) {
    vpc.addInterfaceEndpoint(id, {
      service,
      privateDnsEnabled: true,
      open: true,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
  }
}

/**
 * Registers the stack as the test case and asserts, after deploy, that the group is available and Multi-AZ.
 * CloudFormation already waits for creation; the wait covers modifications still in progress after it.
 */
export function integTest(app: App, stack: Stack, cache: IReplicationGroup): IntegTest {
  const integ = new IntegTest(app, `${stack.stackName}Test`, { testCases: [stack] });
  integ.assertions
    .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: cache.replicationGroupId })
    .expect(ExpectedResult.objectLike({ ReplicationGroups: [{ Status: 'available', MultiAZ: 'enabled' }] }))
    .waitForAssertions({ totalTimeout: Duration.minutes(40), interval: Duration.minutes(1) });
  return integ;
}
