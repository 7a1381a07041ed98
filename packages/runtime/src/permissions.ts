/**
 * The Valkey / Redis OSS ACL permissions the runtime needs, per feature: one definition shared with the constructs'
 * `AccessString.readOnly()` / `readWrite()` (compiled there as a generated copy, lib/auth/runtime-permissions.ts; see
 * scripts/sync-contract.ts) and with the runtime's own {@link CachePermissionError} messages. It imports nothing.
 *
 * Rules are access-string syntax. Where a category grants what is needed on every engine version ElastiCache runs
 * RBAC on (Redis OSS 6.0+ and Valkey), the category is used rather than the subcommands: a rule naming a subcommand the
 * engine does not know (`+client|trackinginfo` before 6.2, `+client|setinfo` before 7.2) makes the whole ACL SETUSER
 * fail there. Every level ends with `-@dangerous` before its single commands, which removes what the categories would
 * otherwise bring along (CLIENT KILL / LIST / PAUSE, KEYS, FLUSHALL, ...).
 */

/** The two access levels of the constructs' AccessString. */
export type AccessLevel = 'readOnly' | 'readWrite';

/** What one runtime feature needs. */
export interface RuntimePermission {
  readonly feature: string;
  /** The commands the runtime sends for the feature, lower case, `container|subcommand` for subcommands. */
  readonly commands: readonly string[];
  /**
   * The ACL rules that grant them, per level: a category (`+@connection`), a command (`+info`) or a channel pattern
   * (`&*`). A level without rules does not get the feature.
   */
  readonly rules: { readonly readOnly?: readonly string[]; readonly readWrite: readonly string[] };
  /** Why the runtime sends them. */
  readonly why: string;
}

