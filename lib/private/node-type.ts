import { DATA_TIERING_NODES } from '../facts/node-families';

/**
 * A parsed ElastiCache node type such as `cache.r7g.large`: `cache.<class><generation><attributes>.<size>`.
 * Validation rules read the class and attributes from here instead of matching strings in several places.
 */
export interface NodeTypeInfo {
  /** The full node type, e.g. `cache.r6gd.xlarge`. */
  readonly nodeType: string;
  /** The instance class letter(s): `t`, `m`, `r`, `c`. */
  readonly instanceClass: string;
  /** The generation number, e.g. 7 for `r7g`. */
  readonly generation: number;
  /** Attribute letters after the generation, e.g. `gd` for `r6gd`, `gn` for `c7gn`. */
  readonly attributes: string;
  /** The size, e.g. `large`, `2xlarge`, `micro`. */
  readonly size: string;
}

const NODE_TYPE_PATTERN = /^cache\.([a-z]+?)(\d+)([a-z-]*)\.((\d*x?large)|micro|small|medium|nano)$/;

/** The node type format, for error messages. */
export const NODE_TYPE_FORMAT = "'cache.<class><generation>[attributes].<size>', e.g. 'cache.r7g.large' or 'cache.t4g.micro'";

/** Parses a node type; returns undefined when it does not match the ElastiCache format. */
export function parseNodeType(nodeType: string): NodeTypeInfo | undefined {
  const match = NODE_TYPE_PATTERN.exec(nodeType);
  if (!match) return undefined;
  return {
    nodeType,
    instanceClass: match[1],
    generation: Number(match[2]),
    attributes: match[3],
    size: match[4],
  };
}

/** The node family, e.g. `r6gd` for `cache.r6gd.xlarge`. */
export function nodeFamily(info: NodeTypeInfo): string {
  return `${info.instanceClass}${info.generation}${info.attributes}`;
}

/** Data tiering (memory + SSD) exists only on the families lib/facts/node-families.ts lists (r6gd), and is required there. */
export function isDataTieringNodeType(info: NodeTypeInfo): boolean {
  return DATA_TIERING_NODES.families.includes(nodeFamily(info));
}

/** Burstable (T-class) node types. */
export function isBurstable(info: NodeTypeInfo): boolean {
  return info.instanceClass === 't';
}

/** Node types built on the Nitro system (t3/t4g, m5+, r5+, c7gn+): IPv6 and dual-stack networking need them. */
export function isNitroNodeType(info: NodeTypeInfo): boolean {
  const minimumNitroGeneration: Record<string, number> = { t: 3, m: 5, r: 5, c: 7 };
  return info.generation >= (minimumNitroGeneration[info.instanceClass] ?? Infinity);
}
