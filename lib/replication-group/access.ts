import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { AuthenticationMode } from '../auth/authentication';
import { ICacheUserGroup } from '../auth/user-group';
import { credentialsFor } from '../connect/credentials';
import { CacheAccessOptions, CacheAccessTarget } from '../connect/grant-access';
import { IReplicationGroup } from './base';
import { ClusterMode } from './props';

/** What `grantAccess` needs from a replication group created in this app. */
export interface ReplicationGroupAccessSource {
  readonly group: IReplicationGroup;
  readonly vpc: ec2.IVpc;
  readonly clusterMode: ClusterMode;
  readonly authenticationMode: AuthenticationMode;
  readonly userGroup?: ICacheUserGroup;
}

/** The replication group as a `grantAccess` target: endpoint by cluster mode, credentials by authentication mode. */
export function replicationGroupAccessTarget(source: ReplicationGroupAccessSource): CacheAccessTarget {
  const { group } = source;
  const subject = `ReplicationGroup ${group.node.path}`;
  return {
    subject,
    scope: group,
    connections: group.connections,
    vpc: source.vpc,
    resolve(options: CacheAccessOptions) {
      const cluster = source.clusterMode === ClusterMode.ENABLED;
      const endpoint = cluster ? group.configurationEndpoint : options.readOnly ? group.readerEndpoint : group.primaryEndpoint;
      const { authMode, credentials, userId } = credentialsFor(
        {
          subject,
          authenticationMode: source.authenticationMode,
          tokenSecret: group.authTokenSecret,
          userGroup: source.userGroup,
          grantConnect: (grantee, user) => group.grantConnect(grantee, user),
        },
        options.user,
      );
      return {
        settings: {
          endpointKind: cluster ? 'cluster' : 'single',
          address: endpoint.address,
          port: String(group.port),
          tls: true,
          readOnly: options.readOnly ?? false,
          authMode,
          secretArn: credentials.secret?.secretArn,
          userId,
          cacheName: userId ? group.replicationGroupId : undefined,
        },
        credentials,
      };
    },
  };
}
