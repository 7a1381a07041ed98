/**
 * The four rotation steps for an RBAC user's password, whose secret is JSON `{"username", "password"}` (the shape
 * CacheUser generates, and the one ElastiCache's guide uses: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/User-Secrets-Manager.html).
 *
 * An ElastiCache user holds up to two passwords, and ModifyUser replaces the whole list, so the rotation is the AUTH
 * token's with ModifyUser in place of ROTATE/SET: setSecret sets [current, new] (both valid), testSecret AUTHs as the
 * user with the new one, finishSecret moves AWSCURRENT and then sets [new]. Every ModifyUser names the full list, so
 * a repeated step sets the same list again: each step is idempotent without timestamps.
 */
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AuthProbe } from './auth-probe';
import { assertPasswordUser, assertUserActive, describeUser, setUserPasswords, waitUntilUserActive } from './cache-user';
import { UserPasswordRotationConfig } from './config';
import { WaitOptions } from './replication-group';
import {
  AWSCURRENT,
  VersionState,
  dropPending,
  findPendingToken,
  getPendingToken,
  promoteToCurrent,
  putPending,
  randomAlphanumeric,
} from './secret-versions';

/** Everything one step of a user password rotation needs. */
export interface UserPasswordStepContext {
  readonly secretsManager: SecretsManagerClient;
  readonly elastiCache: ElastiCacheClient;
  readonly config: UserPasswordRotationConfig;
  readonly secretId: string;
  readonly token: string;
  readonly version: VersionState;
  readonly wait: WaitOptions;
  readonly probeAuth: AuthProbe;
}

/** A user secret: its JSON fields (kept as they are) and its password. */
interface UserSecret {
  readonly fields: Record<string, unknown>;
  readonly username?: string;
  readonly password: string;
}

/** Parses a user secret; the error names the version, never the value (it ends up in CloudWatch Logs). */
function parseUserSecret(text: string, what: string): UserSecret {
  let fields: unknown;
  try {
    fields = JSON.parse(text);
  } catch {
    fields = undefined;
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new Error(`${what} is not a JSON object {"username": ..., "password": ...}`);
  }
  const record = fields as Record<string, unknown>;
  if (typeof record.password !== 'string' || record.password === '') {
    throw new Error(`${what} has no string 'password'`);
  }
  return { fields: record, username: typeof record.username === 'string' ? record.username : undefined, password: record.password };
}

async function currentSecret(ctx: UserPasswordStepContext): Promise<UserSecret> {
  const out = await ctx.secretsManager.send(new GetSecretValueCommand({ SecretId: ctx.secretId, VersionStage: AWSCURRENT }));
  if (out.SecretString === undefined) {
    throw new Error(`The AWSCURRENT version of ${ctx.secretId} has no SecretString`);
  }
  return parseUserSecret(out.SecretString, `The AWSCURRENT version of ${ctx.secretId}`);
}

async function pendingSecret(ctx: UserPasswordStepContext): Promise<UserSecret> {
  const pending = await getPendingToken(ctx.secretsManager, ctx.secretId, ctx.token);
  return parseUserSecret(pending.value, `Secret version ${ctx.token} of ${ctx.secretId}`);
}

/**
 * createSecret: store the current secret with a fresh password as the AWSPENDING value of this version. Idempotent:
 * a version that already has a value keeps it, so every later step works on one and the same password.
 */
export async function createUserSecret(ctx: UserPasswordStepContext): Promise<void> {
  if (await findPendingToken(ctx.secretsManager, ctx.secretId, ctx.token)) {
    return;
  }
  const current = await currentSecret(ctx);
  const password = await randomAlphanumeric(ctx.secretsManager, ctx.config.passwordLength);
  await putPending(ctx.secretsManager, ctx.secretId, ctx.token, JSON.stringify({ ...current.fields, password }));
}

/**
 * setSecret: give the user both passwords, the current one (what clients read) and the pending one. Idempotent: a
 * retry sets the same two again.
 */
export async function setUserSecret(ctx: UserPasswordStepContext): Promise<void> {
  const pending = await pendingSecret(ctx);
  const current = await currentSecret(ctx);
  const user = await describeUser(ctx.elastiCache, ctx.config.userId);
  assertPasswordUser(user, 'setSecret');
  assertUserActive(user, 'setSecret');
  if (pending.password === current.password) {
    throw new Error(`setSecret: version ${ctx.token} of ${ctx.secretId} holds the current password; createSecret must store a new one`);
  }
  await setUserPasswords(ctx.elastiCache, ctx.config.userId, [current.password, pending.password]);
}

/**
 * testSecret: wait (within the Lambda's time) for setSecret's change to apply, check the user holds two passwords,
 * and, when enabled, AUTH as the user with the pending one over TLS. Throwing here is safe: AWSCURRENT has not moved
 * and the current password is still valid, so every client keeps working.
 */
export async function testUserSecret(ctx: UserPasswordStepContext): Promise<void> {
  const pending = await pendingSecret(ctx);
  const user = await waitUntilUserActive(ctx.elastiCache, ctx.config.userId, ctx.wait);
  assertPasswordUser(user, 'testSecret');
  const count = user.Authentication?.PasswordCount;
  if (count !== 2) {
    throw new Error(
      `testSecret: user ${ctx.config.userId} holds ${count ?? 'an unknown number of'} password(s), not the 2 setSecret gave it (another change replaced them): the rotation must start again`,
    );
  }
  if (!ctx.config.testConnect) {
    return;
  }
  const endpoint = ctx.config.cacheEndpoint;
  if (!endpoint) {
    throw new Error(`testSecret: no endpoint to test user ${ctx.config.userId} against; set CACHE_HOST and CACHE_PORT`);
  }
  await ctx.probeAuth(endpoint, pending.password, user.UserName ?? pending.username);
}

/**
 * finishSecret: make the new password the only one. Order, as for the AUTH token: move AWSCURRENT first (the new
 * password is already valid, so a client reading the secret always gets one that works), then set [new] (the old
 * password stops working for new connections; connections it authenticated stay), then drop AWSPENDING, which until
 * then marks "old password still to remove" for a retry (see the handler).
 */
export async function finishUserSecret(ctx: UserPasswordStepContext): Promise<void> {
  const pending = await pendingSecret(ctx);
  const user = await describeUser(ctx.elastiCache, ctx.config.userId);
  assertPasswordUser(user, 'finishSecret');
  assertUserActive(user, 'finishSecret');
  await promoteToCurrent(ctx.secretsManager, ctx.secretId, ctx.token, ctx.version);
  await setUserPasswords(ctx.elastiCache, ctx.config.userId, [pending.password]);
  await dropPending(ctx.secretsManager, ctx.secretId, ctx.token);
}
