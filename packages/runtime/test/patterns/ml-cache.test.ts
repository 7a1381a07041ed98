import { float32Serializer, jsonBinarySerializer } from '../../src/patterns/binary-serializer';
import { canonicalize, stableHash } from '../../src/patterns/canonical';
import { FeatureCache } from '../../src/patterns/feature-cache';
import { InferenceCache } from '../../src/patterns/inference-cache';
import { useRedisServer } from '../redis-server';

const suite = useRedisServer();
/** These tests are about batching, encoding and keys, not about the 100 ms bound (a loaded machine may exceed it). */
const generous = { timeoutMs: 2_000 };
beforeEach(() => suite.redis.flushall());

describe('float32Serializer', () => {
  test('stores 4 bytes per element after a 4-byte header and reads back the same float32 values', () => {
    const vector = Float32Array.from([0.1, -2.5, 3e38, Number.NaN, -0]);
    const bytes = float32Serializer().serialize(vector);
    expect(bytes.length).toBe(4 + 5 * 4);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from('\0f32', 'latin1'));
    expect(float32Serializer().deserialize(bytes)).toEqual(vector);
    expect(float32Serializer().deserialize(Buffer.concat([Buffer.from('xx'), bytes]).subarray(2))).toEqual(vector); // unaligned input
  });

  test('is several times smaller than JSON for a 128-dimension embedding, and refuses what it did not write', () => {
    const embedding = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i) / 3);
    expect(float32Serializer().serialize(embedding).length).toBe(516);
    expect(jsonBinarySerializer().serialize(Array.from(embedding)).length).toBeGreaterThan(2_300);
    expect(() => float32Serializer().deserialize(Buffer.from('[1,2,3]'))).toThrow(/not a float32 vector/);
  });
});

describe('FeatureCache', () => {
  test('getMany reads 100 ids with one pipeline holding one MGET, in order, misses as undefined', async () => {
    const features = new FeatureCache(suite.redis, { serializer: float32Serializer(), ...generous });
    const ids = Array.from({ length: 100 }, (_, i) => `u${i}`);
    await features.setMany(
      ids.filter((_, i) => i % 10 !== 0).map((id) => [id, Float32Array.from([Number(id.slice(1)), 1])] as const),
      60,
    );
    const commandsBefore = await mgetCalls();

    const values = await features.getMany(ids);

    expect(values.map((v) => (v === undefined ? undefined : v[0]))).toEqual(ids.map((_, i) => (i % 10 === 0 ? undefined : i)));
    expect((await mgetCalls()) - commandsBefore).toBe(1);
    expect(features.stats()).toEqual({ hits: 90, misses: 10, errors: 0 });
    expect(await suite.redis.pttl('feature:u1')).toBeGreaterThan(50_000);
  });

  test('JSON stays the default serializer', async () => {
    const features = new FeatureCache<{ age: number }>(suite.redis, { keyPrefix: 'f:', ...generous });
    await features.setMany([['a', { age: 3 }]], 60);
    expect(await suite.redis.get('f:a')).toBe('{"age":3}');
    expect(await features.getMany(['a', 'b'])).toEqual([{ age: 3 }, undefined]);
  });

  async function mgetCalls(): Promise<number> {
    return Number(/cmdstat_mget:calls=(\d+)/.exec(await suite.redis.info('commandstats'))?.[1] ?? 0);
  }
});

describe('canonical input hashing', () => {
  test('equal inputs hash equal whatever their key order; different inputs never collide on JSON quirks', () => {
    expect(canonicalize({ b: 1, a: [1, { y: 2, x: 1 }] })).toBe('{"a":[1,{"x":1,"y":2}],"b":1}');
    expect(stableHash({ b: 1, a: 2 })).toBe(stableHash({ a: 2, b: 1 }));
    expect(stableHash({ a: 1, skip: undefined })).toBe(stableHash({ a: 1 }));
    expect(stableHash(Float32Array.from([1, 2]))).toBe(stableHash([1, 2]));
    expect(stableHash(-0)).toBe(stableHash(0));
    const distinct = [null, Number.NaN, Infinity, 'NaN', '1', 1, 1n, [1], { 0: 1 }, true, 'true'];
    expect(new Set(distinct.map(stableHash)).size).toBe(distinct.length);
    expect(stableHash({ at: new Date(0) })).toBe(stableHash({ at: '1970-01-01T00:00:00.000Z' }));
  });

  test('refuses values with no single canonical text', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalize(cyclic)).toThrow('cyclic');
    expect(() => canonicalize(new Map())).toThrow('cannot canonicalize a Map');
    expect(() => canonicalize([undefined])).toThrow('cannot canonicalize a undefined');
  });
});

describe('InferenceCache', () => {
  test('runs the model once per input, keyed by model id, version and canonical input', async () => {
    const model = jest.fn(async (input: { amount: number; country: string }) => input.amount / 100);
    const v1 = new InferenceCache<{ amount: number; country: string }, number>(suite.redis, {
      modelId: 'fraud',
      modelVersion: '1',
      ...generous,
    });

    expect(await v1.getOrInfer({ amount: 50, country: 'DE' }, model)).toBe(0.5);
    expect(await v1.getOrInfer({ country: 'DE', amount: 50 }, model)).toBe(0.5); // same input, other key order
    expect(model).toHaveBeenCalledTimes(1);
    expect(v1.keyFor({ amount: 50, country: 'DE' })).toMatch(/^inference:fraud@1:[A-Za-z0-9_-]{43}$/);
    expect(await suite.redis.exists(v1.keyFor({ amount: 50, country: 'DE' }))).toBe(1);

    const v2 = new InferenceCache<{ amount: number; country: string }, number>(suite.redis, {
      modelId: 'fraud',
      modelVersion: '2',
      ...generous,
    });
    const modelV2 = jest.fn(async () => 0.7);
    expect(await v2.getOrInfer({ amount: 50, country: 'DE' }, modelV2)).toBe(0.7); // a new version never reads v1's result
    expect(modelV2).toHaveBeenCalledTimes(1);
    expect(v2.keyFor({ amount: 50, country: 'DE' })).not.toBe(v1.keyFor({ amount: 50, country: 'DE' }));
  });

  test('concurrent requests for one input run the model once (single-flight), and invalidate forgets a result', async () => {
    const cache = new InferenceCache<number[], string>(suite.redis, { modelId: 'embed', modelVersion: '2024-06', ttl: 60, ...generous });
    const model = jest.fn(async (input: number[]) => `label-${input.length}`);
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.getOrInfer([1, 2, 3], model)));
    expect(new Set(results)).toEqual(new Set(['label-3']));
    expect(model).toHaveBeenCalledTimes(1);
    expect(await cache.invalidate([1, 2, 3])).toBe(true);
    await cache.getOrInfer([1, 2, 3], model);
    expect(model).toHaveBeenCalledTimes(2);
  });
});
