import { AccessString } from '../../lib/auth/access-string';
import { RUNTIME_PERMISSIONS } from '../../lib/auth/runtime-permissions';

// What each level grants is decided by the runtime's permission table (packages/runtime/src/permissions.ts, compiled
// here as lib/auth/runtime-permissions.ts); packages/runtime/test/least-privilege.test.ts proves it on a real server.
describe('AccessString levels', () => {
  test('readWrite grants the data categories and what every runtime pattern needs, nothing dangerous', () => {
    expect(AccessString.readWrite('app:*').value).toBe(
      'on ~app:* &* -@all +@read +@write +@connection +@transaction +@pubsub -@dangerous -@scripting ' +
        '+info +cluster|slots +cluster|info +evalsha +eval +script|load +time',
    );
  });

  test('readOnly grants reads, subscriptions and the connection commands the runtime needs, no write and no publish', () => {
    expect(AccessString.readOnly('app:*').value).toBe(
      'on ~app:* &* -@all +@read +@connection +@transaction -@dangerous ' +
        '+info +cluster|slots +cluster|info +subscribe +unsubscribe +ssubscribe +sunsubscribe',
    );
    expect(AccessString.readOnly().value).not.toMatch(/\+@write|\+@pubsub|\+evalsha|\+publish/);
  });

  test.each(RUNTIME_PERMISSIONS.map((p) => [p.feature, p] as const))('every level that has %s grants its rules', (_, permission) => {
    for (const [level, rules] of Object.entries(permission.rules)) {
      const value = level === 'readOnly' ? AccessString.readOnly().value : AccessString.readWrite().value;
      for (const rule of rules ?? []) expect(value.split(' ')).toContain(rule);
    }
  });

  test('single commands come after -@dangerous, so the category removal cannot take them back', () => {
    for (const value of [AccessString.readOnly().value, AccessString.readWrite().value]) {
      const rules = value.split(' ');
      const dangerous = rules.indexOf('-@dangerous');
      expect(rules.indexOf('+info')).toBeGreaterThan(dangerous);
      expect(rules.indexOf('-@all')).toBeLessThan(rules.findIndex((rule) => rule.startsWith('+')));
    }
  });
});
