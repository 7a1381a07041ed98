/**
 * The cluster's nodes and the ketama circle over them. A new node list (from Auto Discovery) is applied without
 * dropping a request: nodes that join are connected first, then the circle is swapped in one step (a call picks its
 * node and writes its request in the same tick, so none sees half a change), and nodes that leave keep their
 * connection until the requests already sent to them are answered.
 */
import { KetamaDigest, KetamaNodeKeyFormat, KetamaRing, ketamaNodeKey, NodeAddress } from './ketama';
import { MemcachedNode, nodeId, NodeSettings } from './node';

/** Where the keys of a node that is taken out go. */
export type WhenNodeDown = 'fail' | 'redistribute';

export interface NodeSetSettings extends NodeSettings {
  readonly digest: KetamaDigest;
  readonly nodeKeyFormat: KetamaNodeKeyFormat;
  readonly whenNodeDown: WhenNodeDown;
  /** How long a node that left may keep answering requests sent to it before. */
  readonly retireGraceMs: number;
}

/** What {@link NodeSet.apply} changed, by node id. */
export interface NodeListChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export class NodeSet {
  private nodes = new Map<string, MemcachedNode>();
  private ring = new KetamaRing<MemcachedNode>([]);

  constructor(private readonly settings: NodeSetSettings) {}

  /** The current nodes, in the order of the last list applied. */
  list(): readonly MemcachedNode[] {
    return [...this.nodes.values()];
  }

  /** Makes `addresses` the node list. Resolves once joining nodes are connected (or failed to) and the circle swapped. */
  async apply(addresses: readonly NodeAddress[]): Promise<NodeListChange> {
    if (addresses.length === 0) throw new Error('a Memcached node list cannot be empty');
    const next = new Map<string, MemcachedNode>();
    const joining: MemcachedNode[] = [];
    for (const address of addresses) {
      const id = nodeId(address);
      const node = this.nodes.get(id) ?? new MemcachedNode(address, this.settings);
      if (!this.nodes.has(id)) joining.push(node);
      next.set(id, node);
    }
    await Promise.all(joining.map((node) => node.warm()));
    const leaving = [...this.nodes.values()].filter((node) => !next.has(node.id));
    this.nodes = next;
    this.ring = new KetamaRing(
      [...next.values()].map((node) => ({ node, name: ketamaNodeKey(node.address, this.settings.nodeKeyFormat) })),
      this.settings.digest,
    );
    for (const node of leaving) node.retire(this.settings.retireGraceMs);
    return { added: joining.map((n) => n.id), removed: leaving.map((n) => n.id) };
  }

  /** The node for `key`: its owner on the circle, or while that one is taken out and the set redistributes, the next one up. */
  nodeFor(key: string): MemcachedNode {
    const owner = this.ring.locate(key);
    if (!owner) throw new Error('no Memcached nodes: the node list was never applied');
    if (this.settings.whenNodeDown === 'fail' || !owner.isDown) return owner;
    return this.ring.locateUsable(key, (node) => !node.isDown) ?? owner;
  }

  /** Closes every node now. */
  close(): void {
    for (const node of this.nodes.values()) node.close();
  }
}
