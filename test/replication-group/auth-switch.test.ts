/**
 * Switching a deployed replication group from its AUTH token to a user group replaces it (lib/facts/replacement.ts).
 * Synth cannot tell a new RBAC cache from a switched one, so the library does not warn at synth; the reviewer, which
 * compares the deployed template with the new one, reports the switch. This test runs it on the two real templates.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { reviewAndReport } from '../../packages/cli/src/cli/review-command';
import { CfnTemplate } from '../../packages/cli/src/review/template-loader';
import { CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup } from '../../lib';
import { isolatedVpc, newStack } from '../helpers/stacks';

function template(rbac: boolean): CfnTemplate {
  const stack = newStack();
  const authentication = rbac
    ? CacheAuthentication.rbac(new CacheUserGroup(stack, 'Users', { users: [new CacheUser(stack, 'App', { userName: 'app' })] }))
    : undefined;
  new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), authentication });
  const json: CfnTemplate = Template.fromStack(stack).toJSON();
  return json;
}

test('the reviewer reports AUTH token → user group on a deployed group as a replacement, which synth alone cannot see', () => {
  let report = '';
  const code = reviewAndReport(new Map([['TestStack', template(false)]]), new Map([['TestStack', template(true)]]), [], {
    stdout: (text) => (report += text),
    stderr: (text) => (report += text),
  });
  expect(report).toMatch(/REPLACE +AWS::ElastiCache::ReplicationGroup +Cache18F6EE16/);
  expect(report).toMatch(/UserGroupIds/);
  expect(code).not.toBe(0);
});
