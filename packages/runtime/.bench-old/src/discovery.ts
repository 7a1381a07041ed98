/**
 * Endpoint discovery: turns a replication group id into the endpoints and facts a client needs to connect.
 *
 * Application code should not hard-code endpoints (they change when a group is replaced), so it asks the
 * ElastiCache API once per container (see `cacheTtlMs`) and connects with what comes back.
 */
import { DescribeReplicationGroupsCommand, ElastiCacheClient, type Endpoint, type ReplicationGroup } from '@aws-sdk/client-elasticache';
import {
  CacheAccessDeniedError,
  CacheConfigurationError,
  CacheThrottledError,
  ReplicationGroupNotAvailableError,
  ReplicationGroupNotFoundError,
} from './errors';

/**
 * An endpoint as DescribeReplicationGroups reports it: its DNS `address` and `port` (a number here, unlike in
 * CloudFormation). The same vocabulary as the constructs' `CacheEndpoint` class, under a name that does not clash
 * with it.
 */
export interface DiscoveredEndpoint {
  readonly address: string;
  readonly port: number;
}

/** @deprecated renamed `DiscoveredEndpoint`, so that it does not clash with the constructs' `CacheEndpoint` class */
export type CacheEndpoint = DiscoveredEndpoint;

/** One member cluster (node) of the group. */
export interface CacheNode {
  readonly cacheClusterId: string;
  /** The shard (node group) id, e.g. `0001`; with cluster mode off there is one, `0001`. */
  readonly nodeGroupId?: string;
  /**
   * Current role. ElastiCache reports roles only with cluster mode off; with it on, roles live in the
   * cluster's own CLUSTER SHARDS view and this is undefined.
   */
  readonly role?: 'primary' | 'replica';
  readonly availabilityZone?: string;
  /** The node's own read endpoint (cluster mode off only). */
  readonly address?: string;
  readonly port?: number;
}

/** What a client needs to know about a replication group to connect to it. */
export interface CacheTopology {
  readonly replicationGroupId: string;
  readonly clusterMode: 'enabled' | 'disabled';
  /** Cluster mode off: the endpoint that always points at the primary. */
  readonly primaryEndpoint?: DiscoveredEndpoint;
  /** Cluster mode off: spreads reads over the replicas. */
  readonly readerEndpoint?: DiscoveredEndpoint;
  /** Cluster mode on: the entry point for cluster clients. */
  readonly configurationEndpoint?: DiscoveredEndpoint;
  readonly transitEncryption: boolean;
  /** The group uses a Redis AUTH token (password). */
  readonly authTokenEnabled: boolean;
  /** The group uses RBAC user groups (username + password, or IAM). */
  readonly rbacEnabled: boolean;
  /** ElastiCache status, e.g. `available`, `creating`, `modifying`. */
  readonly status: string;
  readonly nodes: readonly CacheNode[];
  /** `valkey` or `redis`. */
  readonly engine?: string;
}

/** Polling schedule while waiting for a group to become available. */
export interface WaitOptions {
  /** Give up after this long. @default 1_800_000 (30 minutes: creating a Multi-AZ group takes 10–20) */
  readonly timeoutMs?: number;
  /** Delay before the second poll; it doubles after each poll. @default 2_000 */
  readonly initialDelayMs?: number;
  /** Upper bound of the delay between polls. @default 30_000 */
  readonly maxDelayMs?: number;
}

