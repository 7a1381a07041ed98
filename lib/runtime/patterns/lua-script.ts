import { createHash } from 'node:crypto';
import type { CacheClient } from '../connection';

/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server does not know it yet
 * (first call, a restart, a failover to a replica that never saw it). EVAL also loads the script,
 * so later calls take the cheap EVALSHA path again.
 *
 * The script must only touch the keys passed in `keys`, which must hash to one slot (one key, or
 * keys sharing a `{hash tag}`), so it runs unchanged on cluster-mode groups.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: CacheClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
