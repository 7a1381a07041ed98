/**
 * Integ app: observability and operations of a cluster-mode group (2 shards × 1 replica): slow and engine logs in
 * two log groups, CloudWatch's recommended alarms on every node to a created encrypted topic, a dashboard, event
 * notifications to an unencrypted topic (ElastiCache cannot publish to an encrypted one, and publishes no event of a
 * node-based cache to EventBridge), and auto scaling of shards and replicas.
 *
 * Auto scaling needs a large-or-bigger node of a supported family, so this app uses cache.m7g.large, not the
 * burstable node of INTEG_CACHE_PROPS.
 */
import { aws_sns as sns } from 'aws-cdk-lib';
import { CacheLogDestination, ClusterMode, ReplicationGroup } from '../../lib';
import { INTEG_CACHE_PROPS, IntegApp, isolatedVpc, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheObservability',
  define(stack, removalPolicy) {
    // Unencrypted on purpose: ElastiCache marks an encrypted notification topic inactive. It carries event metadata
    // (ids, event names), no cache data.
    const events = new sns.Topic(stack, 'CacheEvents', { enforceSSL: true });
    const cache = new ReplicationGroup(stack, 'Cache', {
      ...INTEG_CACHE_PROPS,
      removalPolicy,
      vpc: isolatedVpc(stack),
      cacheNodeType: 'cache.m7g.large',
      clusterMode: ClusterMode.ENABLED,
      numShards: 2,
      replicasPerShard: 1,
      logging: { engineLog: CacheLogDestination.newLogGroup() },
      notificationTopic: events,
    });
    cache.addRecommendedAlarms('RecommendedAlarms', { evictions: { enabled: true } });
    cache.addDashboard('Dashboard');
    cache.autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetMemoryUtilization: 70 });
    cache.autoScaleReplicas({ minCapacity: 1, maxCapacity: 2, targetEngineCpuUtilization: 60 });
    return cache;
  },
};

if (require.main === module) synthIntegApp(integApp);
