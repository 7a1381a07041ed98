/**
 * Integ app: AUTH token authentication with automatic rotation every 30 days.
 *
 * The rotation Lambda runs in the cache's isolated subnets and reaches Secrets Manager and ElastiCache through
 * interface endpoints (no NAT). Needs the pre-bundled Lambda: `npx tsx scripts/bundle-lambdas.ts` first.
 */
import { Duration } from 'aws-cdk-lib';
import { CacheAuthentication, ReplicationGroup } from '../../lib';
import { INTEG_CACHE_PROPS, IntegApp, addRotationEndpoints, isolatedVpc, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheTokenRotation',
  define(stack, removalPolicy) {
    const vpc = isolatedVpc(stack);
    addRotationEndpoints(vpc);
    // INTEG_CACHE_PROPS: small nodes (the removal policy is DESTROY when the test deploys it).
    return new ReplicationGroup(stack, 'Cache', {
      ...INTEG_CACHE_PROPS,
      removalPolicy,
      vpc,
      authentication: CacheAuthentication.authToken({ rotation: { automaticallyAfter: Duration.days(30) } }),
    });
  },
};

if (require.main === module) synthIntegApp(integApp);
