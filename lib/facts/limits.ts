/**
 * Numeric limits ElastiCache and CloudFormation enforce on what the constructs emit, each with its source.
 */
import { CHECKED, FactSource } from './fact-source';

export interface Range {
  readonly min: number;
  readonly max: number;
  readonly sources: readonly FactSource[];
}

const RG_REFERENCE =
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html';
const cite = (anchor: string, quote: string): FactSource => ({
  url: `${RG_REFERENCE}#cfn-elasticache-replicationgroup-${anchor}`,
  checked: CHECKED,
  quote,
});

/** NumCacheClusters of a group with cluster mode off (a primary and up to 5 replicas); at least 2 with failover. */
export const NUM_CACHE_CLUSTERS: Range & { readonly minWithAutomaticFailover: number } = {
  min: 1,
  max: 6,
  minWithAutomaticFailover: 2,
  sources: [
    cite(
      'numcacheclusters',
      'If AutomaticFailoverEnabled is true, the value of this parameter must be at least 2. [...] The maximum permitted value for NumCacheClusters is 6 (1 primary plus 5 replicas).',
    ),
  ],
};

/** Replicas per shard (ReplicasPerNodeGroup). */
export const REPLICAS_PER_SHARD: Range = {
  min: 0,
  max: 5,
  sources: [cite('replicaspernodegroup', 'Valid values are 0 to 5.')],
};

/** Shards (NumNodeGroups): 90 by default, up to 500 nodes per cluster on Valkey 7.2+ / Redis OSS 5.0.6+. */
export const SHARDS: Range & { readonly defaultMax: number } = {
  min: 1,
  max: 500,
  defaultMax: 90,
  sources: [
    {
      url: RG_REFERENCE,
      checked: CHECKED,
      quote:
        'A Valkey or Redis OSS (cluster mode enabled) cluster is comprised of from 1 to 90 shards [...] The node or shard limit can be increased to a maximum of 500 per cluster',
    },
  ],
};

/** AuthToken: 16–128 printable ASCII characters, none of these. */
export const AUTH_TOKEN: Range & { readonly forbiddenCharacters: readonly string[] } = {
  min: 16,
  max: 128,
  forbiddenCharacters: ['/', '"', '@', '%'],
  sources: [
    cite('authtoken', 'Must be at least 16 characters and no more than 128 characters in length.'),
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroup.html',
      checked: CHECKED,
      quote: "Cannot contain any of the following characters: '/', '\"', or '@', '%'",
    },
  ],
};

/** Target value of an ElastiCache auto scaling policy, shards and replicas alike, in percent. */
export const AUTO_SCALING_TARGET_PERCENT: Range = {
  min: 35,
  max: 70,
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Scaling-Adding-Policy-Shards.html',
      checked: CHECKED,
      quote: 'For the target value, choose a value greater than or equal to 35 and less than or equal to 70.',
    },
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Scaling-Policies-Replicas-Replicas.html',
      checked: CHECKED,
      quote: 'You can set the utilization target between 35 percent and 70 percent.',
    },
  ],
};

/** Passwords per RBAC user (CreateUser / ModifyUser take the full list). */
export const PASSWORDS_PER_USER: Range = {
  min: 1,
  max: 2,
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyUser.html',
      checked: CHECKED,
      quote: 'The passwords belonging to the user. You are allowed up to two.',
    },
  ],
};

/** Ids of replication groups, users, user groups and caches: 1–40 characters, a letter first. */
export const IDENTIFIER_LENGTH: Range = {
  min: 1,
  max: 40,
  sources: [cite('replicationgroupid', 'A name must contain from 1 to 40 alphanumeric characters or hyphens.')],
};
