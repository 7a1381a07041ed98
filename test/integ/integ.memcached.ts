/**
 * Integ app: a Memcached cluster of two small nodes spread over two Availability Zones, in isolated subnets (Memcached
 * has no authentication: the network is its only guard), with TLS and a non-default port. Its recommended alarms (one
 * per node and metric, on CacheClusterId and CacheNodeId) notify their own encrypted topic, and it has a dashboard.
 * The post-deploy assertion checks that the cluster is available.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { MemcachedCluster } from '../../lib';
import { IntegApp, isolatedVpc, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheMemcached',
  // Memcached has no snapshots: the construct rejects SNAPSHOT.
  removalPolicies: [RemovalPolicy.DESTROY, RemovalPolicy.RETAIN],
  define(stack, removalPolicy) {
    const cluster = new MemcachedCluster(stack, 'Memcached', {
      vpc: isolatedVpc(stack),
      cacheNodeType: 'cache.t4g.small',
      removalPolicy,
    });
    cluster.addRecommendedAlarms('RecommendedAlarms');
    cluster.addDashboard('Dashboard');
    return {
      service: 'ElastiCache',
      api: 'describeCacheClusters',
      parameters: { CacheClusterId: cluster.clusterName },
      expected: { CacheClusters: [{ CacheClusterStatus: 'available', NumCacheNodes: 2, TransitEncryptionEnabled: true }] },
    };
  },
};

if (require.main === module) synthIntegApp(integApp);
