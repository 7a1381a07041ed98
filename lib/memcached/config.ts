import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { NodeTypeInfo, parseNodeType } from '../private/node-type';
import { NetworkType } from '../shared/network-type';
import { MemcachedEngine } from './engine';
import { MemcachedAzMode, MemcachedClusterProps } from './props';

/**
 * Every default of a MemcachedCluster, decided here and nowhere else. Like REPLICATION_GROUP_DEFAULTS, the ones whose
 * change would replace or restart a live cluster (engine, node type, port, node count, network) are frozen within a
 * major version of cdk-elasticache.
 */
export const MEMCACHED_DEFAULTS = {
  engine: MemcachedEngine.MEMCACHED_1_6_22,
  cacheNodeType: 'cache.r7g.large',
  numNodes: 2,
  port: 11212,
  transitEncryption: true,
  maintenanceWindow: 'sun:06:00-sun:07:00',
  networkType: NetworkType.IPV4,
  removalPolicy: RemovalPolicy.DESTROY,
} as const;

/** Props with every default applied: what the rules and the L1 mapping read. */
export interface MemcachedConfig {
  readonly engine: MemcachedEngine;
  readonly cacheNodeType: string;
  /** Undefined when the node type is a token or malformed (the format rule reports the latter). */
  readonly nodeTypeInfo?: NodeTypeInfo;
  readonly numNodes: number;
  readonly azMode: MemcachedAzMode;
  readonly preferredAvailabilityZones?: string[];
  readonly port: number;
  readonly transitEncryption: boolean;
  readonly parameters: Record<string, string>;
  readonly maintenanceWindow: string;
  readonly networkType: NetworkType;
  readonly clusterName?: string;
  readonly removalPolicy: RemovalPolicy;
}

/** Applies the defaults to the props. Does not validate: see validation-rules.ts. */
export function resolveMemcachedConfig(props: MemcachedClusterProps): MemcachedConfig {
  const d = MEMCACHED_DEFAULTS;
  const cacheNodeType = props.cacheNodeType ?? d.cacheNodeType;
  const numNodes = props.numNodes ?? d.numNodes;
  const spread = Token.isUnresolved(numNodes) || numNodes > 1;
  return {
    engine: props.engine ?? d.engine,
    cacheNodeType,
    nodeTypeInfo: Token.isUnresolved(cacheNodeType) ? undefined : parseNodeType(cacheNodeType),
    numNodes,
    azMode: props.azMode ?? (spread ? MemcachedAzMode.CROSS_AZ : MemcachedAzMode.SINGLE_AZ),
    preferredAvailabilityZones: props.preferredAvailabilityZones,
    port: props.port ?? d.port,
    transitEncryption: props.transitEncryption ?? d.transitEncryption,
    parameters: props.parameters ?? {},
    maintenanceWindow: props.maintenanceWindow ?? d.maintenanceWindow,
    networkType: props.networkType ?? d.networkType,
    clusterName: props.clusterName,
    removalPolicy: props.removalPolicy ?? d.removalPolicy,
  };
}
