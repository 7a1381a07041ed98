/**
 * Integ app: RBAC with two password users (read-write on a key prefix, read-only everywhere) and the disabled
 * `default` user CacheUserGroup adds, so the built-in passwordless `default` user cannot connect.
 */
import { Validations } from 'aws-cdk-lib';
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
    // The warning is about switching a live AUTH-token cache to a user group; this cache starts with one.
    Validations.of(cache).acknowledge({
      id: 'cdk-elasticache:user-group-replaces-token-cache',
      reason: 'a new cache, created with its user group',
    });
    return cache;
  },
};

if (require.main === module) synthIntegApp(integApp);
