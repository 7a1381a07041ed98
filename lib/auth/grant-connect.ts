import { aws_iam as iam } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CacheValidationError, problem } from '../shared/errors';
import { ICacheUser, UserAuthenticationType } from './user';

/**
 * Grants `elasticache:Connect` as `user` on the cache `cacheArn` and on the user: the permission IAM authentication
 * checks (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html). Throws `grant-connect-iam-user`
 * for a user that does not authenticate with IAM, since the grant would never be used.
 */
export function grantConnectAs(cache: IConstruct, grantee: iam.IGrantable, user: ICacheUser, cacheArn: string): iam.Grant {
  if (user.authenticationType !== UserAuthenticationType.IAM) {
    throw new CacheValidationError(`${cache.node.path}: grantConnect`, [
      problem(
        'grant-connect-iam-user',
        `grantConnect needs an IAM-enabled user, but '${user.userName}' authenticates with '${user.authenticationType}': create it with UserAuthentication.iam()`,
      ),
    ]);
  }
  return iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: [cacheArn, user.userArn] });
}
