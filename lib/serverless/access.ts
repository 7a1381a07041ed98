import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { AuthenticationMode } from '../auth/authentication';
import { ICacheUser } from '../auth/user';
import { ICacheUserGroup } from '../auth/user-group';
import { credentialsFor } from '../connect/credentials';
import { CacheAccessOptions, CacheAccessTarget } from '../connect/grant-access';
import { IServerlessCache } from './base';

/** What `grantAccess` needs from a serverless cache created in this app. */
export interface ServerlessAccessSource {
  readonly cache: IServerlessCache;
  readonly vpc: ec2.IVpc;
  readonly memcached: boolean;
  /** The endpoint ports, as strings (CloudFormation returns them as strings). */
  readonly endpointPort: string;
  readonly readerEndpointPort: string;
  /** Undefined for Memcached (no users). */
  readonly authenticationMode?: AuthenticationMode;
  readonly userGroup?: ICacheUserGroup;
  /** The generated `app` user, used when grantAccess is given no user. */
  readonly defaultUser?: ICacheUser;
}

/**
 * The serverless cache as a `grantAccess` target. A Valkey / Redis OSS serverless cache speaks the cluster protocol
 * on one endpoint (port 6379) and has a reader endpoint on the next port; Memcached has no users.
 */
export function serverlessAccessTarget(source: ServerlessAccessSource): CacheAccessTarget {
  const { cache } = source;
  const subject = `ServerlessCache ${cache.node.path}`;
  return {
    subject,
    scope: cache,
    connections: cache.connections,
    vpc: source.vpc,
    resolve(options: CacheAccessOptions) {
      const endpoint = options.readOnly ? cache.readerEndpoint : cache.endpoint;
      const { authMode, credentials, userId } = credentialsFor(
        {
          subject,
          authenticationMode: source.authenticationMode,
          userGroup: source.userGroup,
          defaultUser: source.defaultUser,
          grantConnect: (grantee, user) => cache.grantConnect(grantee, user),
        },
        options.user,
      );
      return {
        settings: {
          endpointKind: source.memcached ? 'memcached' : 'cluster',
          address: endpoint.address,
          port: options.readOnly ? source.readerEndpointPort : source.endpointPort,
          tls: true,
          readOnly: options.readOnly ?? false,
          authMode,
          secretArn: credentials.secret?.secretArn,
          userId,
          cacheName: userId ? cache.serverlessCacheName : undefined,
          serverless: userId ? true : undefined,
        },
        credentials,
      };
    },
  };
}
