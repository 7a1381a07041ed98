/**
 * How clients reach a {@link ServerlessCache} (CloudFormation's `ConnectionType`), fixed when the cache is created.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-public-endpoints-chapter.html
 */
export enum ServerlessCacheConnectionType {
  /** A VPC endpoint in the cache's subnets: only compute in (or routed into) the VPC reaches it. */
  VPC = 'vpc',
  /**
   * A public endpoint: any client on the internet can open a TLS connection to it, and only IAM-authenticated users
   * of the cache's user group get in (Valkey 9.0+ only).
   */
  PUBLIC = 'public',
}
