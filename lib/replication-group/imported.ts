import { Token, aws_ec2 as ec2, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { Construct } from 'constructs';
import { ReplicationGroupBase } from './base';
import { CacheEngine } from '../engine';
import { CacheValidationError, problem, throwIfInvalid } from '../errors';
import { CacheEndpoint } from './endpoint';
import { CacheMembers, explicitMembers, memberClusterIds, requireResolvedTopology, topologyProblems } from '../monitoring/member-clusters';
import { ClusterMode } from './props';

/** Attributes of an existing replication group. Only `replicationGroupId` is required. */
export interface ReplicationGroupAttributes {
  /** The replication group id. */
  readonly replicationGroupId: string;
  /**
   * The group's security groups, for `connections`.
   * @default - none: `connections` can grant nothing
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The port clients connect to.
   * @default - unknown: reading `port` or an endpoint throws
   */
  readonly port?: number;
  /**
   * Primary endpoint address (cluster mode disabled).
   * @default - unknown: reading `primaryEndpoint` throws
   */
  readonly primaryEndpointAddress?: string;
  /**
   * Reader endpoint address (cluster mode disabled).
   * @default - unknown: reading `readerEndpoint` throws
   */
  readonly readerEndpointAddress?: string;
  /**
   * Configuration endpoint address (cluster mode enabled).
   * @default - unknown: reading `configurationEndpoint` throws
   */
  readonly configurationEndpointAddress?: string;
  /**
   * The secret holding the AUTH token.
   * @default - none
   */
  readonly authTokenSecret?: secretsmanager.ISecret;
  /**
   * The engine and version.
   * @default - unknown: `engine` is undefined
   */
  readonly engine?: CacheEngine;
  /**
   * Replicas per shard (0–5), as created: with `numShards` and `clusterMode` it gives the member cluster ids that the
   * metric helpers, alarms and dashboard need. Ignored when `memberClusterIds` is given.
   * @default - unknown: per-node metrics, alarms and dashboards throw unless `memberClusterIds` is given
   */
  readonly replicasPerShard?: number;
  /**
   * Number of shards (node groups), 1–500.
   * @default 1
   */
  readonly numShards?: number;
  /**
   * Cluster mode of the group.
   * @default - ENABLED when `numShards` > 1, DISABLED otherwise
   */
  readonly clusterMode?: ClusterMode;
  /**
   * The `CacheClusterId` of every node (`MemberClusters` of DescribeReplicationGroups), when they do not follow the
   * topology: after resharding or replica changes, node ids are no longer consecutive.
   * @default - derived from `replicasPerShard`, `numShards` and `clusterMode`
   */
  readonly memberClusterIds?: string[];
}

/** A replication group defined outside this stack. */
export class ImportedReplicationGroup extends ReplicationGroupBase {
  public readonly replicationGroupId: string;
  public readonly connections: ec2.Connections;
  public readonly authTokenSecret?: secretsmanager.ISecret;
  public readonly engine?: CacheEngine;

  constructor(
    scope: Construct,
    id: string,
    private readonly attrs: ReplicationGroupAttributes,
  ) {
    super(scope, id);
    this.replicationGroupId = attrs.replicationGroupId;
    this.authTokenSecret = attrs.authTokenSecret;
    this.engine = attrs.engine;
    this.connections = cacheConnections(attrs.securityGroups, attrs.port);
  }

  /** @internal */
  public _cacheMembers(): CacheMembers {
    const { memberClusterIds: ids, replicasPerShard, numShards = 1 } = this.attrs;
    if (ids) return explicitMembers(ids);
    const replicas = this.required(
      'replicasPerShard',
      replicasPerShard,
      'replicasPerShard (with numShards and clusterMode) or memberClusterIds',
    );
    const clusterMode = this.attrs.clusterMode ?? (numShards > 1 ? ClusterMode.ENABLED : ClusterMode.DISABLED);
    const subject = `imported replication group '${this.describe()}'`;
    const topology = requireResolvedTopology(subject, { clusterMode, numShards, replicasPerShard: replicas });
    throwIfInvalid(subject, topologyProblems(topology));
    return { members: memberClusterIds(this.replicationGroupId, topology), hasReplicas: replicas > 0 };
  }

  public get port(): number {
    return this.required('port', this.attrs.port);
  }

  public get primaryEndpoint(): CacheEndpoint {
    return this.endpoint('primaryEndpointAddress', this.attrs.primaryEndpointAddress);
  }

  public get readerEndpoint(): CacheEndpoint {
    return this.endpoint('readerEndpointAddress', this.attrs.readerEndpointAddress);
  }

  public get configurationEndpoint(): CacheEndpoint {
    return this.endpoint('configurationEndpointAddress', this.attrs.configurationEndpointAddress);
  }

  private endpoint(attribute: keyof ReplicationGroupAttributes, address: string | undefined): CacheEndpoint {
    return new CacheEndpoint(this.required(attribute, address), this.port);
  }

  private describe(): string {
    return Token.isUnresolved(this.replicationGroupId) ? this.node.path : this.replicationGroupId;
  }

  private required<T>(attribute: keyof ReplicationGroupAttributes, value: T | undefined, what: string = attribute): T {
    if (value === undefined) {
      throw new CacheValidationError(
        `imported replication group '${this.describe()}'`,
        [problem('imported-attribute', `it has no ${what}: pass it to ReplicationGroup.fromReplicationGroupAttributes()`)],
        'missing attribute',
      );
    }
    return value;
  }
}
