/**
 * Integ app: a global datastore across two regions. The main stack (us-east-1) holds the primary replication group
 * and the global datastore; the second stack (us-west-2) holds a read-only secondary that joins it. The secondary reads
 * the global datastore's id through CDK cross-region references (an SSM parameter written in us-east-1 by a custom
 * resource, read by another in us-west-2), so both stacks name their region; no account is needed to synthesize.
 *
 * Global datastores need node types of size large or above (no burstable nodes): four cache.r7g.large nodes while
 * deployed. Deleting the stacks deletes the secondary's stack first (it depends on the main one: ElastiCache deletes a
 * global datastore only once it has no secondary, DeleteGlobalReplicationGroup), then the main one: the global
 * datastore, then the primary. Whether CloudFormation detaches the secondary before deleting it is not documented; if
 * its delete fails with "part of a global cluster", disassociate it (README, GlobalDatastore, Deleting) and retry.
 * Deploying this app is also the check the README asks for: the secondary sends its own AuthToken without
 * TransitEncryptionEnabled, which it inherits.
 */
import { Stack } from 'aws-cdk-lib';
import { GlobalDatastore, ReplicationGroup } from '../../lib';
import { IntegApp, isolatedVpc, synthIntegApp } from './integ-common';

/** What both members share (the removal policy is DESTROY when the test deploys them: no snapshot left behind). */
const MEMBER_PROPS = { replicasPerShard: 1 } as const;

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheGlobalDatastore',
  env: { region: 'us-east-1' },
  define(stack, removalPolicy) {
    const primary = new ReplicationGroup(stack, 'Cache', {
      ...MEMBER_PROPS,
      removalPolicy,
      vpc: isolatedVpc(stack),
      cacheNodeType: 'cache.r7g.large',
    });
    new GlobalDatastore(stack, 'Global', { primary });
    return primary;
  },
  defineExtraStacks(app, main, removalPolicy) {
    const secondaryStack = new Stack(app, `${main.stackName}Secondary`, { env: { region: 'us-west-2' }, crossRegionReferences: true });
    const globalDatastore = main.node.findChild('Global') as GlobalDatastore;
    new ReplicationGroup(secondaryStack, 'Cache', { ...MEMBER_PROPS, removalPolicy, vpc: isolatedVpc(secondaryStack), globalDatastore });
    return [secondaryStack];
  },
};

if (require.main === module) synthIntegApp(integApp);
