import { RemovalPolicy } from 'aws-cdk-lib';
import { identifierProblem } from '../private/identifiers';
import { NODE_TYPE_FORMAT, isDataTieringNodeType, isNitroNodeType, nodeTypeEngineProblem } from '../private/node-type';
import { NetworkType } from '../shared/network-type';
import { Rule, integerOutside, isResolved, portProblem, twoZonesProblem } from '../shared/rule-table';
import { maintenanceWindowProblem } from '../private/windows';
import { notificationTopicProblem } from '../monitoring/notifications';
import { MemcachedConfig } from './config';
import { MemcachedAzMode, MemcachedClusterProps } from './props';

/** What a Memcached rule sees: the raw props (explicit choices), the resolved config and the subnets' zones. */
export interface MemcachedRuleInput {
  readonly props: MemcachedClusterProps;
  readonly config: MemcachedConfig;
  /** AZs of the selected subnets, when known at synth time (not tokens). */
  readonly subnetAvailabilityZones?: string[];
}

const CACHE_CLUSTER_REFERENCE =
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-cachecluster.html';

/**
 * What CloudFormation or ElastiCache rejects for a Memcached cluster, caught at synth. Unresolved tokens are skipped.
 * Sources: the CacheCluster reference (above: AZMode, PreferredAvailabilityZones "must equal NumCacheNodes"), the node
 * limit "Memcached clusters contain from 1 to 60 nodes" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.html),
 * TLS from Memcached 1.6.12 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html), IPv6
 * from 1.6.6 on Nitro (the NetworkType note of the reference) and data tiering for Valkey / Redis OSS only
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/data-tiering.html).
 */
