/**
 * The Memcached text protocol, as far as this client speaks it: encoding requests and parsing replies. Pure: no
 * sockets, no timers, so every framing case is unit tested.
 *
 * Why the text protocol: it is the one every ElastiCache Memcached supports. Serverless Memcached refuses the binary
 * protocol ("officially deprecated in memcached 1.6",
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/SupportedCommandsMem.html), the meta commands need
 * 1.6 while node-based clusters may still run 1.5, and ElastiCache's `config get cluster` is documented for it
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoDiscovery.AddingToYourClientLibrary.html).
 * Upstream's protocol.txt defines the commands used here: get, gat, set, add, replace, delete, incr, decr, touch,
 * version. Replies come back in request order on one connection, which is what makes pipelining safe.
 */

/** Longest key the text protocol accepts, in bytes. */
export const MAX_KEY_BYTES = 250;
/** Relative expiration times above this many seconds (30 days) are read by the server as a Unix time. */
export const MAX_RELATIVE_EXPTIME = 60 * 60 * 24 * 30;
/**
 * Bytes an item needs beyond its key and value. Measured on memcached 1.6.18 with the default `-I 1m`: the largest
 * value stored under a k-byte key is 1,048,517 − k bytes (59 bytes of header, CAS and CRLF); 64 leaves a margin.
 */
export const ITEM_OVERHEAD_BYTES = 64;

const CRLF = Buffer.from('\r\n');

/** A value in a `VALUE` (or ElastiCache `CONFIG`) block. */
export interface ReplyValue {
  readonly key: string;
  readonly flags: number;
  readonly data: Buffer;
}

/** One complete reply: its final line (`END`, `STORED`, `NOT_FOUND`, a number, `ERROR`, ...) and any values before it. */
export interface Reply {
  readonly line: string;
  readonly values: readonly ReplyValue[];
}

/** Throws a RangeError unless `key` is a valid text-protocol key; returns its length in bytes. */
export function validateKey(key: string): number {
  const bytes = Buffer.byteLength(key);
  if (bytes === 0 || bytes > MAX_KEY_BYTES) {
    throw new RangeError(`memcached keys are 1 to ${MAX_KEY_BYTES} bytes, got ${bytes} bytes: '${key.slice(0, 40)}'`);
  }
  // protocol.txt, "Keys": no whitespace or control characters, i.e. nothing at or below space, nor DEL.
  if ([...key].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new RangeError(`memcached keys cannot contain spaces or control characters: ${JSON.stringify(key.slice(0, 40))}`);
  }
  return bytes;
}

/**
 * The `exptime` field for a TTL in seconds: `0` (never expires) for 0, whole seconds rounded up (memcached has no
 * finer unit, and its clock ticks once a second, so an item lives between n − 1 and n seconds), and a Unix time for
 * TTLs over 30 days, which the server would otherwise read as a date in 1970.
 */
export function exptime(ttlSeconds: number, nowMs: number = Date.now()): number {
  if (!(ttlSeconds >= 0) || !Number.isFinite(ttlSeconds))
    throw new RangeError(`ttl must be a finite number of seconds ≥ 0, got ${ttlSeconds}`);
  const seconds = Math.ceil(ttlSeconds);
  return seconds > MAX_RELATIVE_EXPTIME ? Math.floor(nowMs / 1000) + seconds : seconds;
}

/** A one-line command: `get k`, `delete k`, `incr k 1`, `touch k 60`, `config get cluster`, `version`. */
export function encodeLine(...parts: readonly (string | number)[]): Buffer {
  return Buffer.from(`${parts.join(' ')}\r\n`);
}

/** A storage command: `<command> <key> <flags> <exptime> <bytes>\r\n<data>\r\n`. */
export function encodeStorage(command: 'set' | 'add' | 'replace', key: string, value: Buffer, exptimeField: number, flags = 0): Buffer {
  const header = Buffer.from(`${command} ${key} ${flags} ${exptimeField} ${value.length}\r\n`);
  return Buffer.concat([header, value, CRLF], header.length + value.length + 2);
}

/**
 * Splits a byte stream into replies. A reply is one line, except that `VALUE` and `CONFIG` lines are each followed by
 * a data block of the announced length and the reply ends at `END`; values are read by length, so data containing
 * `\r\nEND\r\n` cannot end a reply early.
 */
export class ReplyParser {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private values: ReplyValue[] = [];
  /** The header of the data block being read, if any. */
  private block: { key: string; flags: number; bytes: number } | undefined;

  /** Feeds bytes; returns the replies they complete, in order. */
  push(chunk: Buffer): Reply[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const replies: Reply[] = [];
    for (;;) {
      if (this.block) {
        const { key, flags, bytes } = this.block;
        if (this.buffered < bytes + 2) break;
        const data = this.take(bytes + 2);
        if (data[bytes] !== 0x0d || data[bytes + 1] !== 0x0a)
          throw new Error(`memcached protocol error: data block of '${key}' is not followed by CRLF`);
        this.values.push({ key, flags, data: data.subarray(0, bytes) });
        this.block = undefined;
        continue;
      }
      const line = this.takeLine();
      if (line === undefined) break;
      const header = /^(?:VALUE|CONFIG) (\S+) (\d+) (\d+)(?: \d+)?$/.exec(line);
      if (header) {
        this.block = { key: header[1], flags: Number(header[2]), bytes: Number(header[3]) };
        continue;
      }
      replies.push({ line, values: this.values });
      this.values = [];
    }
    return replies;
  }

  private takeLine(): string | undefined {
    const joined = this.join();
    const end = joined.indexOf(CRLF);
    if (end < 0) return undefined;
    return this.take(end + 2)
      .subarray(0, end)
      .toString('utf8');
  }

  /** Joins the buffered chunks into one (at most one copy per data block or line). */
  private join(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private take(length: number): Buffer {
    const joined = this.join();
    const taken = joined.subarray(0, length);
    const rest = joined.subarray(length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return taken;
  }
}
