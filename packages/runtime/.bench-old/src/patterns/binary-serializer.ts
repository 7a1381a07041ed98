import { endianness } from 'node:os';

/**
 * Turns values into the bytes stored in the cache and back: for payloads where a string would cost (numeric
 * vectors, compressed or encrypted data). The string-based {@link Serializer} stays the default elsewhere.
 */
export interface BinarySerializer<T> {
  serialize(value: T): Buffer;
  deserialize(raw: Buffer): T;
}

/** JSON as UTF-8 bytes: the default, readable from any language and from `redis-cli`. */
export function jsonBinarySerializer<T>(): BinarySerializer<T> {
  return {
    serialize: (value) => Buffer.from(JSON.stringify(value)),
    deserialize: (raw) => JSON.parse(raw.toString('utf8')) as T,
  };
}

/** First bytes of every vector {@link float32Serializer} writes: NUL (never the start of JSON) and "f32". */
const FLOAT32_MAGIC = Buffer.from([0x00, 0x66, 0x33, 0x32]);
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * A numeric vector as 4 header bytes (`\0f32`) and 4 bytes per element, IEEE 754 single precision, little
 * endian: 516 bytes for 128 dimensions, where JSON of the same numbers takes 2-3 KB. Values are rounded to
 * float32 as a Float32Array stores them; `deserialize` returns a fresh array (never a view of a shared buffer).
 */
export function float32Serializer(): BinarySerializer<Float32Array> {
  return {
    serialize(vector) {
      const out = Buffer.allocUnsafe(FLOAT32_MAGIC.length + vector.length * 4);
      FLOAT32_MAGIC.copy(out);
      if (LITTLE_ENDIAN) Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(out, FLOAT32_MAGIC.length);
      else vector.forEach((value, i) => out.writeFloatLE(value, FLOAT32_MAGIC.length + i * 4));
      return out;
    },
    deserialize(raw) {
      const body = raw.length - FLOAT32_MAGIC.length;
      if (body < 0 || body % 4 !== 0 || !raw.subarray(0, FLOAT32_MAGIC.length).equals(FLOAT32_MAGIC)) {
        throw new TypeError(`not a float32 vector (${raw.length} bytes, header ${raw.subarray(0, 4).toString('hex')})`);
      }
      const vector = new Float32Array(body / 4);
      if (LITTLE_ENDIAN) Buffer.from(vector.buffer).set(raw.subarray(FLOAT32_MAGIC.length));
      else vector.forEach((_, i) => (vector[i] = raw.readFloatLE(FLOAT32_MAGIC.length + i * 4)));
      return vector;
    },
  };
}
