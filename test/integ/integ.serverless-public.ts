/**
 * Integ app: a Valkey 9 serverless cache with a public endpoint (no VPC), authenticated by ElastiCache's own IAM user
 * group (`default.iam-user-group`), and a role outside any VPC granted access to it: `elasticache:Connect` on the cache
 * and on `default.iam-user`, nothing on the network. Deploying it needs an IAM identity allowed to create public
 * caches (condition key `elasticache:ConnectionType`).
 */
import { Size, aws_iam as iam } from 'aws-cdk-lib';
import { ServerlessCache, ServerlessCacheConnectionType, ServerlessCacheEngine } from '../../lib';
import { IntegApp, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheServerlessPublic',
  define(stack, removalPolicy) {
    const cache = new ServerlessCache(stack, 'Cache', {
      connectionType: ServerlessCacheConnectionType.PUBLIC,
      engine: ServerlessCacheEngine.VALKEY_9,
      cacheUsageLimits: { dataStorageMaximumSize: Size.gibibytes(1), requestRateLimitMaximum: 5000 },
      removalPolicy,
    });
    // Compute outside any VPC (here a role, e.g. a CI job's): an IAM grant and the variables, no security group.
    const client = new iam.Role(stack, 'Client', { assumedBy: new iam.AccountRootPrincipal() });
    cache.grantAccess(client);
    return {
      service: 'ElastiCache',
      api: 'describeServerlessCaches',
      parameters: { ServerlessCacheName: cache.serverlessCacheName },
      expected: { ServerlessCaches: [{ Status: 'available' }] },
    };
  },
};

if (require.main === module) synthIntegApp(integApp);
