import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { Construct } from 'constructs';
import { ImportedCache, requireImportedAttribute, requireImportedAttributes } from '../shared/imported-attribute';
import { CacheEndpoint } from '../shared/endpoint';
import { MemcachedClusterAccess, MemcachedClusterBase } from './base';
import { MemcachedEngine } from './engine';
import { storedId } from '../private/stored-id';

/** Attributes of an existing Memcached cluster. Only `clusterName` is required. */
export interface MemcachedClusterAttributes {
  /** The cluster name (the API's `CacheClusterId`), in any case: ElastiCache stores it in lower case, as the import does. */
  readonly clusterName: string;
  /**
   * The cluster's security groups, for `connections` (and `grantAccess`, which opens the port through them; pass `[]`
   * when the network is opened elsewhere).
   * @default - unknown: `connections` can grant nothing, and `grantAccess` fails (`imported-security-groups`)
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Whether the cluster has in-transit encryption (TLS): `grantAccess` tells the client.
   * @default - unknown: `grantAccess` fails (`imported-transit-encryption`)
   */
  readonly transitEncryption?: boolean;
  /**
   * The VPC of the cluster: `grantAccess` then checks that the grantee is in it.
   * @default - unknown: the VPC check is skipped
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The port clients connect to.
   * @default - unknown: reading `port` or `configurationEndpoint` throws
   */
  readonly port?: number;
  /**
   * The configuration endpoint's address.
   * @default - unknown: reading `configurationEndpoint` throws
   */
  readonly configurationEndpointAddress?: string;
  /**
   * The Memcached version.
   * @default - unknown: `engine` is undefined
   */
  readonly engine?: MemcachedEngine;
  /**
   * The number of nodes, 1–60: the per-node metrics, alarms and dashboard watch nodes `0001` to this count.
   * @default - unknown: `cacheNodeIds`, the metric helpers, `addRecommendedAlarms` and `addDashboard` fail
   * (`imported-num-nodes`)
   */
  readonly numNodes?: number;
}

/** A Memcached cluster defined outside this stack. */
export class ImportedMemcachedCluster extends MemcachedClusterBase {
  public readonly clusterName: string;
  public readonly connections: ec2.Connections;
  public readonly engine?: MemcachedEngine;

  constructor(
    scope: Construct,
    id: string,
    private readonly attrs: MemcachedClusterAttributes,
  ) {
    super(scope, id);
    // The id as ElastiCache stores it (lower case), for the ARN and the CacheClusterId dimension.
    this.clusterName = storedId(attrs.clusterName);
    this.engine = attrs.engine;
    this.connections = cacheConnections(attrs.securityGroups, attrs.port);
  }

  public get port(): number {
    return this.required('port', this.attrs.port);
  }

  public get configurationEndpoint(): CacheEndpoint {
    return new CacheEndpoint(this.required('configurationEndpointAddress', this.attrs.configurationEndpointAddress), this.port);
  }

  /** @internal */
  public _accessFacts(): MemcachedClusterAccess {
    const { attrs } = this;
    requireImportedAttributes(this.importedAs(), 'grantAccess', {
      transitEncryption: attrs.transitEncryption,
      configurationEndpointAddress: attrs.configurationEndpointAddress,
      port: attrs.port,
      securityGroups: attrs.securityGroups,
    });
    return { vpc: attrs.vpc, transitEncryption: attrs.transitEncryption! };
  }

  /** @internal */
  public _numNodes(): number {
    return this.required('numNodes', this.attrs.numNodes);
  }

  private required<T>(attribute: keyof MemcachedClusterAttributes, value: T | undefined): T {
    return requireImportedAttribute(this.importedAs(), attribute, value);
  }

  private importedAs(): ImportedCache {
    return {
      scope: this,
      kind: 'Memcached cluster',
      name: this.clusterName,
      importMethod: 'MemcachedCluster.fromMemcachedClusterAttributes',
    };
  }
}
