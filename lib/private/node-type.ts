import { DATA_TIERING_NODES, EngineMinimums, NODE_FAMILIES, NODE_FAMILY_SOURCES } from '../facts/node-families';

/** ElastiCache's "Supported node types" page, for messages. */
const NODE_TYPES_PAGE = NODE_FAMILY_SOURCES[0].url;

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

/** An engine as the node-type rules see it: its name (`valkey`, `redis`, `memcached`) and a version comparison. */
export interface NodeTypeEngine {
  readonly name: string;
  isAtLeast(version: string): boolean;
  toString(): string;
}

const ENGINE_LABELS: Record<keyof EngineMinimums, string> = { valkey: 'Valkey', redis: 'Redis OSS', memcached: 'Memcached' };

/**
 * Whether `engine` runs on the node family of `info`, per ElastiCache's "Supported node types" tables
 * (lib/facts/node-families.ts, checked 2026-12-04): e.g. Graviton Memcached nodes need 1.5.16, c7gn/m8g/r8g/c8gn
 * Memcached 1.6.6, r7g/m7g/c7gn Redis OSS 6.2, and the 8th Graviton generation is offered for Valkey and Memcached
 * only. Returns the message naming `prop`, or undefined when the pair is valid or the family is not in the table.
 */
export function nodeTypeEngineProblem(prop: string, info: NodeTypeInfo, engine: NodeTypeEngine): string | undefined {
  const family = NODE_FAMILIES.find((f) => f.family === nodeFamily(info));
  if (!family || !(engine.name in ENGINE_LABELS)) return undefined;
  const name = engine.name as keyof EngineMinimums;
  const minimum = family.minimumEngine[name];
  const offered = (Object.keys(family.minimumEngine) as (keyof EngineMinimums)[])
    .map((e) => `${ENGINE_LABELS[e]} ${family.minimumEngine[e]}+`)
    .join(', ');
  if (minimum === undefined) {
    return `${prop} '${info.nodeType}' is not offered for ${ENGINE_LABELS[name]}: the ${family.family} family runs ${offered} (${NODE_TYPES_PAGE})`;
  }
  return engine.isAtLeast(minimum)
    ? undefined
    : `${prop} '${info.nodeType}' needs ${ENGINE_LABELS[name]} ${minimum}+, but engine is ${engine.toString()}: upgrade the engine or choose an older node family (${NODE_TYPES_PAGE})`;
}
