/**
 * Integ app: RBAC with a password user whose password rotates every 30 days (two passwords during a rotation: no
 * client is refused), on a replication group in isolated subnets. The rotation Lambda reaches Secrets Manager and
 * ElastiCache through interface endpoints (no NAT); Secrets Manager rotates once right after the schedule is created.
 * Needs the pre-bundled Lambda: `npx tsx scripts/bundle-lambdas.ts` first.
 */
import { Duration } from 'aws-cdk-lib';
import { AccessString, CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup, UserAuthentication } from '../../lib';
import { INTEG_CACHE_PROPS, IntegApp, addRotationEndpoints, isolatedVpc, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCachePasswordRotation',
  define(stack, removalPolicy) {
    const vpc = isolatedVpc(stack);
    addRotationEndpoints(vpc);
    const app = new CacheUser(stack, 'AppUser', {
      userName: 'app',
      accessString: AccessString.readWrite(),
      authentication: UserAuthentication.password({ rotation: { automaticallyAfter: Duration.days(30) } }),
    });
    const users = new CacheUserGroup(stack, 'Users', { users: [app] });
    return new ReplicationGroup(stack, 'Cache', {
      ...INTEG_CACHE_PROPS,
      removalPolicy,
      vpc,
      authentication: CacheAuthentication.rbac(users),
    });
  },
};

if (require.main === module) synthIntegApp(integApp);
