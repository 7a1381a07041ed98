/**
 * Integ app: a replication group with every default that matters in production (Multi-AZ Valkey with cluster mode
 * off, TLS required, a customer-managed key, a generated AUTH token in Secrets Manager, 15 days of backups), on small
 * nodes with one replica.
 */
import { ReplicationGroup } from '../../lib';
import { INTEG_CACHE_PROPS, IntegApp, isolatedVpc, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheReplicationGroup',
  define(stack, removalPolicy) {
    // INTEG_CACHE_PROPS: small nodes (the removal policy is DESTROY when the test deploys it).
    return new ReplicationGroup(stack, 'Cache', { ...INTEG_CACHE_PROPS, removalPolicy, vpc: isolatedVpc(stack) });
  },
};

if (require.main === module) synthIntegApp(integApp);
