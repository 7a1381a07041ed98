import { Annotations as CdkAnnotations, Duration, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup } from '../lib';
import { isolatedVpc, newStack } from './helpers/stacks';

const ID = 'cdk-elasticache:backup-retention-compliance';

/** A cache that keeps backups 7 days: it warns `cdk-elasticache:backup-retention-compliance`. */
function shortBackupCache() {
  const stack = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), backup: { retention: Duration.days(7) } });
  return { stack, cache };
}

const warnings = (stack: import('aws-cdk-lib').Stack, id = ID) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(id));

describe('warning ids', () => {
  test('a warning carries its id in the cdk-elasticache:<name> format', () => {
    const { stack } = shortBackupCache();
    expect(warnings(stack)).toHaveLength(1);
    expect(warnings(stack)[0].entry.data as string).toMatch(/\[ack: Annotation::cdk-elasticache:backup-retention-compliance\]$/);
  });

  test('Validations.acknowledge with the id silences it', () => {
    const { stack, cache } = shortBackupCache();
    Validations.of(cache).acknowledge({ id: ID, reason: 'a dev cache' });
    expect(warnings(stack)).toEqual([]);
  });

  test('the older Annotations.acknowledgeWarning needs the Annotation:: prefix that Validations records', () => {
    const bare = shortBackupCache();
    CdkAnnotations.of(bare.cache).acknowledgeWarning(ID, 'a dev cache');
    expect(warnings(bare.stack)).toHaveLength(1);
    const prefixed = shortBackupCache();
    CdkAnnotations.of(prefixed.cache).acknowledgeWarning(`Annotation::${ID}`, 'a dev cache');
    expect(warnings(prefixed.stack)).toEqual([]);
  });
});

describe('warnings fire only where the risk can be real', () => {
  test('a new RBAC or IAM cache has no user-group-replaces-token-cache warning: synth cannot know it replaces anything', () => {
    // It used to fire on every cache with a user group, so users learned to silence it. The switch from an AUTH token
    // to a user group is reported by the reviewer, which sees the deployed template
    // (test/replication-group/auth-switch.test.ts).
    const stack = newStack();
    const users = new CacheUserGroup(stack, 'Users', { users: [new CacheUser(stack, 'App', { userName: 'app' })] });
    new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), authentication: CacheAuthentication.rbac(users) });
    expect(warnings(stack, 'cdk-elasticache:.*')).toEqual([]);
  });
});
