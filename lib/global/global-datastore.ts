import { ArnFormat, Names, RemovalPolicy, Resource, Stack } from 'aws-cdk-lib';
import { CfnGlobalReplicationGroup, GlobalReplicationGroupReference } from 'aws-cdk-lib/aws-elasticache';
import { Construct, IConstruct } from 'constructs';
import { ReplicationGroupEngine } from '../replication-group/engine';
import { helperRemovalPolicies } from '../private/removal-policy';
import { IReplicationGroup } from '../replication-group/base';
import { ClusterMode, IGlobalDatastore } from '../replication-group/props';
import { knownAttribute } from '../shared/imported-attribute';
import { applyRuleTable } from '../shared/rule-table';
import { GLOBAL_DATASTORE_RULES, GlobalDatastorePrimary } from './validation-rules';

/** Properties of a {@link GlobalDatastore}. */
export interface GlobalDatastoreProps {
  /**
   * The primary (read-write) replication group, in this stack's region. It is validated for the global datastore
   * prerequisites (engine, node type, no durability) with what IReplicationGroup tells: everything for a
   * ReplicationGroup of this app, what its attributes say for an imported one.
   */
  readonly primary: IReplicationGroup;

  /**
   * The suffix of the global datastore's id (ElastiCache prepends a region prefix): letters, digits and hyphens,
   * starting with a letter. Unique per account across regions; a change REPLACES the global datastore.
   * @default - the construct's unique name (it includes the stack), lowercase
   */
  readonly globalReplicationGroupIdSuffix?: string;

