/**
 * `cdk-elasticache-cli endpoints <replication-group-id> [--region R] [--wait] [--json]`
 *
 * Shows what a client needs to connect to a replication group: its endpoints, nodes, TLS and auth. With --wait
 * it polls until the group is available (e.g. right after `cdk deploy` started creating it).
 */
import type { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { parseArgs } from 'node:util';
import { discoverEndpoints, type CacheTopology } from 'cdk-elasticache-runtime';

const USAGE = 'usage: cdk-elasticache-cli endpoints <replication-group-id> [--region R] [--wait] [--json]';
/** ElastiCache's rule for replication group ids; checking it here beats an API error about a malformed request. */
const GROUP_ID = /^[a-z][a-z0-9-]{0,39}$/i;
/** A group keeps serving on its endpoints while modifying or snapshotting, so showing them is useful. */
const SHOWABLE_STATUSES = ['available', 'modifying', 'snapshotting'];

interface Output {
  write(text: string): unknown;
}

export interface EndpointsCommandDeps {
  /** @default - a new ElastiCacheClient for --region or the SDK's default region */
  readonly client?: ElastiCacheClient;
  /** @default process.stdout */
  readonly stdout?: Output;
  /** @default process.stderr */
  readonly stderr?: Output;
  /** Injectable for tests, like discoverEndpoints' own. @default - real time */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: milliseconds since the epoch. @default Date.now */
  readonly clock?: () => number;
}

/** Runs the command and returns the exit code: 0 on success, 1 when the lookup fails, 2 on bad arguments. */
export async function runEndpointsCommand(args: string[], deps: EndpointsCommandDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const fail = (reason: string, code: number): number => {
    stderr.write(`cdk-elasticache-cli endpoints: ${reason}\n`);
    return code;
  };

  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { region: { type: 'string' }, wait: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    // Node's messages continue with a long hint after the first sentence; the first sentence names the problem.
    return fail(`${firstSentence(err)} (${USAGE})`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    return fail(`expected exactly one replication group id, got ${positionals.length} (${USAGE})`, 2);
  }
  const [replicationGroupId] = positionals;
  if (!GROUP_ID.test(replicationGroupId)) {
    return fail(`'${replicationGroupId}' is not a replication group id (1-40 letters, digits or hyphens, starting with a letter)`, 2);
  }

  try {
    const topology = await discoverEndpoints(replicationGroupId, {
      client: deps.client,
      sleep: deps.sleep,
      clock: deps.clock,
      region: values.region,
      wait: values.wait,
      acceptStatuses: values.wait ? ['available'] : SHOWABLE_STATUSES,
      onProgress: (status, attempt, elapsedMs) => {
        stderr.write(
          `waiting for '${replicationGroupId}': status ${status}, attempt ${attempt}, ${Math.round(elapsedMs / 1000)}s elapsed\n`,
        );
      },
    });
    stdout.write(values.json ? `${JSON.stringify(topology, null, 2)}\n` : formatTopology(topology));
    return 0;
  } catch (err) {
    return fail(firstLine(err), 1);
  }
}

function formatTopology(t: CacheTopology): string {
  const onOff = (flag: boolean) => (flag ? 'on' : 'off');
  const endpoints: Array<[string, { address: string; port: number } | undefined]> = [
    ['primary', t.primaryEndpoint],
    ['reader', t.readerEndpoint],
    ['configuration', t.configurationEndpoint],
  ];
  const endpointRows = endpoints.flatMap(([kind, e]) => (e ? [[kind, e.address, String(e.port)]] : []));
  const nodeRows = t.nodes.map((n) => [n.cacheClusterId, n.nodeGroupId ?? '-', n.role ?? '-', n.availabilityZone ?? '-']);
  return [
    `replication group ${t.replicationGroupId}: ${t.status}, engine ${t.engine ?? 'unknown'}, cluster mode ${t.clusterMode}`,
    `TLS ${onOff(t.transitEncryption)}, auth token ${onOff(t.authTokenEnabled)}, RBAC ${onOff(t.rbacEnabled)}`,
    '',
    ...(endpointRows.length ? table([['ENDPOINT', 'ADDRESS', 'PORT'], ...endpointRows]) : ['no endpoints yet']),
    '',
    ...table([['NODE', 'SHARD', 'ROLE', 'AZ'], ...nodeRows]),
    '',
  ].join('\n');
}

/** Left-aligned columns separated by two spaces. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

function firstLine(err: unknown): string {
  // Not `instanceof Error`: errors from Node internals can come from another realm (e.g. under jest).
  const message = typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
  return message.split('\n')[0];
}

function firstSentence(err: unknown): string {
  return firstLine(err).split('. ')[0];
}
