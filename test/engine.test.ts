import { CacheEngine, EngineName } from '../lib';
import { ENGINE_VERSIONS } from '../lib/engine-versions';
import { cacheStack } from './helpers/stacks';
import { Annotations, Match } from 'aws-cdk-lib/assertions';

describe('CacheEngine', () => {
  test.each([
    [CacheEngine.VALKEY_7_2, 'valkey7'],
    [CacheEngine.VALKEY_8_0, 'valkey8'],
    [CacheEngine.VALKEY_8_2, 'valkey8'],
    [CacheEngine.VALKEY_9_0, 'valkey9'],
    [CacheEngine.VALKEY_9_1, 'valkey9'],
    [CacheEngine.REDIS_7_1, 'redis7'],
    [CacheEngine.REDIS_6_2, 'redis6.x'],
    [CacheEngine.of(EngineName.REDIS, '5.0.6'), 'redis5.0'],
    [CacheEngine.of(EngineName.REDIS, '4.0.10'), 'redis4.0'],
  ])('%s maps to parameter family %s', (engine, family) => {
    expect(engine.parameterGroupFamily).toBe(family);
    expect(engine.isKnownVersion).toBe(true);
  });

  test('every constant is a row of the version table', () => {
    const constants = Object.values(CacheEngine).filter((v): v is CacheEngine => v instanceof CacheEngine);
    for (const engine of constants) {
      expect(ENGINE_VERSIONS).toContainEqual({ engine: engine.name, version: engine.version, family: engine.parameterGroupFamily });
    }
  });

  test('LATEST is the newest Valkey in the table (it moves between releases; the construct default does not)', () => {
    const valkey = ENGINE_VERSIONS.filter((v) => v.engine === 'valkey').map((v) => v.version);
    expect(CacheEngine.LATEST.version).toBe(valkey[valkey.length - 1]);
  });

  test.each([
    [EngineName.VALKEY, '8.3', /'8.3' is not offered by ElastiCache for valkey: use one of 8.0, 8.1, 8.2$/],
    [EngineName.VALKEY, '7.0', /'7.0' is not offered by ElastiCache for valkey: use one of 7.2$/],
    [EngineName.VALKEY, '6.2', /use one of 7.2, 8.0, 8.1, 8.2, 9.0, 9.1 \(valkey 6.x is not offered\)/],
    [EngineName.REDIS, '7.2', /'7.2' is not offered by ElastiCache for redis: use one of 7.0, 7.1$/],
    [EngineName.REDIS, '6.1', /use one of 6.0, 6.2$/],
    [EngineName.REDIS, '5.0.2', /use one of 5.0.0, 5.0.3, 5.0.4, 5.0.5, 5.0.6$/],
    [EngineName.REDIS, '3.2.6', /\(redis 3.x is not offered\)/],
  ])('rejects %s %s, a version ElastiCache never offered, naming the valid ones', (name, version, message) => {
    expect(() => CacheEngine.of(name, version)).toThrow(message);
  });

  test('accepts a newer major with its derived family, and the construct warns about it', () => {
    const future = CacheEngine.of(EngineName.VALKEY, '10.0');
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
    expect(CacheEngine.REDIS_6_2.supportsTransitEncryptionMode).toBe(false);
    expect(CacheEngine.REDIS_7_0.supportsTransitEncryptionMode).toBe(true);
    expect(CacheEngine.VALKEY_7_2.supportsTransitEncryptionMode).toBe(true);
    expect(CacheEngine.of(EngineName.REDIS, '6.0').supportsIpv6).toBe(false);
    expect(CacheEngine.REDIS_6_2.supportsIpv6).toBe(true);
    expect(CacheEngine.VALKEY_8_1.isAtLeast(8, 1)).toBe(true);
    expect(CacheEngine.VALKEY_8_0.isAtLeast(8, 1)).toBe(false);
  });
});
