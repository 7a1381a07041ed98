import { ArnFormat, Names, RemovalPolicy, Resource, Stack } from 'aws-cdk-lib';
import { CfnGlobalReplicationGroup, CfnParameterGroup, GlobalReplicationGroupReference } from 'aws-cdk-lib/aws-elasticache';
import { Construct, IConstruct } from 'constructs';
import { ReplicationGroupEngine } from '../replication-group/engine';
import { helperRemovalPolicies } from '../private/removal-policy';
import { idPerDeploymentWhenRetained, uniquePerDeploymentName } from '../private/names';
import { autoScaledDimensions } from '../replication-group/auto-scaling';
import { IReplicationGroup } from '../replication-group/base';
import { ReplicationGroup } from '../replication-group/replication-group';
import { joinGlobalDatastoreAsPrimary } from '../replication-group/secondary';
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
   * starting with a letter. Unique per account across regions; a change REPLACES the global datastore. A given suffix
   * is kept even when the global datastore is retained: after `cdk destroy` the kept one holds it, and the next
   * deployment fails with "already exists".
   * @default - the construct's unique name (it includes the stack), lowercase; when the global datastore is retained
   * (DeletionPolicy Retain: a retained primary, or `removalPolicy: RETAIN`), up to 21 characters of it plus 8 of the
   * stack id, so that each deployment gets its own
   */
  readonly globalReplicationGroupIdSuffix?: string;

  /**
   * The node type of every member, primary and secondaries: how to scale a global datastore up or down. ElastiCache
   * rejects a node type change on a member itself ("Replication Group [x] is a member of Global Replication Group [y],
   * hence NodeType property cannot be modified", cloudformation-coverage-roadmap #1965; checked 2026-12-04), so once the
   * primary has joined, change the node type here and keep the primary's `cacheNodeType` at the value it was created
   * with: CloudFormation then modifies only the AWS::ElastiCache::GlobalReplicationGroup (`CacheNodeType`, in place),
   * which scales every member online. CloudFormation creates a global datastore from its primary, so at creation this
   * must be the primary's (or unset).
   * @default - not set in the template: the primary's node type
   */
  readonly cacheNodeType?: string;

  /**
   * The engine version of every member: how to upgrade a global datastore (a newer version, or Redis OSS → Valkey;
   * never a downgrade). As for `cacheNodeType`, the members refuse the change themselves: upgrade here and keep the
   * primary's `engine` at its creation value. A major upgrade (a new parameter group family, e.g. valkey8 → valkey9)
   * also gets a new parameter group of that family, with the primary's parameters, which ElastiCache requires with a
   * major upgrade and accepts only then. CloudFormation ignores the version when it creates a global datastore (it
   * takes the primary's: cloudformation-coverage-roadmap #1539): set this only to upgrade.
   * @default - not set in the template: the primary's engine and version
   */
  readonly engine?: ReplicationGroupEngine;

  /**
   * The number of shards of every member (`GlobalNodeGroupCount`), cluster mode only: how to reshard a global
   * datastore. The members refuse a shard count change themselves: reshard here and keep the primary's `numShards` at
   * its creation value. ElastiCache adds or removes the shards in every region, online.
   * @default - not set in the template: the primary's number of shards
   */
  readonly numShards?: number;

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
 * Scaling and upgrading go through this construct (`cacheNodeType`, `engine`, `numShards`): ElastiCache rejects those
 * changes on a member, so the primary keeps the values it was created with, and the secondaries leave them out. Auto
 * scaling is not supported in a global datastore (`auto-scaling-global-datastore`). To delete, destroy the secondaries'
 * stacks first (each depends on this one, so `cdk destroy --all` does): ElastiCache deletes a global datastore only
 * once it has no secondary.
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
    // The suffix as the rules check it: the one given, else one generated from the construct path.
    const fixedSuffix = props.globalReplicationGroupIdSuffix ?? Names.uniqueResourceName(this, { maxLength: 30 }).toLowerCase();
    const removalPolicy = props.removalPolicy ?? helperRemovalPolicies(primary.removalPolicy ?? RemovalPolicy.DESTROY).network;
    applyRuleTable(
      this,
      `GlobalDatastore ${this.node.path}`,
      {
        primary,
        suffix: fixedSuffix,
        region: Stack.of(this).region,
        primaryRegion,
        cacheNodeType: props.cacheNodeType,
        engine: props.engine,
        numShards: props.numShards,
        primaryAutoScaling: autoScaledDimensions(props.primary),
      },
      GLOBAL_DATASTORE_RULES,
    );
    // From now on the primary refuses auto scaling (auto-scaling-global-datastore).
    joinGlobalDatastoreAsPrimary(props.primary);

    const engineChange = props.engine && primary.engine && props.engine.name !== primary.engine.name ? props.engine.name : undefined;
    this.cfnGlobalReplicationGroup = new CfnGlobalReplicationGroup(this, 'Resource', {
      // A generated suffix is unique per deployment when the global datastore is retained (lib/private/names.ts); the
      // suffix is write-only and a new one makes a new global datastore, so a deployment that keeps nothing keeps it.
      globalReplicationGroupIdSuffix:
        props.globalReplicationGroupIdSuffix ??
        idPerDeploymentWhenRetained(
          () => this.cfnGlobalReplicationGroup,
          fixedSuffix,
          () => uniquePerDeploymentName(this, 30, { lowercase: true }),
        ),
      globalReplicationGroupDescription: props.description ?? `ElastiCache global datastore ${this.node.path}`,
      // Only the primary: a secondary joins by naming the global datastore (its GlobalReplicationGroupId), from its
      // own region's stack.
      members: [{ replicationGroupId: props.primary.replicationGroupId, replicationGroupRegion: primaryRegion, role: 'PRIMARY' }],
      // What the members share, changed here and only here (each updates in place: lib/facts/replacement.ts). Set only
      // when given, so that the template of a global datastore nobody scales stays as it was.
      cacheNodeType: props.cacheNodeType,
      engine: engineChange,
      engineVersion: props.engine?.version,
      cacheParameterGroupName: this.majorUpgradeParameterGroup(props, primary, removalPolicy)?.ref,
      globalNodeGroupCount: props.numShards,
    });
    this.cfnGlobalReplicationGroup.applyRemovalPolicy(removalPolicy);

    this.globalReplicationGroupId = this.cfnGlobalReplicationGroup.attrGlobalReplicationGroupId;
    this.globalReplicationGroupArn = this.cfnGlobalReplicationGroup.attrArn;
    // What every member runs now: the secondaries read it (and check what they repeat of it against it).
    this.engine = props.engine ?? primary.engine;
    this.cacheNodeType = props.cacheNodeType ?? primary.cacheNodeType;
    this.clusterMode = primary.clusterMode;
    this.numShards = props.numShards ?? primary.numShards;
    this.multiAz = primary.multiAz;
    this.port = primary.port;
  }

  /**
   * The parameter group a major engine upgrade of the global datastore needs: ModifyGlobalReplicationGroup takes a
   * CacheParameterGroupName "compatible with the major engine version", and only together with a major version change
   * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyGlobalReplicationGroup.html; "does not
   * support cache parameter group modification without a change in major engine version", terraform-provider-aws
   * #49110; checked 2026-12-04). It carries the primary's parameters and the cluster mode, and has no fixed name (a
   * later major upgrade creates the next one). Undefined when the family does not change.
   */
  private majorUpgradeParameterGroup(
    props: GlobalDatastoreProps,
    primary: GlobalDatastorePrimary,
    removalPolicy: RemovalPolicy,
  ): CfnParameterGroup | undefined {
    const family = props.engine?.parameterGroupFamily;
    if (!family || !primary.engine || family === primary.engine.parameterGroupFamily) return undefined;
    const parameters = props.primary instanceof ReplicationGroup ? props.primary._parameterGroupParameters() : {};
    const group = new CfnParameterGroup(this, 'ParameterGroup', {
      cacheParameterGroupFamily: family,
      description: `ElastiCache global datastore ${this.node.path} (${props.engine.toString()})`,
      properties: {
        ...parameters,
        ...(primary.clusterMode ? { 'cluster-enabled': primary.clusterMode === ClusterMode.ENABLED ? 'yes' : 'no' } : {}),
      },
    });
    group.applyRemovalPolicy(removalPolicy);
    return group;
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
