import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ModifyReplicationGroupCommand,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { CacheEndpoint } from './config';
import { RetryableRotationError } from './errors';

const AVAILABLE = 'available';

export async function describeGroup(ec: ElastiCacheClient, replicationGroupId: string): Promise<ReplicationGroup> {
  const out = await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: replicationGroupId }));
  const group = out.ReplicationGroups?.[0];
  if (!group) {
    throw new Error(`Replication group ${replicationGroupId} not found`);
  }
  return group;
}

/**
 * ModifyReplicationGroup fails with InvalidReplicationGroupState unless the group is `available`
 * (and a half-applied token change must not be stacked on another one), so mutating steps check
 * first and ask Secrets Manager to retry later instead.
 */
export function assertAvailable(group: ReplicationGroup, step: string): void {
  if (group.Status !== AVAILABLE) {
    throw new RetryableRotationError(
      `${step}: replication group ${group.ReplicationGroupId} is '${group.Status}', not '${AVAILABLE}'; retry later`,
    );
  }
}

/** A group that is `available` with no AUTH token change still pending: the last ROTATE/SET has been applied. */
function isSettled(group: ReplicationGroup): boolean {
  return group.Status === AVAILABLE && !group.PendingModifiedValues?.AuthTokenStatus;
}

export interface WaitOptions {
  readonly budgetMs: number;
  readonly pollIntervalMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/**
 * Polls until the group is settled or the budget (what is left of the Lambda's time) runs out.
 * Running out is retryable: the modification is still progressing, and Secrets Manager will call
 * the step again.
 */
export async function waitUntilSettled(ec: ElastiCacheClient, replicationGroupId: string, opts: WaitOptions): Promise<ReplicationGroup> {
  const deadline = opts.now() + opts.budgetMs;
  for (;;) {
    const group = await describeGroup(ec, replicationGroupId);
    if (isSettled(group)) {
      return group;
    }
    if (opts.now() + opts.pollIntervalMs > deadline) {
      throw new RetryableRotationError(
        `testSecret: replication group ${replicationGroupId} is still '${group.Status}' ` +
          `(auth token ${group.PendingModifiedValues?.AuthTokenStatus ?? 'settled'}) after waiting; retry later`,
      );
    }
    await opts.sleep(opts.pollIntervalMs);
  }
}

/**
 * True when the group's AUTH token changed after the pending version was stored, i.e. setSecret's
 * ROTATE has already been accepted (nothing else changes the token mid-rotation). Both timestamps
 * come from AWS service clocks, and ROTATE always follows createSecret, so the comparison is sound.
 */
export function rotatedSince(group: ReplicationGroup, pendingCreated: Date | undefined): boolean {
  const modified = group.AuthTokenLastModifiedDate;
  return modified !== undefined && pendingCreated !== undefined && modified.getTime() >= pendingCreated.getTime();
}

export async function modifyAuthToken(
  ec: ElastiCacheClient,
  replicationGroupId: string,
  authToken: string,
  strategy: 'ROTATE' | 'SET',
): Promise<void> {
  await ec.send(
    new ModifyReplicationGroupCommand({
      ReplicationGroupId: replicationGroupId,
      AuthToken: authToken,
      AuthTokenUpdateStrategy: strategy,
      ApplyImmediately: true,
    }),
  );
}

/** The endpoint to AUTH against: cluster mode on has a configuration endpoint, off a primary endpoint. */
export function groupEndpoint(group: ReplicationGroup): CacheEndpoint | undefined {
  const ep = group.ConfigurationEndpoint ?? group.NodeGroups?.[0]?.PrimaryEndpoint;
  return ep?.Address && ep.Port ? { host: ep.Address, port: ep.Port } : undefined;
}
