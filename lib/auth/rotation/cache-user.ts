import { DescribeUsersCommand, ElastiCacheClient, ModifyUserCommand, User } from '@aws-sdk/client-elasticache';
import { RetryableRotationError } from './errors';
import { WaitOptions } from './replication-group';

/**
 * The ElastiCache user API a password rotation needs. A user holds up to two passwords, and ModifyUser replaces the
 * whole list (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyUser.html: "Passwords [...]
 * The passwords belonging to the user. You are allowed up to two."), which is what makes each step idempotent.
 */

const ACTIVE = 'active';

export async function describeUser(ec: ElastiCacheClient, userId: string): Promise<User> {
  const out = await ec.send(new DescribeUsersCommand({ UserId: userId }));
  const user = out.Users?.find((u) => u.UserId === userId) ?? out.Users?.[0];
  if (!user) {
    throw new Error(`ElastiCache user ${userId} not found`);
  }
  return user;
}

/** A password user: the others (IAM, no password) have nothing to rotate, and ModifyUser would change their kind. */
export function assertPasswordUser(user: User, step: string): void {
  if (user.Authentication?.Type !== 'password') {
    throw new Error(
      `${step}: user ${user.UserId} authenticates with '${user.Authentication?.Type ?? 'unknown'}', not 'password': nothing to rotate`,
    );
  }
}

/** ModifyUser fails with InvalidUserState unless the user is `active`: mutating steps check first and retry later. */
export function assertUserActive(user: User, step: string): void {
  if (user.Status !== ACTIVE) {
    throw new RetryableRotationError(`${step}: user ${user.UserId} is '${user.Status}', not '${ACTIVE}'; retry later`);
  }
}

/** Polls until the user is `active` (its last ModifyUser applied) or the budget runs out (retryable). */
export async function waitUntilUserActive(ec: ElastiCacheClient, userId: string, opts: WaitOptions): Promise<User> {
  const deadline = opts.now() + opts.budgetMs;
  for (;;) {
    const user = await describeUser(ec, userId);
    if (user.Status === ACTIVE) {
      return user;
    }
    if (opts.now() + opts.pollIntervalMs > deadline) {
      throw new RetryableRotationError(`testSecret: user ${userId} is still '${user.Status}' after waiting; retry later`);
    }
    await opts.sleep(opts.pollIntervalMs);
  }
}

/** Sets the user's passwords to exactly `passwords` (one or two): the old list is replaced, not extended. */
export async function setUserPasswords(ec: ElastiCacheClient, userId: string, passwords: readonly string[]): Promise<void> {
  await ec.send(
    new ModifyUserCommand({
      UserId: userId,
      AuthenticationMode: { Type: 'password', Passwords: [...passwords] },
    }),
  );
}
