import { Duration, Token, Validations, aws_ec2 as ec2, aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { AuthTokenRotation } from '../auth/auth-token-rotation';
import { AuthTokenRotationOptions, AuthenticationConfig, AuthenticationMode, CacheAuthentication } from '../auth/authentication';
import { createCacheSecurityGroup } from '../network/security-group';
import { createSubnetGroup } from '../network/subnet-group';
import { selectCacheSubnets } from '../network/subnets';
import { IReplicationGroup, ReplicationGroupBase } from './base';
import { toCfnReplicationGroupProps } from './cfn-props';
import { ReplicationGroupConfig, resolveConfig } from './config';
import { CacheEndpoint } from './endpoint';
import { ImportedReplicationGroup, ReplicationGroupAttributes } from './imported';
import { CacheEngine } from '../engine';
import { createParameterGroup } from './parameter-group';
import { HelperRemovalPolicies, helperRemovalPolicies } from '../removal-policy';
import { ClusterMode, ReplicationGroupProps } from './props';
import { runRules } from './validation-rules';
import { addWarning } from '../warnings';
import { CacheValidationError, problem, throwIfInvalid } from '../errors';

/**
 * A highly available Valkey / Redis OSS replication group in a VPC, secure by default: Multi-AZ with automatic
 * failover, TLS required, a customer-managed KMS key at rest, an AUTH token in Secrets Manager, 15 days of backups
 * and a final snapshot on delete or replacement.
 *
 * @example
 * const cache = new ReplicationGroup(this, 'Cache', { vpc });
 * cache.connections.allowDefaultPortFrom(fn);
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
  public readonly engine?: CacheEngine;
  /** Whether keys are sharded over node groups; decides which endpoints exist. */
  public readonly clusterMode: ClusterMode;
  /** The authentication mode in force. */
  public readonly authenticationMode: AuthenticationMode;
  public readonly authTokenSecret?: secretsmanager.ISecret;
  /** The KMS key that encrypts the data at rest. */
  public readonly encryptionKey: kms.IKey;
  /** The AUTH token rotation (its Lambda), when rotation is on. */
  public readonly authTokenRotation?: AuthTokenRotation;
  /** The L1 resource, for escape hatches. */
  public readonly cfnReplicationGroup: CfnReplicationGroup;

  constructor(scope: Construct, id: string, props: ReplicationGroupProps) {
    super(scope, id);
    const config = resolveConfig(props);
    const subnets = props.subnetGroup ? undefined : selectCacheSubnets(`ReplicationGroup ${this.node.path}`, props.vpc, props.vpcSubnets);
    this.validate(props, config, subnets);

    const description = props.description ?? `ElastiCache replication group ${this.node.path}`;
    // Helpers the construct creates follow the cache's removal policy (a given resource is left alone).
    const removal = helperRemovalPolicies(config.removalPolicy);
    const subnetGroupName = props.subnetGroup
      ? props.subnetGroup.subnetGroupRef.cacheSubnetGroupName
      : createSubnetGroup(this, 'SubnetGroup', subnets!, description, removal.network).ref;
    const securityGroups = props.securityGroups ?? [
      createCacheSecurityGroup(this, 'SecurityGroup', props.vpc, description, removal.network),
    ];
    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: `Encrypts ${description} at rest`,
        enableKeyRotation: true,
        removalPolicy: removal.keyAndLogs,
      });
    const parameterGroup = createParameterGroup(this, 'ParameterGroup', config, description);
    parameterGroup.applyRemovalPolicy(removal.network);
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
        parameterGroupName: parameterGroup.ref,
        kmsKeyId: this.encryptionKey.keyArn,
        auth,
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
    this.authenticationMode = auth.mode;
    this.authTokenSecret = auth.secret;
    this.connections = new ec2.Connections({ securityGroups, defaultPort: ec2.Port.tcp(config.port) });
    this.config = config;
    this.authTokenRotation = this.configureAuthentication(auth, props, removal);
  }

  private configureAuthentication(
    auth: AuthenticationConfig,
    props: ReplicationGroupProps,
    removal: HelperRemovalPolicies,
  ): AuthTokenRotation | undefined {
    if (auth.userGroup) {
      addWarning(
        this,
        'user-group-replaces-token-cache',
        `authentication ${auth.mode}: if this replication group was deployed with an AUTH token, switching to a user group replaces it in CloudFormation (a new, empty cache; the old one leaves a final snapshot). Acknowledge this warning for a new cache.`,
      );
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
        automaticallyAfter: rotationInterval(this.node.path, auth.rotation),
        reservedConcurrentExecutions: auth.rotation.reservedConcurrentExecutions,
        logEncryptionKey: auth.rotation.logEncryptionKey ?? this.encryptionKey,
        logRemovalPolicy: removal.keyAndLogs,
        secretEncryptionKey: auth.secret.encryptionKey ?? this.encryptionKey,
      });
    }
    return undefined;
  }

  private readonly config: ReplicationGroupConfig;

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

  private validate(props: ReplicationGroupProps, config: ReplicationGroupConfig, subnets: ec2.SelectedSubnets | undefined): void {
    const azs = subnets?.availabilityZones;
    const { errors, warnings } = runRules({
      props,
      config,
      subnetAvailabilityZones: azs && !azs.some((az) => Token.isUnresolved(az)) ? azs : undefined,
    });
    throwIfInvalid(`ReplicationGroup ${this.node.path}`, errors);
    for (const warning of warnings) {
      addWarning(this, warning.ruleId, warning.message);
    }
  }
}

/** The rotation interval: `automaticallyAfter`, or the deprecated `schedule`, not both. */
function rotationInterval(path: string, rotation: AuthTokenRotationOptions): Duration {
  if (rotation.automaticallyAfter && rotation.schedule) {
    throw new CacheValidationError(`ReplicationGroup ${path}`, [
      problem('deprecated-prop-conflict', 'set only one of rotation.automaticallyAfter and rotation.schedule (its deprecated name)'),
    ]);
  }
  return rotation.automaticallyAfter ?? rotation.schedule ?? Duration.days(30);
}
