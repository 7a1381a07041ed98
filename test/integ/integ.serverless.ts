/**
 * Integ app: a Valkey serverless cache with RBAC (a password user `app` and a disabled default user), a
 * customer-managed key, daily snapshots, and usage limits that cap what a test run can cost. Its recommended alarms
 * (ECPUs and storage at 75 % of those limits, throttling, connections) notify their own encrypted topic, and it has a
 * dashboard. Deployed with RemovalPolicy.DESTROY: the test deletes the stack and must leave no final snapshot behind.
 */
import { Size } from 'aws-cdk-lib';
import { ServerlessCache } from '../../lib';
import { IntegApp, isolatedVpc, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheServerless',
  define(stack, removalPolicy) {
    const cache = new ServerlessCache(stack, 'Cache', {
      vpc: isolatedVpc(stack),
      cacheUsageLimits: { dataStorageMaximumSize: Size.gibibytes(1), requestRateLimitMaximum: 5000 },
      removalPolicy,
    });
    cache.addRecommendedAlarms('RecommendedAlarms');
    cache.addDashboard('Dashboard');
    return {
      service: 'ElastiCache',
      api: 'describeServerlessCaches',
      parameters: { ServerlessCacheName: cache.serverlessCacheName },
      expected: { ServerlessCaches: [{ Status: 'available' }] },
    };
  },
};

if (require.main === module) synthIntegApp(integApp);
