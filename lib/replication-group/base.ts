import { ArnFormat, IResource, Resource, Stack, aws_ec2 as ec2, aws_iam as iam, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { IReplicationGroupRef, ReplicationGroupReference } from 'aws-cdk-lib/aws-elasticache';
import { ICacheUser, UserAuthenticationType } from '../auth/user';
import { CacheEngine } from '../engine';
import { CacheValidationError, problem } from '../errors';
import { CacheEndpoint } from './endpoint';

/** A Valkey / Redis OSS replication group, created here or imported. */
export interface IReplicationGroup extends IResource, ec2.IConnectable, IReplicationGroupRef {
  /** The replication group id (lowercase). @attribute */
  readonly replicationGroupId: string;
  /** The ARN, `arn:<partition>:elasticache:<region>:<account>:replicationgroup:<id>`. @attribute */
  readonly replicationGroupArn: string;
  /** The port clients connect to. */
  readonly port: number;
  /**
   * The engine and version, when known: always for a group created here, for an imported one when given.
   */
  readonly engine?: CacheEngine;
  /**
   * Primary (read-write) endpoint. Cluster mode disabled only; throws otherwise.
   * @attribute PrimaryEndPoint.Address,PrimaryEndPoint.Port
   */
  readonly primaryEndpoint: CacheEndpoint;
  /**
   * Reader endpoint, spread over the replicas. Cluster mode disabled only; throws otherwise.
   * @attribute ReaderEndPoint.Address,ReaderEndPoint.Port
   */
  readonly readerEndpoint: CacheEndpoint;
  /**
   * Configuration endpoint for cluster-aware clients. Cluster mode enabled only; throws otherwise.
   * @attribute ConfigurationEndPoint.Address,ConfigurationEndPoint.Port
   */
  readonly configurationEndpoint: CacheEndpoint;
  /** The secret holding the AUTH token, when the group uses AUTH token authentication. */
  readonly authTokenSecret?: secretsmanager.ISecret;
  /** Grants IAM actions (e.g. `elasticache:DescribeReplicationGroups`) on this replication group. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;
  /**
   * Grants `elasticache:Connect` as `user` (an IAM-enabled RBAC user): the permission IAM authentication checks, on
   * this replication group and on the user.
   */
  grantConnect(grantee: iam.IGrantable, user: ICacheUser): iam.Grant;
}

/** Shared implementation of created and imported replication groups. */
export abstract class ReplicationGroupBase extends Resource implements IReplicationGroup {
  public abstract readonly replicationGroupId: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly port: number;
  public abstract readonly engine?: CacheEngine;
  public abstract readonly primaryEndpoint: CacheEndpoint;
  public abstract readonly readerEndpoint: CacheEndpoint;
  public abstract readonly configurationEndpoint: CacheEndpoint;
  public abstract readonly authTokenSecret?: secretsmanager.ISecret;

  public get replicationGroupRef(): ReplicationGroupReference {
    return { replicationGroupId: this.replicationGroupId };
  }

  public get replicationGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'replicationgroup',
      resourceName: this.replicationGroupId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.replicationGroupArn] });
  }

  public grantConnect(grantee: iam.IGrantable, user: ICacheUser): iam.Grant {
    if (user.authenticationType !== UserAuthenticationType.IAM) {
      throw new CacheValidationError(`${this.node.path}: grantConnect`, [
        problem(
          'grant-connect-iam-user',
          `grantConnect needs an IAM-enabled user, but '${user.userName}' authenticates with '${user.authenticationType}': create it with UserAuthentication.iam()`,
        ),
      ]);
    }
    return iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: [this.replicationGroupArn, user.userArn] });
  }
}
