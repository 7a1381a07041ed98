import {
  Duration,
  RemovalPolicy,
  Stack,
  Stage,
  Token,
  Validations,
  aws_applicationautoscaling as appscaling,
  aws_ec2 as ec2,
  aws_kms as kms,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { AuthTokenRotation } from '../auth/auth-token-rotation';
import { UserPasswordRotation, addUserPasswordRotations } from '../auth/password-rotation';
import { AuthenticationConfig, AuthenticationMode, CacheAuthentication } from '../auth/authentication';
import { createCacheKey } from '../private/encryption-key';
import { createCacheSecurityGroup } from '../network/security-group';
import { createSubnetGroup } from '../network/subnet-group';
import { knownZones, selectCacheSubnets } from '../network/subnets';
import { IReplicationGroup, ReplicationGroupAccess, ReplicationGroupBase } from './base';
import { toCfnReplicationGroupProps } from './cfn-props';
import { ReplicationGroupConfig, resolveConfig } from './config';
import { CacheEndpoint } from '../shared/endpoint';
import { ImportedReplicationGroup, ReplicationGroupAttributes } from './imported';
import { ReplicationGroupEngine } from './engine';
import { createParameterGroup, parameterGroupProperties } from './parameter-group';
import { ICacheUserGroup } from '../auth/user-group';
import { HelperRemovalPolicies, helperRemovalPolicies } from '../private/removal-policy';
import { ClusterMode, Durability, IGlobalDatastore, ReplicationGroupProps } from './props';
import { REPLICATION_GROUP_RULES } from './validation-rules';
import { applyRuleTable } from '../shared/rule-table';
import { GLOBAL_SECONDARY_RULES, joinGlobalDatastore } from './secondary';
import { CacheValidationError, problem } from '../shared/errors';
import { ReplicaAutoScalingProps, ScalingDimension, ShardAutoScalingProps, autoScale } from './auto-scaling';
import { logDeliveryConfigurations } from '../monitoring/log-delivery';
import { CacheMembers } from '../monitoring/metrics';
import { memberClusterIds, requireResolvedTopology } from './topology';
import { notificationTopicArn } from '../monitoring/notifications';

/**
 * A highly available Valkey / Redis OSS replication group in a VPC, secure by default: Multi-AZ with automatic
 * failover, TLS required, a customer-managed KMS key at rest, an AUTH token in Secrets Manager, 15 days of backups
 * and a final snapshot on delete or replacement.
 *
 * @example
 * const cache = new ReplicationGroup(this, 'Cache', { vpc });
 * cache.grantAccess(fn);
 */
export class ReplicationGroup extends ReplicationGroupBase {
  /** Imports an existing replication group. Attributes not supplied throw a clear error when read. */
  public static fromReplicationGroupAttributes(scope: Construct, id: string, attrs: ReplicationGroupAttributes): IReplicationGroup {
    return new ImportedReplicationGroup(scope, id, attrs);
  }

  public readonly replicationGroupId: string;
  public readonly connections: ec2.Connections;
  public readonly port: number;
  /** The engine and version. */
  public readonly engine?: ReplicationGroupEngine;
  // Always set on a group created here; declared optional as on IReplicationGroup, which an import implements too
  // (jsii rejects an implementation that turns an optional property required).
  /** Whether keys are sharded over node groups; decides which endpoints exist. */
  public readonly clusterMode?: ClusterMode;
  /** The node type. */
  public readonly cacheNodeType?: string;
  /** The number of shards (node groups) the group was created with. */
  public readonly numShards?: number;
  /** Whether the nodes of each shard are spread over Availability Zones with automatic failover. */
  public readonly multiAz?: boolean;
  /** The durability asked for; `effectiveDurability` is what ElastiCache applied. */
  public readonly durability?: Durability;
  /** The removal policy of the group. */
  public readonly removalPolicy?: RemovalPolicy;
  /** The authentication mode in force. */
  public readonly authenticationMode: AuthenticationMode;
  public readonly authTokenSecret?: secretsmanager.ISecret;
  /** The KMS key that encrypts the data at rest. */
  public readonly encryptionKey: kms.IKey;
  /** The AUTH token rotation (its Lambda), when rotation is on. */
  public readonly authTokenRotation?: AuthTokenRotation;
  /** The rotations of user passwords this group runs (`UserAuthentication.password({ rotation })` users of its group). */
  public readonly passwordRotations: UserPasswordRotation[];
  /** The L1 resource, for escape hatches. */
  public readonly cfnReplicationGroup: CfnReplicationGroup;
  /** The VPC the cache is in. */
  public readonly vpc: ec2.IVpc;

  constructor(scope: Construct, id: string, props: ReplicationGroupProps) {
    super(scope, id);
    const config = resolveConfig(props);
    const subnets = props.subnetGroup ? undefined : selectCacheSubnets(`ReplicationGroup ${this.node.path}`, props.vpc, props.vpcSubnets);
    // A secondary counts itself among its global datastore's secondaries before the rules check the count.
    const secondaryNumber = props.globalDatastore ? joinGlobalDatastore(props.globalDatastore, this) : undefined;
    this.validate(props, config, subnets, secondaryNumber);

    const description = props.description ?? `ElastiCache replication group ${this.node.path}`;
    // Helpers the construct creates follow the cache's removal policy (a given resource is left alone).
    const removal = helperRemovalPolicies(config.removalPolicy);
    const subnetGroupName = props.subnetGroup
      ? props.subnetGroup.subnetGroupRef.cacheSubnetGroupName
      : createSubnetGroup(this, 'SubnetGroup', subnets!, description, removal.network).ref;
    const securityGroups = props.securityGroups ?? [
      createCacheSecurityGroup(this, 'SecurityGroup', props.vpc, description, removal.network),
    ];
    this.encryptionKey = props.encryptionKey ?? createCacheKey(this, description, removal.keyAndLogs);
    // A global datastore's secondary uses the primary's parameter group.
    const parameterGroup = config.globalDatastore ? undefined : createParameterGroup(this, 'ParameterGroup', config, description);
    parameterGroup?.applyRemovalPolicy(removal.network);
    const auth = (props.authentication ?? CacheAuthentication.authToken())._bind(this, {
      encryptionKey: this.encryptionKey,
      engine: config.engine,
      credentialsRemovalPolicy: removal.credentials,
    });

    this.cfnReplicationGroup = new CfnReplicationGroup(
      this,
      'Resource',
      toCfnReplicationGroupProps(config, {
        description,
        subnetGroupName,
        securityGroupIds: securityGroups.map((sg) => sg.securityGroupId),
        parameterGroupName: parameterGroup?.ref,
        kmsKeyId: this.encryptionKey.keyArn,
        auth,
        logDeliveryConfigurations: logDeliveryConfigurations(this, props.logging, {
          encryptionKey: this.encryptionKey,
          removalPolicy: removal.keyAndLogs,
        }),
        notificationTopicArn: notificationTopicArn(props.notificationTopic),
      }),
    );
    this.cfnReplicationGroup.applyRemovalPolicy(config.removalPolicy);
    if (config.clusterMode === ClusterMode.ENABLED) {
      // Without this policy a change of NumNodeGroups replaces the whole group instead of resharding it online.
      this.cfnReplicationGroup.cfnOptions.updatePolicy = { useOnlineResharding: true };
    }

    this.replicationGroupId = this.cfnReplicationGroup.ref;
    this.port = config.port;
    this.engine = config.engine;
    this.clusterMode = config.clusterMode;
    this.cacheNodeType = config.cacheNodeType;
    this.numShards = config.numShards;
    this.multiAz = config.multiAz;
    this.durability = config.durability;
    this.removalPolicy = config.removalPolicy;
    this.authenticationMode = auth.mode;
    this.authTokenSecret = auth.secret;
    this.vpc = props.vpc;
    this.userGroup = auth.userGroup;
    this.connections = cacheConnections(securityGroups, config.port);
    this.config = config;
    this.authTokenRotation = this.configureAuthentication(auth, props, removal);
    // Users of the group that rotate their password: their Lambda runs in this group's subnets and tests against it.
    this.passwordRotations = addUserPasswordRotations(this, auth.userGroup, () => ({
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnets: selectCacheSubnets(`ReplicationGroup ${this.node.path}`, props.vpc, undefined).subnets },
      connections: this.connections,
      endpoint: config.clusterMode === ClusterMode.ENABLED ? this.configurationEndpoint : this.primaryEndpoint,
      encryptionKey: this.encryptionKey,
      logRemovalPolicy: removal.keyAndLogs,
    }));
    if (config.globalDatastore) this.configureSecondary(config.globalDatastore);
  }

  /**
   * A global datastore's secondary: what cdk-nag cannot see, and the order of `cdk destroy --all`.
   *
   * AwsSolutions-AEC3 (encryption at rest and in transit) and AEC4 (Multi-AZ) read TransitEncryptionEnabled,
   * AtRestEncryptionEnabled and MultiAZEnabled, which a secondary must leave out: it inherits them from the primary
   * (see InheritedFromPrimary in cfn-props.ts), whose own template has them and passes both rules.
   *
   * ElastiCache deletes a global datastore only once it has no secondary ("First, you must
   * DisassociateGlobalReplicationGroup to remove the secondary clusters", DeleteGlobalReplicationGroup,
   * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteGlobalReplicationGroup.html, checked
   * 2026-12-04), so the secondary's stack goes first: it depends on the stack of a global datastore of this app, and
   * `cdk destroy --all` destroys dependents first. (CDK's cross-region reference already implies this dependency;
   * it is stated here so that the order never rests on how the id is passed.)
   */
  private configureSecondary(globalDatastore: IGlobalDatastore): void {
    for (const id of ['AwsSolutions-AEC3', 'AwsSolutions-AEC4']) {
      Validations.of(this.cfnReplicationGroup).acknowledge({
        id,
        reason: `A secondary of global datastore ${globalDatastore.node.path} inherits encryption at rest, encryption in transit and Multi-AZ from the primary, and must leave them out of its template.`,
      });
    }
    const globalStack = Stack.of(globalDatastore);
    // Stacks of one Stage (assembly) only: CDK orders no deployment across assemblies.
    if (globalStack !== Stack.of(this) && Stage.of(globalStack) === Stage.of(this)) {
      Stack.of(this).addStackDependency(globalStack, `the secondary ${this.node.path} must be deleted before its global datastore`);
    }
  }

  /**
   * The parameters of this group's parameter group (the given ones and `cluster-enabled`), for the parameter group a
   * global datastore's major upgrade needs.
   * @internal
   */
  public _parameterGroupParameters(): Record<string, string> {
    return parameterGroupProperties(this.config);
  }

  private configureAuthentication(
    auth: AuthenticationConfig,
    props: ReplicationGroupProps,
    removal: HelperRemovalPolicies,
  ): AuthTokenRotation | undefined {
    if (auth.userGroup) {
      // A switch from an AUTH token to a user group replaces a deployed group (lib/facts/replacement.ts), but synth
      // cannot tell a new cache from a switched one: a warning here would fire on every new RBAC or IAM cache. The
      // reviewer, which sees the deployed template beside the new one, reports the switch as a replacement.
      // cdk-nag's AwsSolutions-AEC6 reads only AuthToken; a user group is the stronger control it cannot see.
      Validations.of(this.cfnReplicationGroup).acknowledge({
        id: 'AwsSolutions-AEC6',
        reason: `Clients authenticate as RBAC users of user group ${this.node.path} (mode ${auth.mode}) instead of a shared AUTH token.`,
      });
    }
    if (auth.rotation && auth.secret) {
      return new AuthTokenRotation(this, 'AuthTokenRotation', {
        secret: auth.secret,
        replicationGroupId: this.replicationGroupId,
        replicationGroupArn: this.replicationGroupArn,
        vpc: props.vpc,
        vpcSubnets: props.vpcSubnets ?? { subnets: selectCacheSubnets(`ReplicationGroup ${this.node.path}`, props.vpc, undefined).subnets },
        cacheConnections: this.connections,
        automaticallyAfter: auth.rotation.automaticallyAfter ?? Duration.days(30),
        reservedConcurrentExecutions: auth.rotation.reservedConcurrentExecutions,
        logEncryptionKey: auth.rotation.logEncryptionKey ?? this.encryptionKey,
        logRemovalPolicy: removal.keyAndLogs,
        secretEncryptionKey: auth.secret.encryptionKey ?? this.encryptionKey,
      });
    }
    return undefined;
  }

  private readonly config: ReplicationGroupConfig;

  /** @internal */
  public _cacheMembers(): CacheMembers {
    const topology = requireResolvedTopology(`ReplicationGroup ${this.node.path}`, this.config);
    // A chosen id gives literal member ids; a generated one, joins on the Ref.
    const chosen = this.config.replicationGroupId;
    const id = chosen !== undefined && !Token.isUnresolved(chosen) ? chosen : this.replicationGroupId;
    return { members: memberClusterIds(id, topology, this.node.path), hasReplicas: topology.replicasPerShard > 0 };
  }

  /**
   * Auto scales the number of shards with Application Auto Scaling, tracking primary engine CPU and/or memory (targets
   * 35–70 percent). Needs cluster mode and a supported node type (r8g, r7g, r6g, r6gd, r5, m8g, m7g, m6g, m5, c8gn,
   * c7gn; large to 2xlarge); not possible in a global datastore (scale it with the GlobalDatastore's props). `numShards`
   * stays the count at creation: do not change it while auto scaling runs. Per-node alarms and the dashboard cover
   * the shards the group was created with.
   */
  public autoScaleShards(props: ShardAutoScalingProps): appscaling.ScalableTarget {
    return autoScale(this, 'ShardAutoScaling', ScalingDimension.SHARDS, props, this.scalingContext());
  }

  /**
   * Auto scales the replicas of every shard with Application Auto Scaling, tracking replica engine CPU. Needs cluster
   * mode and a supported node type, and no global datastore; replicas range 0–5 (at least 1 with Multi-AZ).
   */
  public autoScaleReplicas(props: ReplicaAutoScalingProps): appscaling.ScalableTarget {
    return autoScale(this, 'ReplicaAutoScaling', ScalingDimension.REPLICAS, props, this.scalingContext());
  }

  private scalingContext() {
    return { replicationGroupId: this.replicationGroupId, config: this.config, subject: `ReplicationGroup ${this.node.path}` };
  }

  private readonly userGroup?: ICacheUserGroup;

  /** @internal */
  public _accessFacts(): ReplicationGroupAccess {
    return { vpc: this.vpc, clusterMode: this.config.clusterMode, authenticationMode: this.authenticationMode, userGroup: this.userGroup };
  }

  /**
   * The durability ElastiCache applied (`sync`, `async` or `disabled`), after resolving its default.
   * @attribute EffectiveDurability
   */
  public get effectiveDurability(): string {
    return this.cfnReplicationGroup.attrEffectiveDurability;
  }

  public get primaryEndpoint(): CacheEndpoint {
    this.requireClusterMode(ClusterMode.DISABLED, 'primaryEndpoint', 'configurationEndpoint');
    return new CacheEndpoint(this.cfnReplicationGroup.attrPrimaryEndPointAddress, this.port);
  }

  public get readerEndpoint(): CacheEndpoint {
    this.requireClusterMode(ClusterMode.DISABLED, 'readerEndpoint', 'configurationEndpoint');
    return new CacheEndpoint(this.cfnReplicationGroup.attrReaderEndPointAddress, this.port);
  }

  public get configurationEndpoint(): CacheEndpoint {
    this.requireClusterMode(ClusterMode.ENABLED, 'configurationEndpoint', 'primaryEndpoint and readerEndpoint');
    return new CacheEndpoint(this.cfnReplicationGroup.attrConfigurationEndPointAddress, this.port);
  }

  private requireClusterMode(mode: ClusterMode, attribute: string, alternative: string): void {
    if (this.config.clusterMode !== mode) {
      throw new CacheValidationError(`ReplicationGroup ${this.node.path}`, [
        problem(
          'endpoint-cluster-mode',
          `${attribute} exists only with cluster mode ${mode}, but this group has cluster mode ${this.config.clusterMode}; use ${alternative}`,
        ),
      ]);
    }
  }

  private validate(
    props: ReplicationGroupProps,
    config: ReplicationGroupConfig,
    subnets: ec2.SelectedSubnets | undefined,
    secondaryNumber: number | undefined,
  ): void {
    applyRuleTable(
      this,
      `ReplicationGroup ${this.node.path}`,
      { props, config, subnetAvailabilityZones: knownZones(subnets), region: Stack.of(this).region, secondaryNumber },
      props.globalDatastore ? [...REPLICATION_GROUP_RULES, ...GLOBAL_SECONDARY_RULES] : REPLICATION_GROUP_RULES,
    );
  }
}
