import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  StackProps,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kms as kms,
  aws_logs as logs,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CacheAuthentication } from '../auth/authentication';
import { RecommendedAlarms } from '../monitoring/alarms';
import { CacheDashboard } from '../monitoring/dashboard';
import { ReplicationGroup } from '../replication-group/replication-group';
import { allowCloudWatchLogs } from '../logs/log-encryption-key';
import { SampleApi } from './sample-api';
import { removalPolicyContext } from './removal-policy-context';

/**
 * The deployable sample: a VPC with no NAT gateway, a ReplicationGroup with the library's secure defaults plus AUTH
 * token rotation, recommended alarms, a dashboard and event notifications (failovers reach whoever subscribes), and a
 * Lambda API that uses the cache (cache-aside over DynamoDB, rate limiting, leaderboard).
 * Env-agnostic: no account, region or context lookups.
 */
export class ElastiCacheSampleStack extends Stack {
  public readonly cache: ReplicationGroup;
  public readonly vpc: ec2.Vpc;
  public readonly secretsManagerEndpoint: ec2.InterfaceVpcEndpoint;
  public readonly api: SampleApi;
  public readonly alarms: RecommendedAlarms;
  public readonly dashboard: CacheDashboard;
  /** ElastiCache's event notifications of the cache: failovers, node replacements, maintenance. */
  public readonly cacheEvents: sns.Topic;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    const flowLogKey = new kms.Key(this, 'FlowLogKey', { description: 'Encrypts the sample VPC flow logs', enableKeyRotation: true });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      // Nothing may use the default security group (HIPAA / NIST / PCI default-security-group rules).
      restrictDefaultSecurityGroup: true,
    });
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: flowLogKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowCloudWatchLogs(this, flowLogKey);
    // A customer-managed policy on an immutable role: HIPAA / NIST / PCI reject the inline policy CDK would add.
    const flowLogRole = new iam.Role(this, 'FlowLogRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
    new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      roles: [flowLogRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [flowLogGroup.logGroupArn],
        }),
      ],
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole.withoutPolicyUpdates()),
    });

    // Failovers, node replacements, maintenance and scaling reach someone only through SNS: ElastiCache publishes no
    // event of a replication group to EventBridge, and cannot publish to an encrypted topic
    // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/self-designed-metrics-events.valkey-and-redis.html and
    // .../ElastiCacheSNS.html, checked 2026-12-04). So this topic is unencrypted (the construct adds the aws:SourceOwner
    // statement ElastiCache needs and acknowledges the packs' KMS findings with that reason) and TLS-only; its messages
    // carry event names and node ids, no cache data. Subscribe on-call to it: output CacheEventsTopicArn.
    this.cacheEvents = new sns.Topic(this, 'CacheEvents', { enforceSSL: true });
    this.cache = new ReplicationGroup(this, 'Cache', {
      vpc: this.vpc,
      // The smallest Multi-AZ-capable node keeps a sample deploy cheap; the library default is cache.r7g.large.
      cacheNodeType: 'cache.t4g.small',
      authentication: CacheAuthentication.authToken({ rotation: { automaticallyAfter: Duration.days(30) } }),
      // The slow log, as JSON, in a log group encrypted with the cache's key (updates a live cache in place).
      logging: {},
      // The library default (SNAPSHOT) unless `-c removalPolicy=destroy|snapshot|retain` says otherwise.
      removalPolicy: removalPolicyContext(this),
      notificationTopic: this.cacheEvents,
    });
    // Observable out of the box: CloudWatch's recommended alarms on every node, notifying a KMS-encrypted, TLS-only
    // topic (subscribe to it: output AlarmTopicArn), and a dashboard per node and for the whole group.
    this.alarms = this.cache.addRecommendedAlarms('RecommendedAlarms');
    this.dashboard = this.cache.addDashboard('Dashboard');

    // The rotation Lambda reaches Secrets Manager and ElastiCache through interface endpoints: no NAT. Each endpoint
    // admits HTTPS only from the security groups that need it.
    const rotation = this.cache.authTokenRotation!.function;
    this.secretsManagerEndpoint = this.vpc.addInterfaceEndpoint('SecretsManagerEndpoint', {
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      open: false,
    });
    const elastiCacheEndpoint = this.vpc.addInterfaceEndpoint('ElastiCacheEndpoint', {
      service: ec2.InterfaceVpcEndpointAwsService.ELASTICACHE,
      open: false,
    });
    for (const endpoint of [this.secretsManagerEndpoint, elastiCacheEndpoint]) endpoint.connections.allowDefaultPortFrom(rotation);

    this.api = new SampleApi(this, 'Api', {
      vpc: this.vpc,
      cache: this.cache,
      secretsManagerEndpoint: this.secretsManagerEndpoint,
      reservedConcurrentExecutions: reservedConcurrencyContext(this),
    });

    new CfnOutput(this, 'CacheEndpoint', { value: this.cache.primaryEndpoint.address, description: 'Primary endpoint (TLS)' });
    new CfnOutput(this, 'CacheReaderEndpoint', { value: this.cache.readerEndpoint.address, description: 'Reader endpoint (TLS)' });
    new CfnOutput(this, 'CachePort', { value: String(this.cache.port) });
    new CfnOutput(this, 'CacheAuthTokenSecretArn', { value: this.cache.authTokenSecret!.secretArn, description: 'AUTH token secret' });
    new CfnOutput(this, 'ReplicationGroupId', { value: this.cache.replicationGroupId });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'Subscribe to get the cache alarms' });
    new CfnOutput(this, 'CacheEventsTopicArn', {
      value: this.cacheEvents.topicArn,
      description: 'Subscribe to get the cache events (failover, node replacement, maintenance)',
    });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboard.dashboardName });
  }
}

/** Context key for the API Lambda's reserved concurrency: `cdk deploy -c reservedConcurrency=10`. */
export const RESERVED_CONCURRENCY_CONTEXT = 'reservedConcurrency';

/**
 * The API Lambda's reserved concurrency from context; none by default, because a new account's reduced concurrency
 * quota refuses any reservation (Lambda keeps a minimum of unreserved concurrency).
 */
function reservedConcurrencyContext(scope: Construct): number | undefined {
  const raw: unknown = scope.node.tryGetContext(RESERVED_CONCURRENCY_CONTEXT);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `context ${RESERVED_CONCURRENCY_CONTEXT} must be a whole number >= 1 (e.g. -c ${RESERVED_CONCURRENCY_CONTEXT}=10), got '${JSON.stringify(raw)}'`,
    );
  }
  return value;
}
