import { Token, aws_ec2 as ec2, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ReplicationGroupBase } from './base';
import { CacheEngine } from '../engine';
import { CacheValidationError, problem } from '../errors';
import { CacheEndpoint } from './endpoint';

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
    this.connections = new ec2.Connections({
      securityGroups: attrs.securityGroups,
      defaultPort: attrs.port === undefined ? undefined : ec2.Port.tcp(attrs.port),
    });
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

  private required<T>(attribute: keyof ReplicationGroupAttributes, value: T | undefined): T {
    if (value === undefined) {
      const id = Token.isUnresolved(this.replicationGroupId) ? this.node.path : this.replicationGroupId;
      throw new CacheValidationError(
        `imported replication group '${id}'`,
        [problem('imported-attribute', `it has no ${attribute}: pass it to ReplicationGroup.fromReplicationGroupAttributes()`)],
        'missing attribute',
      );
    }
    return value;
  }
}
