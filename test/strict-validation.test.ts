import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { AccessString, CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup, UserAuthentication } from '../lib';
import { buildSampleApp } from '../bin/sample-app-factory';

/**
 * The one suite that keeps aws-cdk-lib's built-in CloudFormation validation on (test/setup-env.ts turns it off
 * elsewhere, ~3.5 s per synth). Strict mode makes every finding an error.
 */
const STRICT = { '@aws-cdk/core:strictCfnValidateErrors': true };

function synthWithValidation(buildApp: (outdir: string) => App) {
  const previous = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'strict-'));
  try {
    let error: unknown;
    try {
      buildApp(outdir).synth();
    } catch (e) {
      error = e;
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const violations = report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations);
    return { error, violations };
  } finally {
    process.env.CDK_VALIDATION = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('built-in CloudFormation validation in strict mode', () => {
  test('the sample app synthesizes with zero findings', () => {
    const { error, violations } = synthWithValidation((outdir) => buildSampleApp(STRICT, outdir));
    expect(violations).toEqual([]);
    expect(error).toBeUndefined();
  });

  test('a cluster-mode replication group with RBAC users and a user group synthesizes with zero findings', () => {
    // The sample covers the default group, token rotation and the Lambda helper; the integ apps (npm run integ:check)
    // cover the RBAC and IAM modes in cluster mode off. This stack covers cluster mode on and the user constructs.
    const { error, violations } = synthWithValidation((outdir) => {
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
    });
    expect(violations).toEqual([]);
    expect(error).toBeUndefined();
  });

  test('the validator is really on: a broken resource fails the synth (control)', () => {
    const { error, violations } = synthWithValidation((outdir) => {
      const app = new App({ context: STRICT, outdir });
      new CfnResource(new Stack(app, 'Broken'), 'Cache', {
        type: 'AWS::ElastiCache::ReplicationGroup',
        properties: { ReplicationGroupDescription: 'x', Port: 'not-a-number' },
      });
      return app;
    });
    expect(violations.length).toBeGreaterThan(0);
    expect(String(error)).toMatch(/ValidationFailed/);
  });
});
