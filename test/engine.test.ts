import { CacheEngine, EngineName } from '../lib';

describe('CacheEngine', () => {
  test.each([
    [CacheEngine.VALKEY_7_2, 'valkey7'],
    [CacheEngine.VALKEY_8_0, 'valkey8'],
    [CacheEngine.VALKEY_8_2, 'valkey8'],
    [CacheEngine.VALKEY_9_0, 'valkey9'],
    [CacheEngine.REDIS_7_1, 'redis7'],
    [CacheEngine.REDIS_6_2, 'redis6.x'],
    [CacheEngine.of(EngineName.REDIS, '5.0.6'), 'redis5.0'],
  ])('%s maps to parameter family %s', (engine, family) => {
    expect(engine.parameterGroupFamily).toBe(family);
  });

  test('the default is the newest Valkey', () => {
    expect(CacheEngine.LATEST).toBe(CacheEngine.VALKEY_9_0);
  });

  test('feature gates follow the engine version', () => {
    expect(CacheEngine.REDIS_6_2.supportsTransitEncryptionMode).toBe(false);
    expect(CacheEngine.REDIS_7_0.supportsTransitEncryptionMode).toBe(true);
    expect(CacheEngine.VALKEY_7_2.supportsTransitEncryptionMode).toBe(true);
    expect(CacheEngine.of(EngineName.REDIS, '6.0').supportsIpv6).toBe(false);
    expect(CacheEngine.REDIS_6_2.supportsIpv6).toBe(true);
    expect(CacheEngine.of(EngineName.REDIS, '3.2.6').supportsTransitEncryption).toBe(true);
    expect(CacheEngine.of(EngineName.REDIS, '3.2.4').supportsTransitEncryption).toBe(false);
    expect(CacheEngine.VALKEY_8_1.isAtLeast(8, 1)).toBe(true);
    expect(CacheEngine.VALKEY_8_0.isAtLeast(8, 1)).toBe(false);
  });
});
