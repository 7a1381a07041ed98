/**
 * Integ app: RBAC with two password users (read-write on a key prefix, read-only everywhere) and the disabled
 * `default` user CacheUserGroup adds, so the built-in passwordless `default` user cannot connect.
 */
import { AccessString, CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup } from '../../lib';
import { INTEG_CACHE_PROPS, IntegApp, isolatedVpc, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheRbac',
  define(stack, removalPolicy) {
    const vpc = isolatedVpc(stack);
    // User and group ids must be unique per account and region: the defaults are generated from the construct path
    // (which includes the stack), so two copies of this stack never collide.
    const writer = new CacheUser(stack, 'AppUser', { userName: 'app', accessString: AccessString.readWrite('app:*') });
    const reader = new CacheUser(stack, 'ReportingUser', { userName: 'reporting', accessString: AccessString.readOnly() });
    const users = new CacheUserGroup(stack, 'Users', { users: [writer, reader] });

    // INTEG_CACHE_PROPS: small nodes (the removal policy is DESTROY when the test deploys it).
    const cache = new ReplicationGroup(stack, 'Cache', {
      ...INTEG_CACHE_PROPS,
      removalPolicy,
      vpc,
      authentication: CacheAuthentication.rbac(users),
    });
    return cache;
  },
};

if (require.main === module) synthIntegApp(integApp);
