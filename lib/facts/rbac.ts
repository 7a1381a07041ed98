/**
 * RBAC facts: which user groups a cache accepts, and what CreateUserGroup rejects. Checked against the sources below.
 */
import { CHECKED, FactSource } from './fact-source';

const RBAC_PAGE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html';

/**
 * The engines of the user groups a cache of each engine accepts: a Valkey cache takes `valkey` and `redis` user groups,
 * a Redis OSS cache `redis` ones only. The stored English copy of the RBAC page ends before its limitations list; the
 * page's zh_cn and ja_jp versions, which agree, state it (quoted here as translated back).
 */
export const USER_GROUP_ENGINES: {
  readonly forCacheEngine: Readonly<Record<string, readonly string[]>>;
  readonly sources: readonly FactSource[];
} = {
  forCacheEngine: { valkey: ['valkey', 'redis'], redis: ['redis'] },
  sources: [
    {
      url: 'https://docs.aws.amazon.com/zh_cn/AmazonElastiCache/latest/dg/Clusters.RBAC.html',
      checked: CHECKED,
      quote:
        "When using RBAC with Valkey clusters, user groups with engine 'VALKEY' and engine 'REDIS' can both be used. " +
        "When using RBAC with Redis OSS clusters, only user groups with engine 'REDIS' can be used.",
    },
    { url: RBAC_PAGE, checked: CHECKED },
    {
      url: 'https://github.com/open-constructs/aws-cdk-library/issues/69',
      checked: CHECKED,
      quote: 'Valkey user groups can contain both Valkey users and Redis users, but No Password users cannot be included.',
    },
  ],
};

/** Two users with the same user name in one user group: CreateUserGroup answers DuplicateUserNameFault. */
export const UNIQUE_USER_NAMES_IN_GROUP: { readonly sources: readonly FactSource[] } = {
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUserGroup.html',
      checked: CHECKED,
      quote: 'DuplicateUserNameFault: A user with this username already exists. HTTP Status Code: 400',
    },
  ],
};

/**
 * Which users a user group takes. A `valkey` group takes Valkey users and Redis OSS users, but only users that
 * authenticate (password or IAM): no user without a password, whatever its engine. A `redis` group takes Redis OSS
 * users. The English RBAC page as stored ends before its limitations list; its translations and open-constructs #69
 * (which AWS's alpha module follows: its NoPasswordUser defaults to the redis engine) state it.
 */
export const USER_ENGINES_IN_GROUP: {
  readonly forGroupEngine: Readonly<Record<string, readonly string[]>>;
  readonly sources: readonly FactSource[];
} = {
  forGroupEngine: { valkey: ['valkey', 'redis'], redis: ['redis'] },
  sources: [
    {
      url: 'https://docs.aws.amazon.com/pt_br/AmazonElastiCache/latest/dg/Clusters.RBAC.html',
      checked: CHECKED,
      quote:
        "A user group configured for the 'VALKEY' engine can only contain users that use an authentication mechanism " +
        "(password or IAM). This means all users with the 'VALKEY' engine and any other users with the 'Redis' engine " +
        'that have password or IAM authentication can be in this group (translated back).',
    },
    {
      url: 'https://github.com/open-constructs/aws-cdk-library/issues/69',
      checked: CHECKED,
      quote: 'Valkey user groups can contain both Valkey users and Redis users, but No Password users cannot be included.',
    },
    {
      url: 'https://docs.aws.amazon.com/cdk/api/v2/docs/@aws-cdk_aws-elasticache-alpha.NoPasswordUserProps.html',
      checked: CHECKED,
      quote: 'Default: UserEngine.REDIS for NoPasswordUser, UserEngine.VALKEY for all other user types.',
    },
  ],
};
