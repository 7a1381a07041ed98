import { CfnDeletionPolicy, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { CfnCacheCluster, CfnParameterGroup } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { createCacheSecurityGroup } from '../network/security-group';
import { createSubnetGroup } from '../network/subnet-group';
import { knownZones, selectCacheSubnets } from '../network/subnets';
import { helperRemovalPolicies } from '../private/removal-policy';
import { notificationTopicArn } from '../monitoring/notifications';
import { CacheEndpoint } from '../shared/endpoint';
import { applyRuleTable } from '../shared/rule-table';
import { IMemcachedCluster, MemcachedClusterAccess, MemcachedClusterBase } from './base';
import { toCfnCacheClusterProps } from './cfn-props';
import { resolveMemcachedConfig } from './config';
import { MemcachedEngine } from './engine';
import { ImportedMemcachedCluster, MemcachedClusterAttributes } from './imported';
import { MemcachedAzMode, MemcachedClusterProps } from './props';
import { MEMCACHED_RULES } from './validation-rules';

/**
 * A Memcached cluster (AWS::ElastiCache::CacheCluster) in a VPC, secure by default within what Memcached offers:
 * isolated subnets only, a security group with no ingress, TLS, nodes spread over two Availability Zones and a
 * non-default port. Memcached has no authentication and no persistence: the network is the only guard, and a node
 * that is lost or replaced comes back empty.
 *
 * @example
 * const memcached = new MemcachedCluster(this, 'Memcached', { vpc, numNodes: 3 });
 * memcached.grantAccess(fn);
 */
export class MemcachedCluster extends MemcachedClusterBase {
  /** Imports an existing Memcached cluster. Attributes not supplied throw a clear error when read. */
  public static fromMemcachedClusterAttributes(scope: Construct, id: string, attrs: MemcachedClusterAttributes): IMemcachedCluster {
    return new ImportedMemcachedCluster(scope, id, attrs);
  }

  public readonly clusterName: string;
  public readonly connections: ec2.Connections;
  public readonly port: number;
  /** The Memcached version. */
  public readonly engine?: MemcachedEngine;
  public readonly configurationEndpoint: CacheEndpoint;
  /** Where the nodes are placed. */
  public readonly azMode: MemcachedAzMode;
  /** The L1 resource, for escape hatches. */
  public readonly cfnCacheCluster: CfnCacheCluster;
  /** The VPC the cluster is in. */
  public readonly vpc: ec2.IVpc;
  /** The number of nodes (`numNodes`): the nodes `cacheNodeIds` and the per-node metrics, alarms and dashboard cover. */
  public readonly numNodes: number;
  private readonly transitEncryption: boolean;

  constructor(scope: Construct, id: string, props: MemcachedClusterProps) {
    super(scope, id);
    const config = resolveMemcachedConfig(props);
    const subject = `MemcachedCluster ${this.node.path}`;
    // No authentication: by default only subnets without a route out of the VPC (see MemcachedClusterProps.vpcSubnets).
    const subnets = props.subnetGroup
      ? undefined
      : selectCacheSubnets(subject, props.vpc, props.vpcSubnets, 'vpcSubnets', [ec2.SubnetType.PRIVATE_ISOLATED]);
    applyRuleTable(this, subject, { props, config, subnetAvailabilityZones: knownZones(subnets) }, MEMCACHED_RULES);

    const description = props.description ?? `ElastiCache Memcached cluster ${this.node.path}`;
    // Helpers the construct creates follow the cluster's removal policy (a given resource is left alone).
    const removal = helperRemovalPolicies(config.removalPolicy);
    const subnetGroupName = props.subnetGroup
      ? props.subnetGroup.subnetGroupRef.cacheSubnetGroupName
      : createSubnetGroup(this, 'SubnetGroup', subnets!, description, removal.network).ref;
    const securityGroups = props.securityGroups ?? [
      createCacheSecurityGroup(this, 'SecurityGroup', props.vpc, description, removal.network),
    ];
    // No explicit name, as for replication groups: a family change (1.5 -> 1.6) creates a new group under a new name.
    const parameterGroup = new CfnParameterGroup(this, 'ParameterGroup', {
      cacheParameterGroupFamily: config.engine.parameterGroupFamily,
      description,
      properties: config.parameters,
    });
    parameterGroup.applyRemovalPolicy(removal.network);

    this.cfnCacheCluster = new CfnCacheCluster(
      this,
      'Resource',
      toCfnCacheClusterProps(config, {
        subnetGroupName,
        securityGroupIds: securityGroups.map((sg) => sg.securityGroupId),
        parameterGroupName: parameterGroup.ref,
        notificationTopicArn: notificationTopicArn(props.notificationTopic),
      }),
    );
    this.cfnCacheCluster.applyRemovalPolicy(config.removalPolicy);
    // The rule table checked removalPolicy as given; applyRemovalPolicy() (and cfnOptions) can set Snapshot later.
    // Check the policies the template will carry, however they were set.
    const cfn = this.cfnCacheCluster;
    this.node.addValidation({ validate: () => snapshotPolicyProblems(cfn) });

    this.clusterName = this.cfnCacheCluster.ref;
    this.port = config.port;
    this.engine = config.engine;
    this.azMode = config.azMode;
    this.connections = cacheConnections(securityGroups, config.port);
    this.configurationEndpoint = new CacheEndpoint(this.cfnCacheCluster.attrConfigurationEndpointAddress, config.port);
    this.vpc = props.vpc;
    this.transitEncryption = config.transitEncryption;
    this.numNodes = config.numNodes;
  }

  /** @internal */
  public _accessFacts(): MemcachedClusterAccess {
    return { vpc: this.vpc, transitEncryption: this.transitEncryption };
  }

  /** @internal */
  public _numNodes(): number {
    return this.numNodes;
  }
}

/**
 * DeletionPolicy or UpdateReplacePolicy `Snapshot` on a Memcached cluster, which has no snapshots: CloudFormation would
 * fail to delete or replace it. The same rule id as the prop check (memcached-removal-snapshot).
 */
function snapshotPolicyProblems(cfn: CfnCacheCluster): string[] {
  const { deletionPolicy, updateReplacePolicy } = cfn.cfnOptions;
  const set = [
    ...(deletionPolicy === CfnDeletionPolicy.SNAPSHOT ? ['DeletionPolicy'] : []),
    ...(updateReplacePolicy === CfnDeletionPolicy.SNAPSHOT ? ['UpdateReplacePolicy'] : []),
  ];
  return set.length === 0
    ? []
    : [
        `[memcached-removal-snapshot] ${set.join(' and ')} Snapshot (from applyRemovalPolicy(RemovalPolicy.SNAPSHOT) or cfnOptions) is not possible for Memcached, which has no snapshots (CloudFormation would fail to delete the cluster): use RemovalPolicy.DESTROY or RETAIN`,
      ];
}
