/**
 * Shared setup of the integ apps (test/integ/integ.*.ts): one stack per app in an isolated VPC (plus, for a
 * cross-region app, the stacks of its other regions), and the post-deploy assertion that the cache came up available
 * (and, for a replication group, Multi-AZ).
 *
 * The apps are synthesized by integ-runner (snapshot check, no deploy) and deployed only by a person with
 * credentials running `integ-runner` without --dry-run. Nothing here may do a context lookup: the snapshot
 * check runs offline, so the stacks are environment-agnostic (a cross-region app names regions only, no account).
 */
import { App, Duration, Environment, RemovalPolicies, RemovalPolicy, Stack, Token, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { IReplicationGroup, ReplicationGroupProps } from '../../lib';

/**
 * Small, cheap defaults for a deployed test: two burstable nodes (a primary and one replica, the minimum for
 * Multi-AZ). The removal policy comes from `define`'s argument: DESTROY when integ-runner runs the app.
 */
export const INTEG_CACHE_PROPS: Pick<ReplicationGroupProps, 'cacheNodeType' | 'replicasPerShard'> = {
  cacheNodeType: 'cache.t4g.small',
  replicasPerShard: 1,
};

/**
 * The removal policy an integ app is deployed with: DESTROY, because an integ test deletes its stacks afterwards and
 * must leave no final snapshot or retained resource behind. The deploy rules (test/deploy-rules) also build every app
 * under SNAPSHOT and RETAIN, as a user would deploy it.
 */
export const DEPLOYED_REMOVAL_POLICY = RemovalPolicy.DESTROY;

/**
 * An integ app: its stack name and what goes in the stack. Each test/integ/integ.*.ts exports one as `integApp`, so
 * the deploy rules (test/deploy-rules) can build the same stack under other names without running the file.
 */
export interface IntegApp {
  /** The stack name; keep it unique across the integ apps. */
  readonly stackName: string;
  /**
   * The main stack's environment: a region for apps whose extra stacks reference it across regions.
   * @default - environment-agnostic
   */
  readonly env?: Environment;
  /**
   * The removal policies the app's shape accepts (e.g. Memcached has no snapshots).
   * @default - DESTROY, SNAPSHOT and RETAIN
   */
  readonly removalPolicies?: RemovalPolicy[];
  /**
   * Adds the app's resources to `stack`, each stateful one with `removalPolicy`, and returns what the post-deploy
   * assertion checks: a replication group (available and Multi-AZ), or the API call that describes another shape.
   */
  define(stack: Stack, removalPolicy: RemovalPolicy): IReplicationGroup | IntegCheck;
  /**
   * Adds more stacks to `app` (e.g. a second region), named after `main` so that copies of the app stay apart; they
   * are test cases too, and deleted with no leftovers like the main stack.
   */
  defineExtraStacks?(app: App, main: Stack, removalPolicy: RemovalPolicy): Stack[];
}

/** Every removal policy the deploy rules build the integ apps under. */
export const REMOVAL_POLICIES: readonly RemovalPolicy[] = [RemovalPolicy.DESTROY, RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN];

/** The removal policies `integApp` accepts. */
export function removalPoliciesOf(integApp: IntegApp): readonly RemovalPolicy[] {
  return integApp.removalPolicies ?? REMOVAL_POLICIES;
}

/** The post-deploy assertion of a cache that is not a replication group: an API call and the response it expects. */
export interface IntegCheck {
  readonly service: string;
  readonly api: string;
  readonly parameters: Record<string, unknown>;
  readonly expected: Record<string, unknown>;
}

/**
 * The CMK, secrets and log groups the constructs create default to RETAIN (production-safe); a test must not leak
 * them into the account on every run.
 */
export function destroyWithStack(stack: Stack): void {
  RemovalPolicies.of(stack).destroy();
}

/**
 * The app integ-runner runs: the app's stacks and its post-deploy assertion; `stackName` renames the main stack.
 * Under DESTROY (the deployed tests) everything is deleted with the stacks. Under another `removalPolicy` nothing
 * overrides what the constructs decide for their helpers, so the templates are what a user with that policy deploys.
 */
export function buildIntegApp(
  integApp: IntegApp,
  stackName = integApp.stackName,
  app = new App(),
  removalPolicy = DEPLOYED_REMOVAL_POLICY,
): App {
  if (!removalPoliciesOf(integApp).includes(removalPolicy)) {
    throw new Error(`${integApp.stackName} does not take removal policy ${removalPolicy}`);
  }
  const stack = new Stack(app, stackName, { env: integApp.env });
  const target = integApp.define(stack, removalPolicy);
  const extraStacks = integApp.defineExtraStacks?.(app, stack, removalPolicy) ?? [];
  if (removalPolicy === RemovalPolicy.DESTROY) [stack, ...extraStacks].forEach(destroyWithStack);
  integTest(app, stack, target, extraStacks);
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
 * Registers the stacks as test cases and asserts, after deploy, that the cache is available: a replication group is
 * also Multi-AZ; another shape answers its `IntegCheck`. CloudFormation already waits for creation; the wait covers
 * modifications still in progress after it.
 */
export function integTest(app: App, stack: Stack, cache: IReplicationGroup | IntegCheck, extraStacks: Stack[] = []): IntegTest {
  // A main stack with a region (a cross-region app) can only be referenced from a stack of the same region, so the
  // assertions get one; env-agnostic apps keep integ-tests-alpha's default DeployAssert stack.
  const assertionStack = Token.isUnresolved(stack.region)
    ? undefined
    : new Stack(app, `${stack.stackName}Assertions`, { env: { region: stack.region } });
  const integ = new IntegTest(app, `${stack.stackName}Test`, { testCases: [stack, ...extraStacks], assertionStack });
  const check: IntegCheck =
    'api' in cache
      ? cache
      : {
          service: 'ElastiCache',
          api: 'describeReplicationGroups',
          parameters: { ReplicationGroupId: cache.replicationGroupId },
          expected: { ReplicationGroups: [{ Status: 'available', MultiAZ: 'enabled' }] },
        };
  integ.assertions
    .awsApiCall(check.service, check.api, check.parameters)
    .expect(ExpectedResult.objectLike(check.expected))
    .waitForAssertions({ totalTimeout: Duration.minutes(40), interval: Duration.minutes(1) });
  return integ;
}
