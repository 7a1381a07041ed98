import { aws_iam as iam, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { AuthenticationMode } from '../auth/authentication';
import { CacheUser, ICacheUser, UserAuthenticationType } from '../auth/user';
import { ICacheUserGroup } from '../auth/user-group';
import { CacheValidationError, ValidationProblem, problem } from '../errors';
import { CacheCredentials } from './grant-access';
import { AuthMode } from './variables';

/** How a cache authenticates, for `grantAccess`: the same for replication groups and serverless caches. */
export interface CredentialSource {
  /** `<Type> <path>`, for messages. */
  readonly subject: string;
  /** Undefined for a cache without authentication (Memcached). */
  readonly authenticationMode?: AuthenticationMode;
  /** The AUTH token secret (token mode). */
  readonly tokenSecret?: secretsmanager.ISecret;
  /** The user group (RBAC and IAM modes). */
  readonly userGroup?: ICacheUserGroup;
  /** The user to connect as when `grantAccess` is given none (e.g. a serverless cache's generated `app` user). */
  readonly defaultUser?: ICacheUser;
  /** Grants `elasticache:Connect` on the cache and the user (caches with IAM authentication). */
  readonly grantConnect?: (grantee: iam.IGrantable, user: ICacheUser) => iam.Grant;
}

/** The credentials a grantee connecting as `givenUser` needs, and the mode the runtime uses. */
export function credentialsFor(
  source: CredentialSource,
  givenUser: ICacheUser | undefined,
): { authMode: AuthMode; credentials: CacheCredentials; userId?: string } {
  const fail = (broken: ValidationProblem): never => {
    throw new CacheValidationError(`${source.subject}: grantAccess`, [broken]);
  };
  if (source.authenticationMode === undefined || source.authenticationMode === AuthenticationMode.AUTH_TOKEN) {
    if (givenUser) {
      fail(problem('grant-access-user-mode', `the cache authenticates without users: remove user '${givenUser.userName}'`));
    }
    return source.authenticationMode === undefined
      ? { authMode: 'none', credentials: {} }
      : { authMode: 'auth-token', credentials: { secret: source.tokenSecret } };
  }
  const user = givenUser ?? source.defaultUser;
  if (!user) {
    return fail(
      problem(
        'grant-access-user-required',
        `authentication ${source.authenticationMode} needs a user: pass grantAccess(grantee, { user })`,
      ),
    );
  }
  const members = source.userGroup?.users;
  if (members && !members.some((member) => member.userId === user.userId)) {
    fail(
      problem('grant-access-user-not-in-group', `user '${user.userName}' is not in the cache's user group: add it to the CacheUserGroup`),
    );
  }
  if (user.authenticationType === UserAuthenticationType.IAM) {
    const grantConnect = source.grantConnect;
    if (source.authenticationMode !== AuthenticationMode.IAM || !grantConnect) {
      return fail(
        problem(
          'grant-access-user-auth',
          `user '${user.userName}' authenticates with IAM, but the cache uses ${source.authenticationMode}`,
        ),
      );
    }
    return { authMode: 'iam', credentials: { connect: (grantee) => grantConnect(grantee, user) }, userId: user.userId };
  }
  const secret = user instanceof CacheUser ? user.secret : undefined;
  if (!secret) {
    return fail(
      problem(
        'grant-access-user-secret',
        `user '${user.userName}' has no password secret in this app (an imported or no-password user): use a CacheUser with UserAuthentication.password()`,
      ),
    );
  }
  return { authMode: 'rbac', credentials: { secret } };
}
