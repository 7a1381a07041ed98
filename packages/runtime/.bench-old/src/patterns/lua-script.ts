import { createHash } from 'node:crypto';
import { masterFor } from '../cluster-slots';
import type { CacheClient } from '../connection';

const isNoScript = (err: unknown): boolean => err instanceof Error && err.message.startsWith('NOSCRIPT');

/**
 * A Lua script run with EVALSHA. When a node does not know it (first call, a restart, a failover to a replica
 * that never saw it, SCRIPT FLUSH), the script is loaded **once per node** with SCRIPT LOAD and the call retried
 * with EVALSHA: concurrent calls that hit NOSCRIPT on the same node wait for that one load instead of each
 * re-sending the whole source as EVAL.
 *
 * Exactly once: every call notes how many loads of its node had started when it was sent. A NOSCRIPT for a call
 * sent before the latest load started is answered by that load (same connection, so the load runs after the
 * call); only a NOSCRIPT for a call sent after it means the node forgot the script again.
 *
 * The script must only touch the keys passed in `keys`, which must hash to one slot (one key, or keys sharing a
 * `{hash tag}`), so it runs unchanged on cluster-mode groups.
 */
export class LuaScript {
  private readonly sha: string;
  /** Per node: loads started, and the one in flight. */
  private readonly loads = new Map<string, { started: number; inFlight?: Promise<unknown> }>();

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: CacheClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const target = masterFor(client, keys[0] ?? '');
    const sentAfter = target ? (this.loads.get(target.id)?.started ?? 0) : 0;
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!isNoScript(err) || !target) throw err;
      await this.loadOnce(target.id, target.node, sentAfter);
    }
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      // The slot moved to a node that does not know the script either: EVAL loads it there too.
      if (!isNoScript(err)) throw err;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }

  private loadOnce(
    id: string,
    node: { script(subcommand: 'LOAD', script: string): Promise<unknown> },
    sentAfter: number,
  ): Promise<unknown> {
    let state = this.loads.get(id);
    if (!state) this.loads.set(id, (state = { started: 0 }));
    if (state.started > sentAfter) return state.inFlight ?? Promise.resolve();
    state.started++;
    const load = node.script('LOAD', this.source).finally(() => {
      if (state.inFlight === load) state.inFlight = undefined;
    });
    state.inFlight = load;
    return load;
  }
}
