import { CfnOutput, Stack, StackProps, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ReplicationGroup } from '../replication-group/replication-group';

/**
 * The deployable sample: a VPC with no NAT gateway (the cache needs none) and a ReplicationGroup with the library's
 * secure defaults. Env-agnostic: no account, region or context lookups.
 */
export class ElastiCacheSampleStack extends Stack {
  public readonly cache: ReplicationGroup;
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });

    this.cache = new ReplicationGroup(this, 'Cache', {
      vpc: this.vpc,
      // The smallest Multi-AZ-capable node keeps a sample deploy cheap; the library default is cache.r7g.large.
      cacheNodeType: 'cache.t4g.small',
    });

    new CfnOutput(this, 'CacheEndpoint', { value: this.cache.primaryEndpoint.address, description: 'Primary endpoint (TLS)' });
    new CfnOutput(this, 'CacheReaderEndpoint', { value: this.cache.readerEndpoint.address, description: 'Reader endpoint (TLS)' });
    new CfnOutput(this, 'CachePort', { value: String(this.cache.port) });
    new CfnOutput(this, 'CacheAuthTokenSecretArn', { value: this.cache.authTokenSecret!.secretArn, description: 'AUTH token secret' });
    new CfnOutput(this, 'ReplicationGroupId', { value: this.cache.replicationGroupId });
  }
}
