/**
 * Integ app: IAM authentication with one IAM-enabled user, and a role allowed to connect as it
 * (`elasticache:Connect` on the replication group and the user).
 */
import { aws_iam as iam } from 'aws-cdk-lib';
import { CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup, UserAuthentication } from '../../lib';
import { INTEG_CACHE_PROPS, IntegApp, isolatedVpc, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheIam',
  define(stack, removalPolicy) {
    const vpc = isolatedVpc(stack);
    // IAM users need userId == userName (lowercase), a name the user chooses and keeps unique per account and region:
    // the integ- prefix keeps it clear of real ones. The group id is generated from the construct path.
    const user = new CacheUser(stack, 'AppUser', { userName: 'integ-iam-app', authentication: UserAuthentication.iam() });
    const users = new CacheUserGroup(stack, 'Users', { users: [user] });

    // INTEG_CACHE_PROPS: small nodes (the removal policy is DESTROY when the test deploys it).
    const cache = new ReplicationGroup(stack, 'Cache', {
      ...INTEG_CACHE_PROPS,
      removalPolicy,
      vpc,
      authentication: CacheAuthentication.iam(users),
    });

    const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantConnect(role, user);

    return cache;
  },
};

if (require.main === module) synthIntegApp(integApp);
