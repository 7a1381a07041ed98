import { ArnFormat, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { Construct } from 'constructs';
import { requireImportedAttribute } from '../imported-attribute';
import { CacheEndpoint } from '../replication-group/endpoint';
import { ServerlessCacheBase } from './base';
import { ServerlessCacheEngine } from './engine';

/** Attributes of an existing serverless cache. Only `serverlessCacheName` is required. */
export interface ServerlessCacheAttributes {
  /** The cache name. */
  readonly serverlessCacheName: string;
  /**
   * The engine and major version; it also gives the ports (6379/6380 for Valkey and Redis OSS, 11211/11212 for Memcached).
   * @default - unknown: `engine` is undefined, and so are the ports unless `port` is given
   */
  readonly engine?: ServerlessCacheEngine;
  /**
   * The security groups of the cache's endpoints, for `connections`.
   * @default - none: `connections` can grant nothing
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The endpoint's port (the reader endpoint listens on the next one).
   * @default - the engine's port
   */
  readonly port?: number;
  /**
   * The endpoint's address.
   * @default - unknown: reading `endpoint` throws
   */
  readonly endpointAddress?: string;
  /**
   * The reader endpoint's address.
   * @default - unknown: reading `readerEndpoint` throws
   */
  readonly readerEndpointAddress?: string;
}

/** A serverless cache defined outside this stack. */
export class ImportedServerlessCache extends ServerlessCacheBase {
  public readonly serverlessCacheName: string;
  public readonly serverlessCacheArn: string;
  public readonly connections: ec2.Connections;
  public readonly engine?: ServerlessCacheEngine;

  constructor(
    scope: Construct,
    id: string,
    private readonly attrs: ServerlessCacheAttributes,
  ) {
    super(scope, id);
    this.serverlessCacheName = attrs.serverlessCacheName;
    this.engine = attrs.engine;
    this.serverlessCacheArn = Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'serverlesscache',
      resourceName: attrs.serverlessCacheName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const port = attrs.port ?? attrs.engine?.port;
    this.connections = cacheConnections(attrs.securityGroups, port, 2);
  }

  public get endpoint(): CacheEndpoint {
    return new CacheEndpoint(this.required('endpointAddress', this.attrs.endpointAddress), this.port());
  }

  public get readerEndpoint(): CacheEndpoint {
    return new CacheEndpoint(this.required('readerEndpointAddress', this.attrs.readerEndpointAddress), this.port() + 1);
  }

  private port(): number {
    return this.required('port (or engine)', this.attrs.port ?? this.attrs.engine?.port);
  }

  private required<T>(attribute: string, value: T | undefined): T {
    return requireImportedAttribute(
      this,
      'serverless cache',
      this.serverlessCacheName,
      attribute,
      value,
      'ServerlessCache.fromServerlessCacheAttributes',
    );
  }
}
