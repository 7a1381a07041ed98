import { MemcachedEngine, ReplicationGroupEngine, ReplicationGroupEngineName, ServerlessCacheEngine } from '../lib';
import { ENGINE_VERSIONS } from '../lib/facts/engine-versions';
import { cacheStack } from './helpers/stacks';
import { Annotations, Match } from 'aws-cdk-lib/assertions';

describe('ReplicationGroupEngine', () => {
  test.each([
    [ReplicationGroupEngine.VALKEY_7_2, 'valkey7'],
    [ReplicationGroupEngine.VALKEY_8_0, 'valkey8'],
    [ReplicationGroupEngine.VALKEY_8_2, 'valkey8'],
    [ReplicationGroupEngine.VALKEY_9_0, 'valkey9'],
    [ReplicationGroupEngine.VALKEY_9_1, 'valkey9'],
    [ReplicationGroupEngine.REDIS_7_1, 'redis7'],
    [ReplicationGroupEngine.REDIS_6_2, 'redis6.x'],
    [ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.6'), 'redis5.0'],
    [ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '4.0.10'), 'redis4.0'],
  ])('%s maps to parameter family %s', (engine, family) => {
    expect(engine.parameterGroupFamily).toBe(family);
    expect(engine.isKnownVersion).toBe(true);
  });

  test('every constant is a row of the version table', () => {
    const constants = Object.values(ReplicationGroupEngine).filter((v): v is ReplicationGroupEngine => v instanceof ReplicationGroupEngine);
    for (const engine of constants) {
      expect(ENGINE_VERSIONS).toContainEqual({ engine: engine.name, version: engine.version, family: engine.parameterGroupFamily });
    }
  });

  test('LATEST is the newest Valkey in the table (it moves between releases; the construct default does not)', () => {
    const valkey = ENGINE_VERSIONS.filter((v) => v.engine === 'valkey').map((v) => v.version);
    expect(ReplicationGroupEngine.LATEST.version).toBe(valkey[valkey.length - 1]);
  });

  test.each([
    [ReplicationGroupEngineName.VALKEY, '8.3', /'8.3' is not offered by ElastiCache for valkey: use one of 8.0, 8.1, 8.2$/],
    [ReplicationGroupEngineName.VALKEY, '7.0', /'7.0' is not offered by ElastiCache for valkey: use one of 7.2$/],
    [ReplicationGroupEngineName.VALKEY, '6.2', /use one of 7.2, 8.0, 8.1, 8.2, 9.0, 9.1 \(valkey 6.x is not offered\)/],
    [ReplicationGroupEngineName.REDIS, '7.2', /'7.2' is not offered by ElastiCache for redis: use one of 7.0, 7.1$/],
    [ReplicationGroupEngineName.REDIS, '6.1', /use one of 6.0, 6.2$/],
    [ReplicationGroupEngineName.REDIS, '5.0.2', /use one of 5.0.0, 5.0.3, 5.0.4, 5.0.5, 5.0.6$/],
    [ReplicationGroupEngineName.REDIS, '3.2.6', /\(redis 3.x is not offered\)/],
  ])('rejects %s %s, a version ElastiCache never offered, naming the valid ones', (name, version, message) => {
    expect(() => ReplicationGroupEngine.of(name, version)).toThrow(message);
  });

  test('accepts a newer major with its derived family, and the construct warns about it', () => {
    const future = ReplicationGroupEngine.of(ReplicationGroupEngineName.VALKEY, '10.0');
    expect(future.isKnownVersion).toBe(false);
    expect(future.parameterGroupFamily).toBe('valkey10');
    const { stack, template } = cacheStack({ engine: future });
    template();
    expect(
      Annotations.fromStack(stack).findWarning(
        '*',
        Match.stringLikeRegexp('valkey 10.0 is newer.*ack: Annotation::cdk-elasticache:engine-version-unknown'),
      ),
    ).toHaveLength(1);
  });

  test('feature gates follow the engine version', () => {
    expect(ReplicationGroupEngine.REDIS_6_2.supportsTransitEncryptionMode).toBe(false);
    expect(ReplicationGroupEngine.REDIS_7_0.supportsTransitEncryptionMode).toBe(true);
    expect(ReplicationGroupEngine.VALKEY_7_2.supportsTransitEncryptionMode).toBe(true);
    expect(ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '6.0').supportsIpv6).toBe(false);
    expect(ReplicationGroupEngine.REDIS_6_2.supportsIpv6).toBe(true);
    expect(ReplicationGroupEngine.VALKEY_8_1.isAtLeast('8.1')).toBe(true);
    expect(ReplicationGroupEngine.VALKEY_8_0.isAtLeast('8.1')).toBe(false);
    // One form for every engine class: a version string, with a patch where the engine has one.
    expect(ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.6').isAtLeast('5.0.6')).toBe(true);
    expect(ReplicationGroupEngine.of(ReplicationGroupEngineName.REDIS, '5.0.5').isAtLeast('5.0.6')).toBe(false);
    expect(ServerlessCacheEngine.VALKEY_7.isAtLeast('7.2')).toBe(true);
    expect(ServerlessCacheEngine.REDIS_7.isAtLeast('7.2')).toBe(false);
    expect(ServerlessCacheEngine.VALKEY_8.isAtLeast('8.0')).toBe(true);
    expect(MemcachedEngine.MEMCACHED_1_6_22.isAtLeast('1.6.12')).toBe(true);
  });
});
