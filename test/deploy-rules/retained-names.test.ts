/**
 * Control cases of the kept-names rule (retained-names.ts): it fails on each kind of name that outlives a stack and
 * does not vary per deployment, and passes the same name derived the way the library derives per-deployment names.
 */
import { App, Aws, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnGlobalReplicationGroup, CfnReplicationGroup, CfnServerlessCache, CfnUser, CfnUserGroup } from 'aws-cdk-lib/aws-elasticache';
import { uniquePerDeploymentName } from '../../lib/private/names';
import { keptNamesVaryPerDeployment } from './retained-names';
import { CfnTemplate } from './template-model';

/** The rule's violations on a stack that `build` fills. */
function violationsOf(build: (stack: Stack) => void): string[] {
  const stack = new Stack(new App(), 'Kept');
  build(stack);
  return keptNamesVaryPerDeployment(Template.fromStack(stack).toJSON() as CfnTemplate);
}

const retain = <T extends CfnResource>(resource: T, policy = RemovalPolicy.RETAIN): T => {
  resource.applyRemovalPolicy(policy);
  return resource;
};

const user = (stack: Stack, userId: string) =>
  new CfnUser(stack, 'User', { engine: 'valkey', userId, userName: 'app', noPasswordRequired: true });

describe('fails on a kept name that the next deployment asks for again', () => {
  test('a retained user with a literal id', () => {
    expect(violationsOf((stack) => retain(user(stack, 'app-user')))).toEqual([
      expect.stringMatching(/^User\w* \(AWS::ElastiCache::User, DeletionPolicy Retain\) keeps UserId = "app-user"/),
    ]);
  });

  test('a retained user whose id derives from the stack name and region only (the same on the next deployment)', () => {
    expect(violationsOf((stack) => retain(user(stack, `${Aws.STACK_NAME}-${Aws.REGION}-app`)))).toEqual([
      expect.stringMatching(/keeps UserId = \{"Fn::Join":\["",\[\{"Ref":"AWS::StackName"\}/),
    ]);
  });

  test('a user group whose id references a retained user group of fixed id', () => {
    const violations = violationsOf((stack) => {
      const first = retain(new CfnUserGroup(stack, 'First', { engine: 'valkey', userGroupId: 'first', userIds: ['default'] }));
      retain(new CfnUserGroup(stack, 'Second', { engine: 'valkey', userGroupId: `${first.ref}-copy`, userIds: ['default'] }));
    });
    expect(violations.sort()).toEqual([
      expect.stringMatching(/^First\w* .* keeps UserGroupId = "first"/),
      expect.stringMatching(/^Second\w* .* keeps UserGroupId = \{"Fn::Join"/),
    ]);
  });

  test("a retained global datastore's literal GlobalReplicationGroupIdSuffix", () => {
    const violations = violationsOf((stack) =>
      retain(new CfnGlobalReplicationGroup(stack, 'Global', { globalReplicationGroupIdSuffix: 'orders', members: [] })),
    );
    expect(violations).toEqual([expect.stringMatching(/^Global\w* .* keeps GlobalReplicationGroupIdSuffix = "orders"/)]);
  });

  test("a serverless cache's final snapshot name, kept even though the cache is deleted", () => {
    const violations = violationsOf((stack) =>
      retain(
        new CfnServerlessCache(stack, 'Cache', { engine: 'valkey', serverlessCacheName: 'orders', finalSnapshotName: 'orders-final' }),
        RemovalPolicy.DESTROY,
      ),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /^Cache\w* \(AWS::ElastiCache::ServerlessCache, its final snapshot stays\) keeps FinalSnapshotName = "orders-final"/,
      ),
    ]);
  });
});

describe('passes a kept name that varies per deployment, and a name nothing keeps', () => {
  test('an id from uniquePerDeploymentName (a stack-id-derived suffix)', () => {
    expect(violationsOf((stack) => retain(user(stack, uniquePerDeploymentName(stack, 40, { lowercase: true }))))).toEqual([]);
  });

  test('a user group whose id references a resource whose own name varies per deployment', () => {
    const violations = violationsOf((stack) => {
      const first = retain(user(stack, uniquePerDeploymentName(stack, 40, { lowercase: true })));
      retain(new CfnUserGroup(stack, 'Group', { engine: 'valkey', userGroupId: `g-${first.ref}`, userIds: ['default'] }));
    });
    expect(violations).toEqual([]);
  });

  test('a replication group with DeletionPolicy Snapshot: the group is deleted, CloudFormation names the snapshot', () => {
    const violations = violationsOf((stack) =>
      retain(
        new CfnReplicationGroup(stack, 'Group', { replicationGroupDescription: 'd', replicationGroupId: 'orders' }),
        RemovalPolicy.SNAPSHOT,
      ),
    );
    expect(violations).toEqual([]);
  });

  test('a deleted user with a literal id', () => {
    expect(violationsOf((stack) => retain(user(stack, 'app-user'), RemovalPolicy.DESTROY))).toEqual([]);
  });
});
