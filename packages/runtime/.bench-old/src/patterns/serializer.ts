/**
 * Turns values into the strings stored in the cache and back. Pass your own to store e.g.
 * MessagePack/base64, compressed or encrypted payloads; the patterns never look inside the string.
 */
export interface Serializer<T> {
  serialize(value: T): string;
  deserialize(raw: string): T;
}

/**
 * The default: JSON. Readable from any language and from `redis-cli`, which matters for a cache
 * shared by several services. `Date`s come back as ISO strings and `Map`/`Set` do not survive; use
 * a custom serializer for those.
 */
export function jsonSerializer<T>(): Serializer<T> {
  return {
    serialize: (value) => JSON.stringify(value),
    deserialize: (raw) => JSON.parse(raw) as T,
  };
}
