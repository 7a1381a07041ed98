/**
 * Secrets Manager rotation Lambda for an ElastiCache replication group's AUTH token, or (with `USER_ID` set) for an
 * RBAC user's password.
 *
 * AUTH token: the secret's SecretString is the token itself. Rotation uses ElastiCache's two-phase token update:
 * setSecret ROTATEs (old and new token both valid), testSecret waits for that to apply and optionally
 * AUTHs with the new token, finishSecret moves AWSCURRENT to the new token and then SETs it (old token
 * revoked). See steps.ts for each step's idempotence and the finishSecret ordering.
 *
 * User password: the secret is JSON `{"username", "password"}`, and the user's two passwords play ROTATE and SET
 * (ModifyUser with [old, new], then [new]); see user-password.ts.
 *
 * Imports only the AWS SDK v3 clients, node built-ins and sibling files, so scripts/bundle-lambdas.ts
 * can bundle it into one file.
 */
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AuthProbe, createTlsAuthProbe } from './auth-probe';
import { isUserPasswordRotation, readRotationConfig, readUserPasswordRotationConfig, RotationEnv } from './config';
import { inspectVersion } from './secret-versions';
import { createSecret, finishSecret, setSecret, StepContext, testSecret } from './steps';
import { createUserSecret, finishUserSecret, setUserSecret, testUserSecret, UserPasswordStepContext } from './user-password';

/** The event Secrets Manager invokes a rotation function with. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: string;
}

/** The part of the Lambda context the handler uses (avoids a dependency on @types/aws-lambda). */
export interface RotationContext {
  getRemainingTimeInMillis(): number;
}

export interface RotationDependencies {
  readonly secretsManager: SecretsManagerClient;
  readonly elastiCache: ElastiCacheClient;
  /** @default real `setTimeout` */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default process.env */
  readonly env?: RotationEnv;
  /** @default AUTH over TLS with Node's default trust store */
  readonly probeAuth?: AuthProbe;
}

export type RotationHandler = (event: RotationEvent, context: RotationContext) => Promise<void>;

/** A Map, not an object literal, so a Step such as 'toString' cannot resolve to an inherited member. */
const STEPS = new Map<string, (ctx: StepContext) => Promise<void>>([
  ['createSecret', createSecret],
  ['setSecret', setSecret],
  ['testSecret', testSecret],
  ['finishSecret', finishSecret],
]);

/** The same four steps for a user password. */
const USER_STEPS = new Map<string, (ctx: UserPasswordStepContext) => Promise<void>>([
  ['createSecret', createUserSecret],
  ['setSecret', setUserSecret],
  ['testSecret', testUserSecret],
  ['finishSecret', finishUserSecret],
]);

/** testSecret polls this often while the group is `modifying`. */
const POLL_INTERVAL_MS = 10_000;
/** Time kept back from the Lambda timeout so the step fails with a clear retryable error, not a timeout. */
const TIMEOUT_MARGIN_MS = 15_000;

export function createRotationHandler(deps: RotationDependencies): RotationHandler {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? Date.now;
  const probeAuth = deps.probeAuth ?? createTlsAuthProbe();
  return async (event, context) => {
    const env = deps.env ?? process.env;
    const user = isUserPasswordRotation(env);
    const run = STEPS.get(event.Step);
    const runUser = USER_STEPS.get(event.Step);
    if (!run || !runUser) {
      throw new Error(`Invalid rotation step '${event.Step}' for secret ${event.SecretId}`);
    }
    const config = user ? readUserPasswordRotationConfig(env) : readRotationConfig(env);
    const version = await inspectVersion(deps.secretsManager, event.SecretId, event.ClientRequestToken);
    // Already AWSCURRENT: the rotation is done, except when finishSecret moved the label but did not
    // get to SET (AWSPENDING still attached); then finishSecret runs again to complete the SET.
    if (version.isCurrent && !(event.Step === 'finishSecret' && version.isPending)) {
      console.log(`${event.Step}: version ${event.ClientRequestToken} of ${event.SecretId} is already AWSCURRENT; nothing to do`);
      return;
    }
    const common = {
      secretsManager: deps.secretsManager,
      elastiCache: deps.elastiCache,
      secretId: event.SecretId,
      token: event.ClientRequestToken,
      version,
      probeAuth,
      wait: {
        budgetMs: Math.max(0, context.getRemainingTimeInMillis() - TIMEOUT_MARGIN_MS),
        pollIntervalMs: POLL_INTERVAL_MS,
        sleep,
        now,
      },
    };
    if ('userId' in config) {
      await runUser({ ...common, config });
    } else {
      await run({ ...common, config });
    }
    console.log(`${event.Step}: done for version ${event.ClientRequestToken} of ${event.SecretId}`);
  };
}

export const handler: RotationHandler = createRotationHandler({
  secretsManager: new SecretsManagerClient({}),
  elastiCache: new ElastiCacheClient({}),
});
