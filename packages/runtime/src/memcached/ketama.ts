/**
 * Ketama consistent hashing, compatible with the ElastiCache Cluster Client for Java (a fork of spymemcached, whose
 * `KetamaNodeLocator` it uses):
 *
 * - each server is placed at 160 points on a 32-bit circle: 40 MD5 digests of `<node key>-<i>`, 4 points from each
 *   digest's first 16 bytes, read little-endian (couchbase/spymemcached KetamaNodeLocator.java, `numReps = 160` in
 *   DefaultKetamaNodeLocatorConfiguration.java);
 * - a key hashes to the first 4 bytes of its MD5, little-endian (`KETAMA_HASH` in DefaultHashAlgorithm.java), and
 *   belongs to the first server point at or after it, wrapping to the first point;
 * - the node key is `hostname/ip:port` (spymemcached's format) or `hostname[:port]` (libmemcached's, the PHP cluster
 *   client's; the port only when it is not 11211) (KetamaNodeKeyFormatter.java).
 *
 * Adding a fourth server to three takes over only the arcs its own points cut, about a quarter of the keys; no key
 * moves between the servers that stay (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/BestPractices.LoadBalancing.html).
 * The unit tests check this file against the spymemcached test vectors.
 */
import { createHash } from 'node:crypto';

/** Points per server on the circle (spymemcached and libmemcached both use 160). */
export const POINTS_PER_SERVER = 160;

/**
 * The digest that places servers and keys. `md5` is ketama as libketama, libmemcached (the PHP cluster client),
 * spymemcached and the Java cluster client before 1.2.0 compute it; the Java cluster client 1.2.0 and later use the
 * first 16 bytes of SHA-384 instead (awslabs/aws-elasticache-cluster-client-memcached-for-java commit 5fac5b3,
 * "Move the Ketama hash function from MD5 to SHA-384", 2022-05-10).
 */
export type KetamaDigest = 'md5' | 'sha384';

/** How a server is named on the circle; clients sharing a cluster must agree, or they store keys on different nodes. */
export type KetamaNodeKeyFormat = 'spymemcached' | 'libmemcached';

/** What discovery knows of a node: ElastiCache's `hostname|ip|port` (the IP may be empty). */
export interface NodeAddress {
  readonly hostname: string;
  readonly ip: string;
  readonly port: number;
}

/** A node's name on the circle (without the `-<i>` suffix). */
export function ketamaNodeKey(node: NodeAddress, format: KetamaNodeKeyFormat = 'spymemcached'): string {
  if (format === 'libmemcached') return node.port === 11211 ? node.hostname : `${node.hostname}:${node.port}`;
  // Java's InetSocketAddress.toString(): `hostname/ip:port`; spymemcached drops a leading '/' (no host name).
  if (!node.ip) return `${node.hostname}:${node.port}`;
  return node.hostname && node.hostname !== node.ip ? `${node.hostname}/${node.ip}:${node.port}` : `${node.ip}:${node.port}`;
}

/** A key's position on the circle: the first 4 bytes of its digest, little-endian, unsigned. */
export function ketamaHash(key: string, digest: KetamaDigest = 'md5'): number {
  return createHash(digest).update(key).digest().readUInt32LE(0);
}

/** The circle: sorted points and the node at each. Immutable; a node list change builds a new one. */
export class KetamaRing<N> {
  private readonly points: Uint32Array;
  private readonly owners: N[];

  /** @param nodes each node with its node key (see {@link ketamaNodeKey}) */
  constructor(
    nodes: readonly { readonly node: N; readonly name: string }[],
    private readonly digest: KetamaDigest = 'md5',
  ) {
    const placed: { point: number; owner: number }[] = [];
    nodes.forEach(({ name }, owner) => {
      for (let i = 0; i < POINTS_PER_SERVER / 4; i++) {
        const digest = createHash(this.digest).update(`${name}-${i}`).digest();
        for (let h = 0; h < 4; h++) placed.push({ point: digest.readUInt32LE(h * 4), owner });
      }
    });
    // Stable sort; on a collision the later node wins, as with spymemcached's TreeMap.put.
    placed.sort((a, b) => a.point - b.point);
    const unique = placed.filter((p, i) => i + 1 === placed.length || placed[i + 1].point !== p.point);
    this.points = Uint32Array.from(unique, (p) => p.point);
    this.owners = unique.map((p) => nodes[p.owner].node);
  }

  /** Number of points (160 per node, fewer only on a hash collision). */
  get size(): number {
    return this.points.length;
  }

  /** The node that owns `key`; `undefined` on an empty ring. */
  locate(key: string): N | undefined {
    return this.owners[this.indexOf(ketamaHash(key, this.digest))];
  }

  /**
   * The first node at or after `key`'s position, walking clockwise, that `usable` accepts: where a key goes while its
   * own node is taken out (each of that node's arcs falls to the node after it on the circle).
   */
  locateUsable(key: string, usable: (node: N) => boolean): N | undefined {
    const start = this.indexOf(ketamaHash(key, this.digest));
    const seen = new Set<N>();
    for (let step = 0; step < this.owners.length; step++) {
      const node = this.owners[(start + step) % this.owners.length];
      if (seen.has(node)) continue;
      if (usable(node)) return node;
      seen.add(node);
    }
    return undefined;
  }

  /** Index of the first point ≥ `hash`, wrapping to 0. */
  private indexOf(hash: number): number {
    const points = this.points;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (points[mid] < hash) low = mid + 1;
      else high = mid;
    }
    return low === points.length ? 0 : low;
  }
}
