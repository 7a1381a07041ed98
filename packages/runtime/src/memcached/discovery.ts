/**
 * ElastiCache Auto Discovery: read the node list with `config get cluster` from the configuration endpoint when the
 * client starts and then every `intervalMs`, and apply a list whose version is newer than the one in use.
 *
 * As in the ElastiCache Cluster Client for Java (ConfigurationPoller.java: a 60 s default interval, stale versions
 * ignored), a poll that cannot reach the configuration endpoint asks the known nodes instead: "the configuration
 * information for Auto Discovery is stored redundantly in each Memcached cluster node"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoDiscovery.AddingToYourClientLibrary.html).
 * A server that answers `ERROR` does not have the command: plain memcached, or serverless Memcached, which has one
 * endpoint and no node list to discover.
 */
import { CacheUnavailableError } from '../errors';
import { ClusterConfig, parseClusterConfig } from './cluster-config';
import { ConnectionTarget, MemcachedConnection } from './connection';
import { encodeLine } from './protocol';

/** What a configuration endpoint answered. */
export type ConfigAnswer =
  { readonly kind: 'config'; readonly config: ClusterConfig } | { readonly kind: 'unsupported'; readonly reply: string };

const CONFIG_GET_CLUSTER = encodeLine('config', 'get', 'cluster');

/** Asks one server for the node list over a connection of its own, closed afterwards. */
export async function fetchClusterConfig(target: ConnectionTarget, timeoutMs: number): Promise<ConfigAnswer> {
  const connection = new MemcachedConnection(target);
  try {
    const reply = await connection.request(CONFIG_GET_CLUSTER, timeoutMs);
    if (reply.line === 'ERROR' || reply.line.startsWith('CLIENT_ERROR')) return { kind: 'unsupported', reply: reply.line };
    if (reply.line !== 'END' || reply.values.length !== 1) {
      throw new CacheUnavailableError(`memcached ${connection.name}: unexpected reply to 'config get cluster': ${reply.line}`);
    }
    return { kind: 'config', config: parseClusterConfig(reply.values[0].data.toString('utf8')) };
  } finally {
    connection.end(0);
  }
}

export interface AutoDiscoveryOptions {
  /** The configuration endpoint. */
  readonly endpoint: ConnectionTarget;
  /** Other servers to ask when the endpoint does not answer (the known nodes). */
  readonly fallbacks: () => readonly ConnectionTarget[];
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Applies a newer node list; a poll waits for it. */
  readonly apply: (config: ClusterConfig) => Promise<void>;
  /** Told about a poll that failed everywhere (the client keeps its node list). @default - ignored */
  readonly onError?: (err: Error) => void;
}

/** Polls on a timer that does not keep the process alive. One poll at a time. */
export class AutoDiscovery {
  private version = -1;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;

  constructor(private readonly options: AutoDiscoveryOptions) {}

  /** The version of the node list in use; -1 before the first. */
  get configVersion(): number {
    return this.version;
  }

  /** Uses `initial` (fetched by the caller) and starts polling. */
  async start(initial: ClusterConfig): Promise<void> {
    this.version = initial.version;
    await this.options.apply(initial);
    this.timer = setInterval(() => {
      this.poll().catch((err: Error) => this.options.onError?.(err));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Reads the node list now; resolves `true` when a newer one was applied. Joins a poll already running. */
  poll(): Promise<boolean> {
    this.inFlight ??= this.pollOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async pollOnce(): Promise<boolean> {
    const config = await this.fetchAnywhere();
    if (config.version <= this.version) return false; // unchanged, or a stale answer
    await this.options.apply(config);
    this.version = config.version;
    return true;
  }

  private async fetchAnywhere(): Promise<ClusterConfig> {
    const errors: string[] = [];
    for (const target of [this.options.endpoint, ...this.options.fallbacks()]) {
      try {
        const answer = await fetchClusterConfig(target, this.options.timeoutMs);
        if (answer.kind === 'config') return answer.config;
        errors.push(`${target.host}:${target.port} answered ${answer.reply}`);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    throw new CacheUnavailableError(`memcached Auto Discovery: no server answered 'config get cluster' (${errors.join('; ')})`);
  }
}
