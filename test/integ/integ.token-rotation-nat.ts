/**
 * Integ app: AUTH token rotation with the cache in private subnets behind a NAT gateway and no interface endpoints,
 * the other path the rotation Lambda can take to the Secrets Manager and ElastiCache APIs (HTTPS to their public
 * addresses through the NAT). Costs a NAT gateway while deployed.
 */
import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { CacheAuthentication, ReplicationGroup } from '../../lib';
import { INTEG_CACHE_PROPS, IntegApp, synthIntegApp } from './integ-common';

export const integApp: IntegApp = {
  stackName: 'CdkElastiCacheTokenRotationNat',
  define(stack, removalPolicy) {
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'cache', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    return new ReplicationGroup(stack, 'Cache', {
      ...INTEG_CACHE_PROPS,
      removalPolicy,
      vpc,
      authentication: CacheAuthentication.authToken({ rotation: {} }),
    });
  },
};

if (require.main === module) synthIntegApp(integApp);
