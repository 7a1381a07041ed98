import { ArnFormat, IResource, Resource, Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { CacheClusterReference, ICacheClusterRef } from 'aws-cdk-lib/aws-elasticache';
import { CacheEndpoint } from '../shared/endpoint';
import { CacheAccess, CacheAccessOptions, ICacheGrantee, grantCacheAccess } from '../connect/grant-access';
import { MemcachedEngine } from './engine';

/** A Memcached cluster, created here or imported. */
export interface IMemcachedCluster extends IResource, ec2.IConnectable, ICacheClusterRef {
  /** The cluster name (CloudFormation's `ClusterName`, the API's `CacheClusterId`). @attribute */
  readonly clusterName: string;
  /** The ARN, `arn:<partition>:elasticache:<region>:<account>:cluster:<name>`. @attribute */
  readonly clusterArn: string;
  /** The port clients connect to. */
  readonly port: number;
  /** The Memcached version, when known: always for a cluster created here, for an imported one when given. */
  readonly engine?: MemcachedEngine;
  /**
   * The configuration endpoint: Memcached clients with auto discovery read the node list from it.
   * @attribute ConfigurationEndpoint.Address,ConfigurationEndpoint.Port
   */
  readonly configurationEndpoint: CacheEndpoint;
  /** Grants IAM actions (e.g. `elasticache:DescribeCacheClusters`) on this cluster. Memcached has no `elasticache:Connect`. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;
  /**
   * Connects compute to this cluster in one call: opens the cluster port from the grantee's security groups and
   * describes the cluster (its auto-discovery configuration endpoint, port and TLS) in the environment variables that
   * the runtime's `connectFromEnvironment()` reads, set on a Lambda function and returned for other compute. Memcached
   * has no users: there is nothing to grant. An imported cluster needs `transitEncryption`, the configuration
   * endpoint, `port` and `securityGroups`: a missing one fails at synth with a rule id that names it
   * (`imported-transit-encryption`, ...).

   */
  grantAccess(grantee: ICacheGrantee, options?: CacheAccessOptions): CacheAccess;
}

/** What `grantAccess` needs to know of a Memcached cluster beyond IMemcachedCluster. */
export interface MemcachedClusterAccess {
  /** The cluster's VPC, to check the grantee against; undefined when unknown. */
  readonly vpc?: ec2.IVpc;
  /** Whether clients must use TLS. */
  readonly transitEncryption: boolean;
}

/** Shared implementation of created and imported Memcached clusters. */
export abstract class MemcachedClusterBase extends Resource implements IMemcachedCluster {
  public abstract readonly clusterName: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly port: number;
  public abstract readonly engine?: MemcachedEngine;
  public abstract readonly configurationEndpoint: CacheEndpoint;

  public get cacheClusterRef(): CacheClusterReference {
    return { clusterName: this.clusterName };
  }

  public get clusterArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'cluster',
      resourceName: this.clusterName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.clusterArn] });
  }

  /**
   * What `grantAccess` needs beyond the interface; an import checks here that its attributes say it.
   * @internal
   */
  public abstract _accessFacts(): MemcachedClusterAccess;

  public grantAccess(grantee: ICacheGrantee, options: CacheAccessOptions = {}): CacheAccess {
    const facts = this._accessFacts();
    return grantCacheAccess(
      this,
      {
        kind: 'MemcachedCluster',
        vpc: facts.vpc,
        endpoint: () => ({
          endpointKind: 'memcached',
          address: this.configurationEndpoint.address,
          port: String(this.port),
          tls: facts.transitEncryption,
        }),
        authentication: {},
        cacheName: this.clusterName,
        serverless: false,
      },
      grantee,
      options,
    );
  }
}