export interface DiscoverOptions {
  /** Region of the group. @default - the SDK's region chain (AWS_REGION, profile) */
  readonly region?: string;
  /** Client to use, e.g. one shared by the application or a mock. @default - a new ElastiCacheClient */
  readonly client?: ElastiCacheClient;
  /** Poll until the group is available instead of failing at once. @default false */
  readonly wait?: boolean | WaitOptions;
  /** Called after every poll while waiting, e.g. to print progress. */
  readonly onProgress?: (status: string, attempt: number, elapsedMs: number) => void;
  /**
   * Statuses that count as usable. A group keeps serving traffic while `modifying` or `snapshotting`, so
   * application code may accept those to keep a maintenance window from failing its cold starts.
   * @default ['available']
   */
  readonly acceptStatuses?: readonly string[];
  /**
   * Remember an `available` result for this long per (region, group id), so a Lambda container calls
   * DescribeReplicationGroups once rather than on every invocation. @default 0 (no memoization)
   */
  readonly cacheTtlMs?: number;
  /** Calls made (first try included) while the API throttles, before giving up. @default 5 */
  readonly maxThrottleAttempts?: number;
  /** Injectable for tests. @default - a setTimeout promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: milliseconds since the epoch. @default Date.now */
  readonly clock?: () => number;
}

const DEFAULT_WAIT: Required<WaitOptions> = { timeoutMs: 30 * 60_000, initialDelayMs: 2_000, maxDelayMs: 30_000 };
/** Statuses a group never leaves towards `available`, so waiting on them is pointless. */
const TERMINAL_STATUSES = new Set(['deleting', 'create-failed']);
const THROTTLING_ERRORS = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded']);
const ACCESS_DENIED_ERRORS = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const THROTTLE_BASE_DELAY_MS = 250;

const memo = new Map<string, { topology: CacheTopology; expiresAt: number }>();

/** Forget every memoized discovery result (e.g. after a failed connect that suggests the group changed). */
export function clearDiscoveryCache(): void {
  memo.clear();
}

/**
 * Describe a replication group and return its endpoints and connection facts.
 *
 * @throws ReplicationGroupNotFoundError, ReplicationGroupNotAvailableError, CacheAccessDeniedError,
 *   CacheThrottledError, CacheConfigurationError (no region)
 */
export async function discoverEndpoints(replicationGroupId: string, options: DiscoverOptions = {}): Promise<CacheTopology> {
  const client = options.client ?? new ElastiCacheClient({ region: options.region });
  const clock = options.clock ?? Date.now;
  const key = `${options.region ?? (await resolveRegion(client, replicationGroupId))}/${replicationGroupId}`;
  const cached = memo.get(key);
  if (cached && cached.expiresAt > clock()) {
    return cached.topology;
  }

  const describe = () => describeWithRetry(client, replicationGroupId, options);
  const accepted = new Set(options.acceptStatuses ?? ['available']);
  let topology: CacheTopology;
  if (options.wait) {
    const schedule = { ...DEFAULT_WAIT, ...(options.wait === true ? {} : options.wait) };
    topology = await pollUntilAccepted(describe, accepted, schedule, replicationGroupId, options, clock);
  } else {
    topology = await describe();
    if (!accepted.has(topology.status)) {
      throw new ReplicationGroupNotAvailableError(replicationGroupId, topology.status, 'pass wait to poll until it is');
    }
  }

  if (options.cacheTtlMs && topology.status === 'available') {
    memo.set(key, { topology, expiresAt: clock() + options.cacheTtlMs });
  }
  return topology;
}

async function pollUntilAccepted(
  describe: () => Promise<CacheTopology>,
  accepted: ReadonlySet<string>,
  schedule: Required<WaitOptions>,
  replicationGroupId: string,
  options: DiscoverOptions,
  clock: () => number,
): Promise<CacheTopology> {
  const sleep = options.sleep ?? defaultSleep;
  const start = clock();
  let delay = schedule.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    const topology = await describe();
    const elapsed = clock() - start;
    options.onProgress?.(topology.status, attempt, elapsed);
    if (accepted.has(topology.status)) {
      return topology;
    }
    if (TERMINAL_STATUSES.has(topology.status)) {
      throw new ReplicationGroupNotAvailableError(replicationGroupId, topology.status, 'it will not become available');
    }
    if (elapsed + delay > schedule.timeoutMs) {
      const waited = Math.round(elapsed / 1000);
      throw new ReplicationGroupNotAvailableError(replicationGroupId, topology.status, `still not available after waiting ${waited}s`);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, schedule.maxDelayMs);
  }
}

