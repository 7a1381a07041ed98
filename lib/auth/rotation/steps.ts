import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AuthProbe } from './auth-probe';
import { assertValidAuthToken } from './auth-token';
import { RotationConfig } from './config';
import {
  assertAvailable,
  describeGroup,
  groupEndpoint,
  modifyAuthToken,
  rotatedSince,
  waitUntilSettled,
  WaitOptions,
} from './replication-group';
import {
  dropPending,
  findPendingToken,
  getPendingToken,
  promoteToCurrent,
  putPending,
  randomAlphanumeric,
  VersionState,
} from './secret-versions';

/** Everything one step needs: the clients, the parsed config and the event's identifiers. */
export interface StepContext {
  readonly secretsManager: SecretsManagerClient;
  readonly elastiCache: ElastiCacheClient;
  readonly config: RotationConfig;
  readonly secretId: string;
  readonly token: string;
  readonly version: VersionState;
  readonly wait: WaitOptions;
  readonly probeAuth: AuthProbe;
}

/**
 * createSecret: store a fresh token as the AWSPENDING value of this version.
 * Idempotent: when the version already has a value (a retried invocation), it is kept, so every
 * later step of this rotation works on one and the same token.
 */
export async function createSecret(ctx: StepContext): Promise<void> {
  if (await findPendingToken(ctx.secretsManager, ctx.secretId, ctx.token)) {
    return;
  }
  const fresh = await randomAlphanumeric(ctx.secretsManager, ctx.config.tokenLength);
  await putPending(ctx.secretsManager, ctx.secretId, ctx.token, fresh);
}

/**
 * setSecret: ROTATE the group to the pending token. Afterwards the group accepts both the old token
 * (still AWSCURRENT, still what clients read) and the new one.
 *
 * Idempotent: if the group's token changed after the pending version was stored, this rotation's
 * ROTATE was already accepted (a retry after a timeout or lost response) and nothing is sent. The
 * API documents no guarantee that a second ROTATE with the same token keeps the *old* token as the
 * second valid one, and losing it would break every client still on AWSCURRENT, so we do not rely on
 * it. When the timestamp cannot prove it (field missing), a repeat ROTATE is the fallback.
 */
export async function setSecret(ctx: StepContext): Promise<void> {
  const pending = await getPendingToken(ctx.secretsManager, ctx.secretId, ctx.token);
  assertValidAuthToken(pending.value, ctx.token);
  const group = await describeGroup(ctx.elastiCache, ctx.config.replicationGroupId);
  if (rotatedSince(group, pending.createdDate)) {
    return;
  }
  assertAvailable(group, 'setSecret');
  await modifyAuthToken(ctx.elastiCache, ctx.config.replicationGroupId, pending.value, 'ROTATE');
}

/**
 * testSecret: wait (within the Lambda's time) for the ROTATE to be applied, check the group still
 * enforces AUTH, and, when enabled, AUTH with the pending token over TLS.
 *
 * Throwing here is safe by construction: nothing has been SET and AWSCURRENT has not moved, so the
 * old token keeps working for every client.
 */
export async function testSecret(ctx: StepContext): Promise<void> {
  const pending = await getPendingToken(ctx.secretsManager, ctx.secretId, ctx.token);
  const group = await waitUntilSettled(ctx.elastiCache, ctx.config.replicationGroupId, ctx.wait);
  if (!group.AuthTokenEnabled) {
    throw new Error(`testSecret: replication group ${ctx.config.replicationGroupId} does not have AUTH enabled`);
  }
  if (!ctx.config.testConnect) {
    return;
  }
  const endpoint = ctx.config.cacheEndpoint ?? groupEndpoint(group);
  if (!endpoint) {
    throw new Error(`testSecret: no endpoint for ${ctx.config.replicationGroupId}; set CACHE_HOST and CACHE_PORT`);
  }
  await ctx.probeAuth(endpoint, pending.value);
}

/**
 * finishSecret: make the new token the only one. Order: move AWSCURRENT first, then SET, then drop
 * AWSPENDING.
 *
 * - Moving AWSCURRENT first is safe because under ROTATE the new token is already valid: clients that
 *   re-read the secret get a working token at every instant. SET first would open a window (and, if
 *   the stage move then failed, a lasting state) where AWSCURRENT, and CloudFormation's dynamic
 *   reference, hold a token the cache rejects.
 * - If SET fails after the move, nothing is broken (both tokens still work), only the old token's
 *   revocation is late. AWSPENDING left on the current version records exactly that, and the retry
 *   (see handler: AWSCURRENT + AWSPENDING on finishSecret) resumes with SET instead of returning early.
 * - AWSPENDING is dropped only after SET was accepted, so it stays a reliable "SET still owed" marker.
 */
export async function finishSecret(ctx: StepContext): Promise<void> {
  const pending = await getPendingToken(ctx.secretsManager, ctx.secretId, ctx.token);
  const group = await describeGroup(ctx.elastiCache, ctx.config.replicationGroupId);
  assertAvailable(group, 'finishSecret');
  await promoteToCurrent(ctx.secretsManager, ctx.secretId, ctx.token, ctx.version);
  await modifyAuthToken(ctx.elastiCache, ctx.config.replicationGroupId, pending.value, 'SET');
  await dropPending(ctx.secretsManager, ctx.secretId, ctx.token);
}