export const MEMCACHED_RULES: readonly Rule<MemcachedRuleInput>[] = [
  {
    id: 'memcached-cluster-name',
    severity: 'error',
    check: ({ config }) => identifierProblem('clusterName', config.clusterName, false, 50),
  },
  {
    id: 'memcached-node-type',
    severity: 'error',
    check: ({ config }) => {
      if (!isResolved(config.cacheNodeType)) return undefined;
      if (!config.nodeTypeInfo) return `cacheNodeType '${config.cacheNodeType}' is invalid: expected ${NODE_TYPE_FORMAT}`;
      return isDataTieringNodeType(config.nodeTypeInfo)
        ? `cacheNodeType '${config.cacheNodeType}' is a data tiering (r6gd) node type, which only Valkey and Redis OSS replication groups use: choose e.g. 'cache.r7g.large'`
        : undefined;
    },
  },
  {
    // Data tiering families are reported by memcached-node-type.
    id: 'memcached-node-type-engine',
    severity: 'error',
    check: ({ config: { nodeTypeInfo: info, engine } }) =>
      info && !isDataTieringNodeType(info)
        ? nodeTypeEngineProblem('cacheNodeType', info, {
            name: 'memcached',
            isAtLeast: (version) => engine.isAtLeast(version),
            toString: () => engine.toString(),
          })
        : undefined,
  },
  {
    id: 'memcached-num-nodes-range',
    severity: 'error',
    check: ({ config }) =>
      integerOutside(config.numNodes, 1, 60) ? `numNodes must be an integer from 1 to 60, got ${config.numNodes}` : undefined,
  },
  {
    id: 'memcached-cross-az-nodes',
    severity: 'error',
    check: ({ config }) =>
      config.azMode === MemcachedAzMode.CROSS_AZ && isResolved(config.numNodes) && config.numNodes < 2
        ? `azMode CROSS_AZ needs at least 2 nodes, got numNodes ${config.numNodes}: add a node or use MemcachedAzMode.SINGLE_AZ`
        : undefined,
  },
  {
    id: 'memcached-cross-az-subnets',
    severity: 'error',
    check: ({ config, subnetAvailabilityZones: azs }) =>
      config.azMode === MemcachedAzMode.CROSS_AZ ? twoZonesProblem('azMode CROSS_AZ', azs) : undefined,
  },
  {
    id: 'memcached-preferred-azs',
    severity: 'error',
    check: ({ config, subnetAvailabilityZones: subnetAzs }) => {
      const azs = config.preferredAvailabilityZones;
      if (!azs || !isResolved(azs) || azs.some((az) => !isResolved(az))) return undefined;
      if (isResolved(config.numNodes) && azs.length !== config.numNodes) {
        return `preferredAvailabilityZones must have exactly numNodes (${config.numNodes}) entries, one per node, got ${azs.length} (${CACHE_CLUSTER_REFERENCE}#cfn-elasticache-cachecluster-preferredavailabilityzones)`;
      }
      if (config.azMode === MemcachedAzMode.SINGLE_AZ && new Set(azs).size > 1) {
        return `preferredAvailabilityZones lists ${[...new Set(azs)].join(', ')} but azMode is SINGLE_AZ: repeat one zone, or use CROSS_AZ`;
      }
      const outside = subnetAzs ? [...new Set(azs)].filter((az) => !subnetAzs.includes(az)) : [];
      return outside.length > 0
        ? `preferredAvailabilityZones ${outside.join(', ')} have no subnet in the subnet group, whose zones are ${[...new Set(subnetAzs)].join(', ')}`
        : undefined;
    },
  },
  {
    id: 'memcached-port-range',
    severity: 'error',
    check: ({ config }) => portProblem(config.port),
  },
  {
    id: 'memcached-notification-topic-encrypted',
    severity: 'error',
    check: ({ props }) => notificationTopicProblem(props.notificationTopic),
  },
  {
    id: 'memcached-transit-encryption-engine',
    severity: 'error',
    check: ({ config }) =>
      config.transitEncryption && !config.engine.supportsTransitEncryption
        ? `transitEncryption needs Memcached 1.6.12+, but engine is ${config.engine.toString()}: upgrade the engine, or set transitEncryption to false`
        : undefined,
  },
  {
    id: 'memcached-network-type',
    severity: 'error',
    check: ({ config }) => {
      if (config.networkType === NetworkType.IPV4) return undefined;
      if (!config.engine.supportsIpv6) {
        return `networkType '${config.networkType}' needs Memcached 1.6.6+, but engine is ${config.engine.toString()}`;
      }
      return config.nodeTypeInfo && !isNitroNodeType(config.nodeTypeInfo)
        ? `networkType '${config.networkType}' needs a Nitro node type (t3/t4g, m5+, r5+, m6g/r6g or newer), got '${config.cacheNodeType}'`
        : undefined;
    },
  },
  {
    id: 'memcached-maintenance-window-format',
    severity: 'error',
    check: ({ config }) => maintenanceWindowProblem('maintenanceWindow', config.maintenanceWindow),
  },
  {
    id: 'memcached-removal-snapshot',
    severity: 'error',
    check: ({ config }) =>
      config.removalPolicy === RemovalPolicy.SNAPSHOT
        ? 'removalPolicy SNAPSHOT is not possible for Memcached, which has no snapshots (CloudFormation would fail to delete the cluster): use DESTROY or RETAIN'
        : undefined,
  },
  {
    id: 'memcached-plaintext',
    severity: 'warning',
    check: ({ props }) =>
      props.transitEncryption === false
        ? 'transitEncryption is off: clients and nodes exchange keys and values in plaintext inside the VPC'
        : undefined,
  },
  {
    id: 'memcached-single-az',
    severity: 'warning',
    check: ({ config }) =>
      config.azMode === MemcachedAzMode.SINGLE_AZ && isResolved(config.numNodes) && config.numNodes > 1
        ? `azMode SINGLE_AZ puts all ${config.numNodes} nodes in one Availability Zone: an outage of that zone empties the whole cache`
        : undefined,
  },
  {
    id: 'memcached-engine-version-unknown',
    severity: 'warning',
    check: ({ config }) =>
      config.engine.isKnownVersion
        ? undefined
        : `engine ${config.engine.toString()} is newer than every version this release of cdk-elasticache knows: check that ElastiCache offers it in your region and that its parameter group family is '${config.engine.parameterGroupFamily}'`,
  },
];
