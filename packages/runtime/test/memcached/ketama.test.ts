import { KetamaDigest, ketamaNodeKey, KetamaRing, POINTS_PER_SERVER } from '../../src/memcached/ketama';

/**
 * Vectors from the ElastiCache Cluster Client for Java's KetamaNodeLocatorTest.java
 * (awslabs/aws-elasticache-cluster-client-memcached-for-java): the MD5 ones as of the parent of commit 5fac5b3 (the
 * test as inherited from spymemcached), the SHA-384 ones as of that commit and later (client 1.2.0+). Nodes there are
 * `127.0.0.1:10000`... (`InetSocketAddress.createUnresolved`) or the IP literals `10.0.1.1:11211`...
 */
const local = (n: number) => Array.from({ length: n }, (_, i) => ({ node: i, name: `127.0.0.1:${10000 + i}` }));
const tenNet = Array.from({ length: 8 }, (_, i) => `10.0.1.${i + 1}:11211`).map((s) => ({ node: s, name: s }));

const VECTORS: Record<KetamaDigest, { four: Record<string, number>; five: Record<string, number>; eight: Record<string, string> }> = {
  md5: {
    four: { dustin: 0, noelani: 2, 'some other key': 0, V5XS8C8N: 3, '8KR2DKR2': 3, L9KH6X4X: 3 },
    five: { '36': 2, '10037': 3, '22051': 1, '49044': 4 },
    eight: {
      '137470': '10.0.1.2:11211',
      '137703': '10.0.1.3:11211',
      '137936': '10.0.1.1:11211',
      '138169': '10.0.1.6:11211',
      '138402': '10.0.1.8:11211',
      '138635': '10.0.1.7:11211',
      '138868': '10.0.1.2:11211',
      '139101': '10.0.1.4:11211',
      '139334': '10.0.1.7:11211',
      '139567': '10.0.1.6:11211',
      '139800': '10.0.1.1:11211',
      '140033': '10.0.1.8:11211',
    },
  },
  sha384: {
    four: { dustin: 1, noelani: 2, 'some other key': 1, MJ7KVRNK: 3, LBWDFQG2: 3, GNZJD9D9: 3, V63F38Q5: 0, BBPS74BZ: 0 },
    five: { '36': 1, '10037': 1, '22051': 0, '49044': 3, V63F38Q5: 0, BBPS74BZ: 4 },
    eight: {
      '137470': '10.0.1.3:11211',
      '137703': '10.0.1.8:11211',
      '137936': '10.0.1.2:11211',
      '138169': '10.0.1.4:11211',
      '138402': '10.0.1.4:11211',
      '138635': '10.0.1.3:11211',
      '138868': '10.0.1.2:11211',
      '139101': '10.0.1.6:11211',
      '139334': '10.0.1.4:11211',
      '139567': '10.0.1.6:11211',
    },
  },
};

describe.each(['md5', 'sha384'] as const)('KetamaRing (%s) matches the Java cluster client', (digest) => {
  test('on 4 and 5 local nodes, including keys past the last point (wrapping) and resizing', () => {
    const four = new KetamaRing(local(4), digest);
    const five = new KetamaRing(local(5), digest);
    for (const [key, node] of Object.entries(VECTORS[digest].four)) expect([key, four.locate(key)]).toEqual([key, node]);
    for (const [key, node] of Object.entries(VECTORS[digest].five)) expect([key, five.locate(key)]).toEqual([key, node]);
  });

  test('on 8 IP-literal nodes', () => {
    const ring = new KetamaRing(tenNet, digest);
    for (const [key, node] of Object.entries(VECTORS[digest].eight)) expect([key, ring.locate(key)]).toEqual([key, node]);
  });
});

describe('KetamaRing', () => {
  test('places 160 points per server', () => {
    expect(POINTS_PER_SERVER).toBe(160);
    expect(new KetamaRing(local(3)).size).toBe(480);
    expect(new KetamaRing([]).locate('k')).toBeUndefined();
  });

  test('a fourth node takes only keys from the other three, about a quarter of them', () => {
    const names = [30001, 30002, 30003, 30004].map((port) => ({
      node: port,
      name: ketamaNodeKey({ hostname: 'localhost', ip: '127.0.0.1', port }),
    }));
    const three = new KetamaRing(names.slice(0, 3));
    const four = new KetamaRing(names);
    const keys = Array.from({ length: 20_000 }, (_, i) => `key:${i}`);
    const moved = keys.filter((k) => three.locate(k) !== four.locate(k));
    expect(moved.every((k) => four.locate(k) === 30004)).toBe(true);
    expect(moved.length / keys.length).toBeGreaterThan(0.15);
    expect(moved.length / keys.length).toBeLessThan(0.35);
  });

  test('locateUsable walks clockwise past unusable nodes, spreading a down node over the others', () => {
    const ring = new KetamaRing(local(4));
    const keys = Array.from({ length: 4_000 }, (_, i) => `k${i}`);
    const ownedBy2 = keys.filter((k) => ring.locate(k) === 2);
    const elsewhere = ownedBy2.map((k) => ring.locateUsable(k, (n) => n !== 2));
    expect(new Set(elsewhere)).toEqual(new Set([0, 1, 3]));
    expect(keys.filter((k) => ring.locate(k) !== 2).every((k) => ring.locateUsable(k, (n) => n !== 2) === ring.locate(k))).toBe(true);
    expect(ring.locateUsable('k', () => false)).toBeUndefined();
  });
});

describe('ketamaNodeKey', () => {
  test("spymemcached's hostname/ip:port, libmemcached's hostname[:port]", () => {
    const node = { hostname: 'c.abc.0001.use1.cache.amazonaws.com', ip: '10.0.0.5', port: 11211 };
    expect(ketamaNodeKey(node)).toBe('c.abc.0001.use1.cache.amazonaws.com/10.0.0.5:11211');
    expect(ketamaNodeKey({ ...node, ip: '' })).toBe('c.abc.0001.use1.cache.amazonaws.com:11211');
    expect(ketamaNodeKey({ hostname: '10.0.1.1', ip: '10.0.1.1', port: 11211 })).toBe('10.0.1.1:11211');
    expect(ketamaNodeKey(node, 'libmemcached')).toBe('c.abc.0001.use1.cache.amazonaws.com');
    expect(ketamaNodeKey({ ...node, port: 11212 }, 'libmemcached')).toBe('c.abc.0001.use1.cache.amazonaws.com:11212');
  });
});
