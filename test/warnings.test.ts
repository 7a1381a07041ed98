import { Annotations as CdkAnnotations, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup } from '../lib';
import { isolatedVpc, newStack } from './helpers/stacks';

/** A cache with a user group: it always warns `cdk-elasticache:user-group-replaces-token-cache`. */
function userGroupCache() {
  const stack = newStack();
  const users = new CacheUserGroup(stack, 'Users', { users: [new CacheUser(stack, 'App', { userName: 'app' })] });
  const cache = new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), authentication: CacheAuthentication.rbac(users) });
  return { stack, cache };
}

const warnings = (stack: import('aws-cdk-lib').Stack) =>
  Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-elasticache:user-group-replaces-token-cache'));

describe('warning ids', () => {
  test('a warning carries its id in the cdk-elasticache:<name> format', () => {
    const { stack } = userGroupCache();
    expect(warnings(stack)).toHaveLength(1);
    expect(warnings(stack)[0].entry.data as string).toMatch(/\[ack: Annotation::cdk-elasticache:user-group-replaces-token-cache\]$/);
  });

  test('Validations.acknowledge with the id silences it', () => {
    const { stack, cache } = userGroupCache();
    Validations.of(cache).acknowledge({ id: 'cdk-elasticache:user-group-replaces-token-cache', reason: 'a new cache' });
    expect(warnings(stack)).toEqual([]);
  });

  test('the older Annotations.acknowledgeWarning needs the Annotation:: prefix that Validations records', () => {
    const bare = userGroupCache();
    CdkAnnotations.of(bare.cache).acknowledgeWarning('cdk-elasticache:user-group-replaces-token-cache', 'a new cache');
    expect(warnings(bare.stack)).toHaveLength(1);
    const prefixed = userGroupCache();
    CdkAnnotations.of(prefixed.cache).acknowledgeWarning('Annotation::cdk-elasticache:user-group-replaces-token-cache', 'a new cache');
    expect(warnings(prefixed.stack)).toEqual([]);
  });
});
