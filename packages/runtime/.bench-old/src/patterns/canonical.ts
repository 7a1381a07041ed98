import { createHash } from 'node:crypto';

/**
 * A canonical text of a value: equal inputs give equal text whatever their key order, and different inputs give
 * different text. Objects sort their keys (properties holding `undefined` are skipped, as in JSON); typed arrays
 * read as arrays of numbers; `-0` is `0`; NaN and ±Infinity get their own unquoted tokens (JSON would turn them
 * into `null`, colliding with a real null); objects with `toJSON` (Date) use it. Map, Set, functions, symbols
 * and cycles are refused, since they have no single obvious text.
 */
export function canonicalize(value: unknown): string {
  return encode(value, new Set());
}

/** SHA-256 of {@link canonicalize}(value), base64url (43 characters). */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(canonicalize(value)).digest('base64url');
}

function encode(value: unknown, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value === 0 ? 0 : value) : String(value);
    case 'bigint':
      return `${value}n`;
    case 'object':
      if (value === null) return 'null';
      return encodeObject(value, ancestors);
    default:
      throw new TypeError(`cannot canonicalize a ${typeof value}`);
  }
}

function encodeObject(value: object, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new TypeError('cannot canonicalize a cyclic structure');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item: unknown) => encode(item, ancestors)).join(',')}]`;
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return `[${Array.from(value as unknown as ArrayLike<number | bigint>, (item) => encode(item, ancestors)).join(',')}]`;
    }
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return encode(withToJson.toJSON(), ancestors);
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new TypeError(`cannot canonicalize a ${value.constructor?.name ?? 'non-plain object'}; pass plain objects and arrays`);
    }
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${encode(record[key], ancestors)}`);
    return `{${fields.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
