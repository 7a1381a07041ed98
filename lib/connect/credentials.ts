import { aws_iam as iam, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { AuthenticationMode } from '../auth/authentication';
import { ICacheUser, UserAuthenticationType } from '../auth/user';
import { ICacheUserGroup } from '../auth/user-group';
import { CacheValidationError, ValidationProblem, problem } from '../shared/errors';
import { AuthMode } from './variables';

/** How a cache authenticates, for `grantAccess`: the same for every shape, created or imported. */
export interface CacheAuthenticationSource {
  /** Undefined for a cache without authentication (Memcached). */
  readonly mode?: AuthenticationMode;
  /** The AUTH token secret (token mode). */
  readonly tokenSecret?: secretsmanager.ISecret;
  /** The user group (RBAC and IAM modes), when known: grantAccess then checks that the user is in it. */
  readonly userGroup?: ICacheUserGroup;
  /** The user to connect as when `grantAccess` is given none (e.g. a serverless cache's generated `app` user). */
  readonly defaultUser?: ICacheUser;
  /** Grants `elasticache:Connect` on the cache and the user (caches with IAM authentication). */
  readonly grantConnect?: (grantee: iam.IGrantable, user: ICacheUser) => iam.Grant;
}

/** What the grantee must be allowed to use to authenticate. */
export interface CacheCredentials {
  /** A secret to read (the AUTH token, or an RBAC user's password). */
  readonly secret?: secretsmanager.ISecret;
  /** Grants `elasticache:Connect` (IAM authentication). */
  readonly connect?: (grantee: iam.IGrantable) => iam.Grant;
}

/**
 * The credentials a grantee connecting as `givenUser` needs, and the mode the runtime uses. `subject` (`<Type> <path>`)
 * names the cache in messages.
 */
export function credentialsFor(
  subject: string,
  source: CacheAuthenticationSource,
  givenUser: ICacheUser | undefined,
): { authMode: AuthMode; credentials: CacheCredentials; userId?: string } {
  const fail = (broken: ValidationProblem): never => {
    throw new CacheValidationError(`${subject}: grantAccess`, [broken]);
  };
  if (source.mode === undefined || source.mode === AuthenticationMode.AUTH_TOKEN) {
    if (givenUser) {
      fail(problem('grant-access-user-mode', `the cache authenticates without users: remove user '${givenUser.userName}'`));
    }
    return source.mode === undefined
      ? { authMode: 'none', credentials: {} }
      : { authMode: 'auth-token', credentials: { secret: source.tokenSecret } };
  }
  const user = givenUser ?? source.defaultUser;
  if (!user) {
    return fail(problem('grant-access-user-required', `authentication ${source.mode} needs a user: pass grantAccess(grantee, { user })`));
  }
  const members = source.userGroup?.users;
  if (members && !members.some((member) => member.userId === user.userId)) {
    fail(
      problem('grant-access-user-not-in-group', `user '${user.userName}' is not in the cache's user group: add it to the CacheUserGroup`),
    );
  }
  if (user.authenticationType === UserAuthenticationType.IAM) {
    const grantConnect = source.grantConnect;
    if (source.mode !== AuthenticationMode.IAM || !grantConnect) {
      return fail(problem('grant-access-user-auth', `user '${user.userName}' authenticates with IAM, but the cache uses ${source.mode}`));
    }
    return { authMode: 'iam', credentials: { connect: (grantee) => grantConnect(grantee, user) }, userId: user.userId };
  }
  if (!user.secret) {
    return fail(
      problem(
        'grant-access-user-secret',
        `user '${user.userName}' has no password secret: use a CacheUser with UserAuthentication.password(), or pass the secret of an imported user to CacheUser.fromCacheUserAttributes()`,
      ),
    );
  }
  return { authMode: 'rbac', credentials: { secret: user.secret } };
}