export const RUNTIME_PERMISSIONS: readonly RuntimePermission[] = [
  {
    feature: 'data reads',
    commands: ['get', 'mget', 'pttl', 'zrange', 'zrank', 'zscore', 'xrange', 'xlen', 'xpending'],
    rules: { readOnly: ['+@read'], readWrite: ['+@read'] },
    why: 'the patterns read values (GET, MGET), TTLs for the near cache (PTTL), boards (ZRANGE, ZRANK, ZSCORE) and queue depth (XLEN, XPENDING, XRANGE)',
  },
  {
    feature: 'data writes',
    commands: ['set', 'del', 'getex', 'mset', 'zadd', 'zincrby', 'pexpire', 'xadd', 'xgroup|create', 'xreadgroup', 'xack', 'xdel'],
    rules: { readWrite: ['+@write'] },
    why: 'cache-aside writes and invalidates, sessions slide (GETEX), boards score, queues append, read as a group and acknowledge',
  },
  {
    feature: 'connection setup and near-cache tracking',
    commands: ['auth', 'hello', 'ping', 'client|setname', 'client|id', 'client|tracking', 'client|trackinginfo', 'readonly'],
    rules: { readOnly: ['+@connection'], readWrite: ['+@connection'] },
    why:
      'AUTH / HELLO on connect; CLIENT SETNAME names the connections the runtime opens (near cache, subscribers, the cluster ' +
      'slot refresher); PING is the heartbeat; CLIENT ID / TRACKING / TRACKINGINFO set up and verify the near cache; READONLY ' +
      'lets a cluster client read from replicas. All are in @connection, which Redis OSS 6.0 already has (CLIENT TRACKINGINFO ' +
      'arrived in 6.2: naming it would fail on older engines); -@dangerous then removes CLIENT KILL, LIST and PAUSE',
  },
  {
    feature: 'ready check',
    commands: ['info'],
    rules: { readOnly: ['+info'], readWrite: ['+info'] },
    why:
      "ioredis's ready check (INFO) waits until a restarted or newly promoted node has loaded its data before commands are " +
      'sent, and PubSub reads the server version (INFO server) to choose sharded pub/sub. Without it ioredis logs "Skipping ' +
      'the ready check because INFO command fails" on every connect. INFO shows server statistics, no keys or values',
  },
  {
    feature: 'cluster mode',
    commands: ['cluster|slots', 'cluster|info'],
    rules: { readOnly: ['+cluster|slots', '+cluster|info'], readWrite: ['+cluster|slots', '+cluster|info'] },
    why: 'a cluster-mode client reads the slot map (CLUSTER SLOTS) and checks the cluster state before it is ready (CLUSTER INFO)',
  },
  {
    feature: 'transactions',
    commands: ['multi', 'exec', 'discard'],
    rules: { readOnly: ['+@transaction'], readWrite: ['+@transaction'] },
    why: 'Leaderboard.rankOf reads rank and score in one MULTI (consistent); WorkQueue acknowledges with MULTI XACK XDEL EXEC',
  },
  {
    feature: 'pub/sub (subscribe)',
    commands: ['subscribe', 'unsubscribe', 'ssubscribe', 'sunsubscribe'],
    rules: { readOnly: ['&*', '+subscribe', '+unsubscribe', '+ssubscribe', '+sunsubscribe'], readWrite: ['&*', '+@pubsub'] },
    why:
      'PubSub subscribes (sharded in cluster mode: SSUBSCRIBE, Redis OSS 7+ / Valkey); the near cache subscribes to its ' +
      'invalidation channel __redis__:invalidate. Channel names are the application’s, hence every channel (&*)',
  },
  {
    feature: 'pub/sub (publish)',
    commands: ['publish', 'spublish'],
    rules: { readWrite: ['&*', '+@pubsub'] },
    why: 'PubSub.publish (SPUBLISH in cluster mode)',
  },
  {
    feature: 'scripts',
    commands: ['evalsha', 'eval', 'script|load'],
    rules: { readWrite: ['+evalsha', '+eval', '+script|load'] },
    why:
      'the rate limiter and the work queue run Lua scripts with EVALSHA, load them per node with SCRIPT LOAD after NOSCRIPT, and ' +
      'fall back to EVAL when a slot moved. Not @scripting, which would also allow SCRIPT FLUSH and FUNCTION DELETE / FLUSH',
  },
  {
    feature: 'commands the scripts call',
    commands: ['time', 'incr', 'zremrangebyscore', 'zcard', 'xautoclaim', 'xclaim'],
    rules: { readWrite: ['+time'] },
    why:
      'a script runs each command with the caller’s permissions: the rate limiter reads the server clock (TIME, in no data ' +
      'category); every other command the scripts call (GET, SET, INCR, PTTL, PEXPIRE, ZADD, ZCARD, ZRANGE, ' +
      'ZREMRANGEBYSCORE, XAUTOCLAIM, XPENDING, XCLAIM, XADD, XACK, XDEL) is in @read or @write',
  },
];

/**
 * The rules of an access level after `on ~<keys>`: its channels, `-@all`, its categories, `-@dangerous`, then its single
 * commands, each once. `readWrite` also removes `-@scripting` before granting the script commands one by one: @write would
 * otherwise bring FUNCTION LOAD / DELETE / FLUSH / RESTORE along.
 */
export function runtimeAccessRules(level: AccessLevel): string[] {
  const rules = RUNTIME_PERMISSIONS.flatMap((p) => p.rules[level] ?? []);
  const unique = (keep: (rule: string) => boolean) => [...new Set(rules.filter(keep))];
  const channels = unique((rule) => rule.startsWith('&'));
  const categories = unique((rule) => rule.startsWith('+@'));
  const commands = unique((rule) => rule.startsWith('+') && !rule.startsWith('+@'));
  return [...channels, '-@all', ...categories, '-@dangerous', ...(level === 'readWrite' ? ['-@scripting'] : []), ...commands];
}

/** The feature that sends `command` (lower case, `container|subcommand`), if the runtime sends it. */
export function permissionFor(command: string): RuntimePermission | undefined {
  const name = command.toLowerCase();
  return RUNTIME_PERMISSIONS.find((p) => p.commands.includes(name));
}
