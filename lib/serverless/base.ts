import { Duration, IResource, Resource, aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { IServerlessCacheRef, ServerlessCacheReference } from 'aws-cdk-lib/aws-elasticache';
import { grantConnectAs } from '../auth/grant-connect';
import { ICacheUser } from '../auth/user';
import { CacheEndpoint } from '../replication-group/endpoint';
import { ServerlessCacheEngine } from './engine';

/** An ElastiCache Serverless cache, created here or imported. */
export interface IServerlessCache extends IResource, ec2.IConnectable, IServerlessCacheRef {
  /** The cache name. @attribute */
  readonly serverlessCacheName: string;
  /** The ARN, `arn:<partition>:elasticache:<region>:<account>:serverlesscache:<name>`. @attribute */
  readonly serverlessCacheArn: string;
  /** The engine and major version, when known: always for a cache created here, for an imported one when given. */
  readonly engine?: ServerlessCacheEngine;
  /**
   * The endpoint, for reads and writes.
   * @attribute Endpoint.Address,Endpoint.Port
   */
  readonly endpoint: CacheEndpoint;
  /**
   * The reader endpoint (on the next port): reads that may lag slightly, served from replicas in the client's zone.
   * @attribute ReaderEndpoint.Address,ReaderEndpoint.Port
   */
  readonly readerEndpoint: CacheEndpoint;
  /** Grants IAM actions (e.g. `elasticache:DescribeServerlessCaches`) on this cache. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;
  /**
   * Grants `elasticache:Connect` as `user` (an IAM-enabled user of the cache's user group): the permission IAM
   * authentication checks, on this cache and on the user.
   */
  grantConnect(grantee: iam.IGrantable, user: ICacheUser): iam.Grant;
  /**
   * A metric of this cache (namespace `AWS/ElastiCache`, dimension `ServerlessCacheName`), e.g. `BytesUsedForCache`,
   * `ElastiCacheProcessingUnits`, `CacheHitRate`, `ThrottledCmds`. Average over 5 minutes unless `props` says otherwise.
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Shared implementation of created and imported serverless caches. */
export abstract class ServerlessCacheBase extends Resource implements IServerlessCache {
  public abstract readonly serverlessCacheName: string;
  public abstract readonly serverlessCacheArn: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly engine?: ServerlessCacheEngine;
  public abstract readonly endpoint: CacheEndpoint;
  public abstract readonly readerEndpoint: CacheEndpoint;

  public get serverlessCacheRef(): ServerlessCacheReference {
    return { serverlessCacheName: this.serverlessCacheName, serverlessCacheArn: this.serverlessCacheArn };
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.serverlessCacheArn] });
  }

  public grantConnect(grantee: iam.IGrantable, user: ICacheUser): iam.Grant {
    return grantConnectAs(this, grantee, user, this.serverlessCacheArn);
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    // Serverless metrics carry the cache name as their only dimension:
    // https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/serverless-metrics.html and
    // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events.memcached.html
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { ServerlessCacheName: this.serverlessCacheName },
      period: Duration.minutes(5),
      statistic: 'Average',
      ...props,
    }).attachTo(this);
  }
}