/** One DescribeReplicationGroups call, retried with jittered exponential backoff while the API throttles. */
async function describeWithRetry(client: ElastiCacheClient, replicationGroupId: string, options: DiscoverOptions): Promise<CacheTopology> {
  const maxAttempts = options.maxThrottleAttempts ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      const output = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: replicationGroupId }));
      const group = output.ReplicationGroups?.[0];
      if (!group) {
        throw new ReplicationGroupNotFoundError(replicationGroupId);
      }
      return toTopology(group, replicationGroupId);
    } catch (err) {
      const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
      if (!THROTTLING_ERRORS.has(name)) {
        throw translateError(err, name, replicationGroupId);
      }
      if (attempt >= maxAttempts) {
        throw new CacheThrottledError(replicationGroupId, attempt, { cause: err });
      }
      // Full jitter: many Lambda containers cold-starting together must not retry in lockstep.
      const ceiling = THROTTLE_BASE_DELAY_MS * 2 ** (attempt - 1);
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
    }
  }
}

function translateError(err: unknown, name: string, replicationGroupId: string): unknown {
  if (name === 'ReplicationGroupNotFoundFault') {
    return new ReplicationGroupNotFoundError(replicationGroupId, { cause: err });
  }
  if (ACCESS_DENIED_ERRORS.has(name)) {
    return new CacheAccessDeniedError(replicationGroupId, { cause: err });
  }
  return err;
}

async function resolveRegion(client: ElastiCacheClient, replicationGroupId: string): Promise<string> {
  try {
    return await client.config.region();
  } catch (err) {
    throw new CacheConfigurationError(
      `no AWS region configured to discover replication group '${replicationGroupId}' (set AWS_REGION or pass a region)`,
      { cause: err },
    );
  }
}

function toTopology(group: ReplicationGroup, replicationGroupId: string): CacheTopology {
  const clusterMode = group.ClusterEnabled ? 'enabled' : 'disabled';
  const nodeGroups = group.NodeGroups ?? [];
  const nodes = nodeGroups.flatMap((nodeGroup) =>
    (nodeGroup.NodeGroupMembers ?? []).map((member): CacheNode => ({
      cacheClusterId: member.CacheClusterId ?? '',
      nodeGroupId: nodeGroup.NodeGroupId,
      role: member.CurrentRole === 'primary' || member.CurrentRole === 'replica' ? member.CurrentRole : undefined,
      availabilityZone: member.PreferredAvailabilityZone,
      address: member.ReadEndpoint?.Address,
      port: member.ReadEndpoint?.Port,
    })),
  );
  return {
    replicationGroupId: group.ReplicationGroupId ?? replicationGroupId,
    clusterMode,
    primaryEndpoint: clusterMode === 'disabled' ? toEndpoint(nodeGroups[0]?.PrimaryEndpoint) : undefined,
    readerEndpoint: clusterMode === 'disabled' ? toEndpoint(nodeGroups[0]?.ReaderEndpoint) : undefined,
    configurationEndpoint: clusterMode === 'enabled' ? toEndpoint(group.ConfigurationEndpoint) : undefined,
    transitEncryption: group.TransitEncryptionEnabled ?? false,
    authTokenEnabled: group.AuthTokenEnabled ?? false,
    rbacEnabled: (group.UserGroupIds ?? []).length > 0,
    status: group.Status ?? 'unknown',
    nodes,
    engine: group.Engine,
  };
}

/** Endpoints are absent while a group is being created; a half-filled one is treated as absent. */
function toEndpoint(endpoint: Endpoint | undefined): DiscoveredEndpoint | undefined {
  return endpoint?.Address && endpoint.Port ? { address: endpoint.Address, port: endpoint.Port } : undefined;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
