/**
 * Integ app: RBAC with two password users (read-write on a key prefix, read-only everywhere) and the disabled
 * `default` user CacheUserGroup adds, so the built-in passwordless `default` user cannot connect.
 */
import { Annotations } from 'aws-cdk-lib';
import { AccessString, CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup } from '../../lib';
import { INTEG_CACHE_PROPS, integStack, integTest, isolatedVpc } from './integ-common';

const { app, stack } = integStack('CdkElastiCacheRbac');
const vpc = isolatedVpc(stack);

// User and group ids are unique per account and region: the integ- prefix keeps them clear of real ones.
const writer = new CacheUser(stack, 'AppUser', {
  userName: 'app',
  userId: 'integ-rbac-app',
  accessString: AccessString.readWrite('app:*'),
});
const reader = new CacheUser(stack, 'ReportingUser', {
  userName: 'reporting',
  userId: 'integ-rbac-reporting',
  accessString: AccessString.readOnly(),
});
const users = new CacheUserGroup(stack, 'Users', { users: [writer, reader], userGroupId: 'integ-rbac-users' });

// INTEG_CACHE_PROPS: small nodes and RemovalPolicy.DESTROY, since the test deletes the stack afterwards.
const cache = new ReplicationGroup(stack, 'Cache', {
  ...INTEG_CACHE_PROPS,
  vpc,
  authentication: CacheAuthentication.rbac(users),
});

// The warning is about switching a live AUTH-token cache to a user group; this cache starts with one.
Annotations.of(cache).acknowledgeWarning('cdk-elasticache:user-group-replaces-token-cache', 'a new cache, created with its user group');

integTest(app, stack, cache);
app.synth();
