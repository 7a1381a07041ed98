import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { Construct } from 'constructs';
import { requireImportedAttribute } from '../imported-attribute';
import { CacheEndpoint } from '../replication-group/endpoint';
import { MemcachedClusterBase } from './base';
import { MemcachedEngine } from './engine';

/** Attributes of an existing Memcached cluster. Only `clusterName` is required. */
export interface MemcachedClusterAttributes {
  /** The cluster name (the API's `CacheClusterId`). */
  readonly clusterName: string;
  /**
   * The cluster's security groups, for `connections`.
   * @default - none: `connections` can grant nothing
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
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
    this.clusterName = attrs.clusterName;
    this.engine = attrs.engine;
    this.connections = cacheConnections(attrs.securityGroups, attrs.port);
  }

  public get port(): number {
    return this.required('port', this.attrs.port);
  }

  public get configurationEndpoint(): CacheEndpoint {
    return new CacheEndpoint(this.required('configurationEndpointAddress', this.attrs.configurationEndpointAddress), this.port);
  }

  private required<T>(attribute: keyof MemcachedClusterAttributes, value: T | undefined): T {
    return requireImportedAttribute(
      this,
      'Memcached cluster',
      this.clusterName,
      attribute,
      value,
      'MemcachedCluster.fromMemcachedClusterAttributes',
    );
  }
}