  /**
   * Description of the global datastore.
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * What happens to the global datastore (the link between the regions, not the data) when it is removed from the
   * stack. Deleting it keeps the primary replication group.
   * @default - RETAIN when the primary is retained, DESTROY otherwise
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Attributes of an existing global datastore. Only `globalReplicationGroupId` is required. */
export interface GlobalDatastoreAttributes {
  /** The global datastore's full id (with the region prefix). */
  readonly globalReplicationGroupId: string;
  /**
   * The engine and version; secondaries use it (and validate theirs against it) when given.
   * @default - unknown: a secondary's engine comes from its own props
   */
  readonly engine?: ReplicationGroupEngine;
  /**
   * The node type.
   * @default - unknown
   */
  readonly cacheNodeType?: string;
  /**
   * The cluster mode.
   * @default - unknown
   */
  readonly clusterMode?: ClusterMode;
  /**
   * The number of shards.
   * @default - unknown
   */
  readonly numShards?: number;
  /**
   * Whether the primary is Multi-AZ.
   * @default - unknown
   */
  readonly multiAz?: boolean;
  /**
   * The primary's port.
   * @default - unknown
   */
  readonly port?: number;
  /**
   * The primary's region.
   * @default - unknown
   */
  readonly primaryRegion?: string;
}

/** ElastiCache's ARN of a global datastore: global, so without a region. */
function globalDatastoreArn(scope: IConstruct, id: string): string {
  return Stack.of(scope).formatArn({
    service: 'elasticache',
    region: '',
    resource: 'globalreplicationgroup',
    resourceName: id,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * A global datastore: a primary replication group in this stack's region, replicated asynchronously (typically under
 * a second) to read-only secondary replication groups in up to two other regions, each created in a stack of its
 * region with `new ReplicationGroup(stack, id, { vpc, globalDatastore })`. Those stacks need an explicit `env` region
 * and `crossRegionReferences: true`: the secondary reads the global datastore's id through CDK's cross-region
 * references (an SSM parameter written in this region, read by a custom resource in the secondary's).
 *
 * Failover is not automatic across regions ("ElastiCache doesn't support autofailover from one AWS Region to another",
 * the prerequisites page). To promote a secondary while both regions work (a planned switch, no acknowledged write is
 * lost): `aws elasticache failover-global-replication-group --global-replication-group-id <id> --primary-region
 * <the secondary's region> --primary-replication-group-id <the secondary's id>`
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_FailoverGlobalReplicationGroup.html); the old
 * primary becomes a secondary. If the primary region is down, remove the secondary from the global datastore
 * (`disassociate-global-replication-group`,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DisassociateGlobalReplicationGroup.html): it
 * becomes a standalone read-write group, and the writes replication had not yet carried over (typically under a second)
 * are lost. Either way the stacks keep describing the original roles: see the README before the next deployment.
 *
 * @example
 * const east = new Stack(app, 'CacheEast', { env: { region: 'us-east-1' } });
 * const west = new Stack(app, 'CacheWest', { env: { region: 'us-west-2' }, crossRegionReferences: true });
 * const primary = new ReplicationGroup(east, 'Cache', { vpc: new ec2.Vpc(east, 'Vpc') });
 * const datastore = new GlobalDatastore(east, 'Global', { primary });
 * new ReplicationGroup(west, 'Cache', { vpc: new ec2.Vpc(west, 'Vpc'), globalDatastore: datastore });
 */
export class GlobalDatastore extends Resource implements IGlobalDatastore {
  /** Imports an existing global datastore, for secondaries that join it. */
  public static fromGlobalDatastoreAttributes(scope: Construct, id: string, attrs: GlobalDatastoreAttributes): IGlobalDatastore {
    return new ImportedGlobalDatastore(scope, id, attrs);
  }

  public readonly globalReplicationGroupId: string;
  public readonly globalReplicationGroupArn: string;
  public readonly engine?: ReplicationGroupEngine;
  public readonly cacheNodeType?: string;
  public readonly clusterMode?: ClusterMode;
  public readonly numShards?: number;
  public readonly multiAz?: boolean;
  public readonly port?: number;
  public readonly primaryRegion?: string;
  /** The primary replication group. */
  public readonly primary: IReplicationGroup;
  /** The L1 resource, for escape hatches. */
  public readonly cfnGlobalReplicationGroup: CfnGlobalReplicationGroup;

  constructor(scope: Construct, id: string, props: GlobalDatastoreProps) {
    super(scope, id);
    const primary = describePrimary(props.primary);
    this.primary = props.primary;
    const primaryRegion = Stack.of(props.primary).region;
    this.primaryRegion = primaryRegion;
    const suffix = props.globalReplicationGroupIdSuffix ?? Names.uniqueResourceName(this, { maxLength: 30 }).toLowerCase();
    applyRuleTable(
      this,
      `GlobalDatastore ${this.node.path}`,
      { primary, suffix, region: Stack.of(this).region, primaryRegion },
      GLOBAL_DATASTORE_RULES,
    );

    this.cfnGlobalReplicationGroup = new CfnGlobalReplicationGroup(this, 'Resource', {
      globalReplicationGroupIdSuffix: suffix,
      globalReplicationGroupDescription: props.description ?? `ElastiCache global datastore ${this.node.path}`,
      // Only the primary: a secondary joins by naming the global datastore (its GlobalReplicationGroupId), from its
      // own region's stack.
      members: [{ replicationGroupId: props.primary.replicationGroupId, replicationGroupRegion: primaryRegion, role: 'PRIMARY' }],
    });
    this.cfnGlobalReplicationGroup.applyRemovalPolicy(
      props.removalPolicy ?? helperRemovalPolicies(primary.removalPolicy ?? RemovalPolicy.DESTROY).network,
    );

    this.globalReplicationGroupId = this.cfnGlobalReplicationGroup.attrGlobalReplicationGroupId;
    this.globalReplicationGroupArn = this.cfnGlobalReplicationGroup.attrArn;
    this.engine = primary.engine;
    this.cacheNodeType = primary.cacheNodeType;
    this.clusterMode = primary.clusterMode;
    this.numShards = primary.numShards;
    this.multiAz = primary.multiAz;
    this.port = primary.port;
  }

  public get globalReplicationGroupRef(): GlobalReplicationGroupReference {
    return { globalReplicationGroupId: this.globalReplicationGroupId, globalReplicationGroupArn: this.globalReplicationGroupArn };
  }
}

/**
 * What the rules and the secondaries need to know of the primary, read through IReplicationGroup: all of it for a
 * ReplicationGroup of this app, what its attributes say for an import (an import without a port has none here).
 */
function describePrimary(primary: IReplicationGroup): GlobalDatastorePrimary {
  return {
    engine: primary.engine,
    cacheNodeType: primary.cacheNodeType,
    clusterMode: primary.clusterMode,
    numShards: primary.numShards,
    multiAz: primary.multiAz,
    port: knownAttribute(() => primary.port),
    durability: primary.durability,
    removalPolicy: primary.removalPolicy,
  };
}

/** A global datastore defined outside this app (or in another app's stack). */
class ImportedGlobalDatastore extends Resource implements IGlobalDatastore {
  public readonly globalReplicationGroupId: string;
  public readonly globalReplicationGroupArn: string;
  public readonly engine?: ReplicationGroupEngine;
  public readonly cacheNodeType?: string;
  public readonly clusterMode?: ClusterMode;
  public readonly numShards?: number;
  public readonly multiAz?: boolean;
  public readonly port?: number;
  public readonly primaryRegion?: string;

  constructor(scope: Construct, id: string, attrs: GlobalDatastoreAttributes) {
    super(scope, id);
    this.globalReplicationGroupId = attrs.globalReplicationGroupId;
    this.globalReplicationGroupArn = globalDatastoreArn(this, attrs.globalReplicationGroupId);
    this.engine = attrs.engine;
    this.cacheNodeType = attrs.cacheNodeType;
    this.clusterMode = attrs.clusterMode;
    this.numShards = attrs.numShards;
    this.multiAz = attrs.multiAz;
    this.port = attrs.port;
    this.primaryRegion = attrs.primaryRegion;
  }

  public get globalReplicationGroupRef(): GlobalReplicationGroupReference {
    return { globalReplicationGroupId: this.globalReplicationGroupId, globalReplicationGroupArn: this.globalReplicationGroupArn };
  }
}
