/**
 * The Memcached client's errors, as the runtime's typed errors (../errors.ts): an outage is a
 * `CacheUnavailableError` (a timeout is its subclass `CacheTimeoutError`), so `isUnavailableError` and the patterns'
 * fail-open logic treat both engines alike; everything else is a bug to fix, with a `code` to branch on.
 */
import { CacheRuntimeError, CacheUnavailableError } from '../errors';

/** A value (with its key and the item header) is larger than the server's item size limit. Nothing was stored. */
export class CacheValueTooLargeError extends CacheRuntimeError {
  constructor(
    public readonly key: string,
    /** Size of key + value + item overhead, in bytes; `undefined` when the server refused it. */
    public readonly bytes: number | undefined,
    /** The item size limit in bytes (`max_item_size`, memcached `-I`), as the client was told. */
    public readonly limit: number,
  ) {
    super(
      'ValueTooLarge',
      bytes === undefined
        ? `memcached refused '${key}': larger than the server's item size limit (max_item_size); nothing was stored`
        : `value of '${key}' needs ${bytes} bytes with its key and item header, over the ${limit}-byte item size limit (max_item_size); nothing was stored`,
    );
  }
}

/** A pattern or command needs a data structure or feature this engine lacks (e.g. sorted sets on Memcached). */
export class CacheNotSupportedError extends CacheRuntimeError {
  constructor(message: string) {
    super('NotSupported', message);
  }
}

/** The server answered `ERROR` or `CLIENT_ERROR`: a malformed or unknown command, a bug rather than an outage. */
export class MemcachedCommandError extends CacheRuntimeError {
  constructor(
    /** The server's reply line. */
    public readonly reply: string,
    command: string,
  ) {
    super('MemcachedCommandError', `memcached refused ${command}: ${reply}`);
  }
}

/**
 * The error a reply line stands for, or `undefined` when it is not an error. `SERVER_ERROR` is the server's trouble
 * (out of memory, busy), so it counts as unavailable, except "object too large", which no retry fixes.
 */
export function replyError(line: string, command: string, key: string | undefined, limit: number): Error | undefined {
  if (line === 'ERROR' || line.startsWith('CLIENT_ERROR')) return new MemcachedCommandError(line, command);
  if (!line.startsWith('SERVER_ERROR')) return undefined;
  if (/too large/i.test(line)) return new CacheValueTooLargeError(key ?? '(unknown key)', undefined, limit);
  return new CacheUnavailableError(`memcached ${command}: ${line}`, { code: 'MemcachedServerError' });
}
