import { RemovalPolicy, Token, aws_ec2 as ec2, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { Construct } from 'constructs';
import { AuthenticationMode } from '../auth/authentication';
import { ICacheUserGroup } from '../auth/user-group';
import { CacheAccessOptions } from '../connect/grant-access';
import { ReplicationGroupAccess, ReplicationGroupBase } from './base';
import { ReplicationGroupEngine } from './engine';
import { throwIfInvalid } from '../shared/errors';
import { ImportedCache, requireImportedAttribute, requireImportedAttributes } from '../shared/imported-attribute';
import { CacheEndpoint } from '../shared/endpoint';
import { CacheMembers, explicitMembers } from '../monitoring/metrics';
import { storedId } from '../private/stored-id';
import { memberClusterIds, requireResolvedTopology, topologyProblems } from './topology';
import { ClusterMode, Durability } from './props';

/** Attributes of an existing replication group. Only `replicationGroupId` is required. */
export interface ReplicationGroupAttributes {
  /** The replication group id, in any case: ElastiCache stores it in lower case, and the import uses that form. */
  readonly replicationGroupId: string;
  /**
   * The group's security groups, for `connections` (and `grantAccess`, which opens the port through them; pass `[]` when
   * the network is opened elsewhere).
   * @default - unknown: `connections` can grant nothing, and `grantAccess` fails (`imported-security-groups`)
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
   * How clients authenticate: what `grantAccess` grants and tells the client.
   * @default - unknown: `grantAccess` fails (`imported-authentication-mode`)
   */
  readonly authenticationMode?: AuthenticationMode;
  /**
   * The secret holding the AUTH token; `grantAccess` needs it with AuthenticationMode.AUTH_TOKEN.
   * @default - none
   */
  readonly authTokenSecret?: secretsmanager.ISecret;
  /**
   * The user group (RBAC and IAM modes): `grantAccess` then checks that its user is in the group.
   * @default - unknown: the membership check is skipped
   */
  readonly userGroup?: ICacheUserGroup;
  /**
   * The VPC of the group: `grantAccess` then checks that the grantee is in it.
   * @default - unknown: the VPC check is skipped
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The engine and version.
   * @default - unknown: `engine` is undefined
   */
  readonly engine?: ReplicationGroupEngine;
  /**
   * The node type; a global datastore checks it when this group is its primary.
   * @default - unknown
   */
  readonly cacheNodeType?: string;
  /**
   * Whether the group is Multi-AZ with automatic failover; a global datastore's secondaries inherit it.
   * @default - unknown
   */
  readonly multiAz?: boolean;
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
   * Cluster mode of the group: which endpoint `grantAccess` gives the client, and the member ids of the metrics.
   * @default - ENABLED when `numShards` > 1; otherwise unknown: `grantAccess` fails (`imported-cluster-mode`) and the
   * member ids assume DISABLED
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
  public readonly engine?: ReplicationGroupEngine;
  public readonly cacheNodeType?: string;
  public readonly clusterMode?: ClusterMode;
  public readonly numShards?: number;
  public readonly multiAz?: boolean;
  public readonly durability?: Durability;
  public readonly removalPolicy?: RemovalPolicy;

  constructor(
    scope: Construct,
    id: string,
    private readonly attrs: ReplicationGroupAttributes,
  ) {
    super(scope, id);
    // The id as ElastiCache stores it (lower case), for the ARN, the metric dimensions and the IAM token alike.
    this.replicationGroupId = storedId(attrs.replicationGroupId);
    this.authTokenSecret = attrs.authTokenSecret;
    this.engine = attrs.engine;
    this.cacheNodeType = attrs.cacheNodeType;
    this.numShards = attrs.numShards;
    this.clusterMode = attrs.clusterMode ?? (attrs.numShards !== undefined && attrs.numShards > 1 ? ClusterMode.ENABLED : undefined);
    this.multiAz = attrs.multiAz;
    this.connections = cacheConnections(attrs.securityGroups, attrs.port);
  }

  /** @internal */
  public _cacheMembers(): CacheMembers {
    const { memberClusterIds: ids, replicasPerShard, numShards = 1 } = this.attrs;
    if (ids) return explicitMembers(ids.map(storedId));
    const replicas = this.required(
      'replicasPerShard',
      replicasPerShard,
      'replicasPerShard (with numShards and clusterMode) or memberClusterIds',
    );
    const clusterMode = this.attrs.clusterMode ?? (numShards > 1 ? ClusterMode.ENABLED : ClusterMode.DISABLED);
    const subject = `imported replication group '${Token.isUnresolved(this.replicationGroupId) ? this.node.path : this.replicationGroupId}'`;
    const topology = requireResolvedTopology(subject, { clusterMode, numShards, replicasPerShard: replicas });
    throwIfInvalid(subject, topologyProblems(topology));
    return { members: memberClusterIds(this.replicationGroupId, topology, this.node.path), hasReplicas: replicas > 0 };
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

  /** @internal */
  public _accessFacts(options: CacheAccessOptions): ReplicationGroupAccess {
    const { attrs, clusterMode } = this;
    const endpoint: keyof ReplicationGroupAttributes =
      clusterMode === ClusterMode.ENABLED
        ? 'configurationEndpointAddress'
        : options.readOnly
          ? 'readerEndpointAddress'
          : 'primaryEndpointAddress';
    requireImportedAttributes(this.importedAs(), 'grantAccess', {
      clusterMode,
      authenticationMode: attrs.authenticationMode,
      port: attrs.port,
      securityGroups: attrs.securityGroups,
      // The endpoint depends on the cluster mode: asked for once that is known.
      ...(clusterMode !== undefined ? { [endpoint]: attrs[endpoint] } : {}),
      ...(attrs.authenticationMode === AuthenticationMode.AUTH_TOKEN ? { authTokenSecret: attrs.authTokenSecret } : {}),
    });
    return { vpc: attrs.vpc, clusterMode: clusterMode!, authenticationMode: attrs.authenticationMode!, userGroup: attrs.userGroup };
  }

  private endpoint(attribute: keyof ReplicationGroupAttributes, address: string | undefined): CacheEndpoint {
    return new CacheEndpoint(this.required(attribute, address), this.port);
  }

  private required<T>(attribute: keyof ReplicationGroupAttributes, value: T | undefined, what?: string): T {
    return requireImportedAttribute(this.importedAs(), attribute, value, { what });
  }

  private importedAs(): ImportedCache {
    return {
      scope: this,
      kind: 'replication group',
      name: this.replicationGroupId,
      importMethod: 'ReplicationGroup.fromReplicationGroupAttributes',
    };
  }
}
