/**
 * Integ app: AUTH token authentication with automatic rotation every 30 days.
 *
 * The rotation Lambda runs in the cache's isolated subnets and reaches Secrets Manager and ElastiCache through
 * interface endpoints (no NAT). Needs the pre-bundled Lambda: `npx tsx scripts/bundle-lambdas.ts` first.
 */
import { Duration } from 'aws-cdk-lib';
import { CacheAuthentication, ReplicationGroup } from '../../lib';
import { INTEG_CACHE_PROPS, addRotationEndpoints, integStack, integTest, isolatedVpc } from './integ-common';

const { app, stack } = integStack('CdkElastiCacheTokenRotation');
const vpc = isolatedVpc(stack);
addRotationEndpoints(vpc);

// INTEG_CACHE_PROPS: small nodes and RemovalPolicy.DESTROY, since the test deletes the stack afterwards.
const cache = new ReplicationGroup(stack, 'Cache', {
  ...INTEG_CACHE_PROPS,
  vpc,
  authentication: CacheAuthentication.authToken({ rotation: { schedule: Duration.days(30) } }),
});

integTest(app, stack, cache);
app.synth();
