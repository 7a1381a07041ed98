import { App, CfnResource, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { AccessString, CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup, UserAuthentication } from '../lib';
import { buildSampleApp } from '../bin/sample-app-factory';
import { synthValidationReport } from './helpers/validation-report';

/**
 * The one suite that keeps aws-cdk-lib's built-in CloudFormation validation on (test/setup-env.ts turns it off
 * elsewhere, ~3.5 s per synth). Strict mode makes every finding an error.
 */
const STRICT = { '@aws-cdk/core:strictCfnValidateErrors': true };

describe('built-in CloudFormation validation in strict mode', () => {
  test('the sample app has zero findings: CloudFormation validation and the four cdk-nag packs it runs', () => {
    // One synth serves both: buildSampleApp registers the packs, and their findings land in the same report
    // (test/compliance.test.ts proves the packs report when something is wrong).
    const { error, findings } = synthValidationReport((outdir) => buildSampleApp(STRICT, { outdir }), true);
    expect(findings).toEqual([]);
    expect(error).toBeUndefined();
  });

  test('a cluster-mode replication group with RBAC users and a user group synthesizes with zero findings', () => {
    // The sample covers the default group, token rotation and the Lambda helper; the integ apps (npm run integ:check)
    // cover the RBAC and IAM modes in cluster mode off. This stack covers cluster mode on and the user constructs.
    const { error, findings } = synthValidationReport((outdir) => {
      const app = new App({ context: STRICT, outdir });
      const stack = new Stack(app, 'ClusterRbac');
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        natGateways: 0,
        subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      });
      const app1 = new CacheUser(stack, 'App', { userName: 'app', accessString: AccessString.readWrite('app:*') });
      const iamUser = new CacheUser(stack, 'Iam', { userName: 'app-iam', authentication: UserAuthentication.iam() });
      const users = new CacheUserGroup(stack, 'Users', { users: [app1, iamUser], userGroupId: 'cluster-users' });
      new ReplicationGroup(stack, 'Cache', { vpc, numShards: 3, replicasPerShard: 1, authentication: CacheAuthentication.iam(users) });
      return app;
    }, true);
    expect(findings).toEqual([]);
    expect(error).toBeUndefined();
  });

  test('the validator is really on: a broken resource fails the synth (control)', () => {
    const { error, findings } = synthValidationReport((outdir) => {
      const app = new App({ context: STRICT, outdir });
      new CfnResource(new Stack(app, 'Broken'), 'Cache', {
        type: 'AWS::ElastiCache::ReplicationGroup',
        properties: { ReplicationGroupDescription: 'x', Port: 'not-a-number' },
      });
      return app;
    }, true);
    expect(findings.length).toBeGreaterThan(0);
    expect(String(error)).toMatch(/ValidationFailed/);
  });
});
