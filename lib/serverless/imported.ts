import { ArnFormat, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { cacheConnections } from '../network/connections';
import { Construct } from 'constructs';
import { AuthenticationMode } from '../auth/authentication';
import { ICacheUserGroup } from '../auth/user-group';
import { CacheAccessOptions } from '../connect/grant-access';
import { ImportedCache, requireImportedAttribute, requireImportedAttributes } from '../shared/imported-attribute';
import { CacheEndpoint } from '../shared/endpoint';
import { CacheValidationError, problem } from '../shared/errors';
import { storedId } from '../private/stored-id';
import { ServerlessCacheAccess, ServerlessCacheBase } from './base';
import { ServerlessCacheConnectionType } from './connection-type';
import { ServerlessCacheEngine } from './engine';

/** Attributes of an existing serverless cache. Only `serverlessCacheName` is required. */
export interface ServerlessCacheAttributes {
  /** The cache name, in any case: ElastiCache stores it in lower case, and the import uses that form. */
  readonly serverlessCacheName: string;
  /**
   * The engine and major version; it also gives the ports (6379/6380 for Valkey and Redis OSS, 11211/11212 for Memcached),
   * and tells `grantAccess` whether the client speaks Memcached or the cluster protocol.
   * @default - unknown: `engine` is undefined, the ports too unless `port` is given, and `grantAccess` fails
   * (`imported-engine`)
   */
  readonly engine?: ServerlessCacheEngine;
  /**
   * How clients authenticate (Valkey and Redis OSS): RBAC or IAM; `grantAccess` needs it. Memcached has none.
   * @default - unknown: `grantAccess` on a Valkey / Redis OSS cache fails (`imported-authentication-mode`)
   */
  readonly authenticationMode?: AuthenticationMode;
  /**
   * The user group: `grantAccess` then checks that its user is in it.
   * @default - unknown: the membership check is skipped
   */
  readonly userGroup?: ICacheUserGroup;
  /**
   * The VPC of the cache's endpoints: `grantAccess` then checks that the grantee is in it.
   * @default - unknown: the VPC check is skipped
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The security groups of the cache's endpoints, for `connections` (and `grantAccess`, which opens the ports through
   * them; pass `[]` when the network is opened elsewhere).
   * @default - unknown: `connections` can grant nothing, and `grantAccess` fails (`imported-security-groups`)
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
  /**
   * How clients reach the cache. With `PUBLIC`, `grantAccess` needs no `securityGroups` and takes any grantee with an
   * IAM principal; the authentication is IAM (`authenticationMode` may be left out).
   * @default ServerlessCacheConnectionType.VPC
   */
  readonly connectionType?: ServerlessCacheConnectionType;
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
    // The name as ElastiCache stores it (lower case): the ARN, the clusterId dimension and the events use that form.
    this.serverlessCacheName = storedId(attrs.serverlessCacheName);
    this.engine = attrs.engine;
    this.serverlessCacheArn = Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'serverlesscache',
      resourceName: this.serverlessCacheName,
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

  /** @internal */
  public _accessFacts(options: CacheAccessOptions): ServerlessCacheAccess {
    const { attrs } = this;
    const memcached = attrs.engine ? !attrs.engine.supportsUserGroups : undefined;
    const endpoint: keyof ServerlessCacheAttributes = options.readOnly ? 'readerEndpointAddress' : 'endpointAddress';
    // A public endpoint has no security groups, and authenticates with IAM only.
    const isPublic = attrs.connectionType === ServerlessCacheConnectionType.PUBLIC;
    const authenticationMode = attrs.authenticationMode ?? (isPublic ? AuthenticationMode.IAM : undefined);
    if (isPublic && authenticationMode !== AuthenticationMode.IAM) {
      throw new CacheValidationError(`imported serverless cache '${this.serverlessCacheName}': grantAccess`, [
        problem(
          'serverless-public-iam-users',
          `connectionType 'public' authenticates with IAM only, but authenticationMode is '${authenticationMode}': pass AuthenticationMode.IAM (or leave it out)`,
        ),
      ]);
    }
    requireImportedAttributes(this.importedAs(), 'grantAccess', {
      engine: attrs.engine,
      ...(isPublic ? {} : { securityGroups: attrs.securityGroups }),
      [endpoint]: attrs[endpoint],
      ...(memcached === false ? { authenticationMode } : {}),
    });
    const port = this.port();
    return {
      vpc: isPublic ? undefined : attrs.vpc,
      memcached: memcached!,
      authenticationMode: memcached ? undefined : authenticationMode,
      userGroup: attrs.userGroup,
      endpointPort: String(port),
      readerEndpointPort: String(port + 1),
      publicEndpoint: isPublic,
    };
  }

  private port(): number {
    return this.required('port', this.attrs.port ?? this.attrs.engine?.port, { what: 'port (or engine)' });
  }

  private required<T>(attribute: keyof ServerlessCacheAttributes, value: T | undefined, options?: { what?: string }): T {
    return requireImportedAttribute(this.importedAs(), attribute, value, options);
  }

  private importedAs(): ImportedCache {
    return {
      scope: this,
      kind: 'serverless cache',
      name: this.serverlessCacheName,
      importMethod: 'ServerlessCache.fromServerlessCacheAttributes',
    };
  }
}
