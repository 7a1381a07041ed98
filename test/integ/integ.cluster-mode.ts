/**
 * Integ app: a cluster-mode replication group (two shards, one replica each) with durability ASYNC, the Multi-AZ
 * transaction log of Valkey 9.0. Durability needs an R/M/C Graviton node type (no burstable nodes), so this app runs
 * four cache.r7g.large nodes while deployed: deploy it on purpose, not on every run.
 */
import { Durability, ReplicationGroup } from '../../lib';
import { IntegApp, isolatedVpc, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheClusterMode',
  define(stack, removalPolicy) {
    return new ReplicationGroup(stack, 'Cache', {
      vpc: isolatedVpc(stack),
      cacheNodeType: 'cache.r7g.large',
      numShards: 2,
      replicasPerShard: 1,
      durability: Durability.ASYNC,
      removalPolicy,
    });
  },
};

if (require.main === module) synthIntegApp(integApp);
