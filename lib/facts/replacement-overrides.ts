/**
 * Where the machine-readable sources of update behaviour disagree with replacement.ts, and why replacement.ts is
 * right. test/facts compares the two sources with replacement.ts: a difference without an entry here fails, and so
 * does an entry whose difference is gone (a newer source caught up: delete the entry).
 *
 * - `aws-service-spec`: @aws-cdk/aws-service-spec as installed, which @aws-cdk/cloudformation-diff (`cdk diff`, the
 *   reviewer) reads: each property's causesReplacement (yes / maybe / no).
 * - `cfn-lint`: the CloudFormation registry schemas cfn-lint bundles (us-east-1): createOnlyProperties. They cannot
 *   say "conditional", so a conditional fact agrees with a property that is not create-only.
 */
import { CHECKED, FactSource } from './fact-source';

export type UpstreamSource = 'aws-service-spec' | 'cfn-lint';

/** What a source says a change of the property does; `unknown-property` when it does not list the property. */
export type UpstreamVerdict = 'replace' | 'conditional' | 'update' | 'unknown-property';

export interface UpstreamOverride {
  readonly upstream: UpstreamSource;
  readonly resourceType: string;
  readonly property: string;
  /** What the source says: the difference this entry explains. */
  readonly upstreamSays: UpstreamVerdict;
  /** Why replacement.ts says otherwise. */
  readonly why: string;
  readonly sources: readonly FactSource[];
}

const ROADMAP_918: FactSource = {
  url: 'https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/918',
  checked: CHECKED,
  quote: 'ReplicasPerNodeGroup is no longer create-only (AWS, 2026-07-01)',
};
const RG_ENGINE: FactSource = {
  url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html#cfn-elasticache-replicationgroup-engine',
  checked: CHECKED,
  quote: 'Engine [...] Update requires: No interruption',
};
const engineOf = (page: 'user' | 'usergroup'): FactSource => ({
  url: `https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-${page}.html#cfn-elasticache-${page}-engine`,
  checked: CHECKED,
  quote: 'Allowed values: redis | valkey. Update requires: No interruption',
});

export const UPSTREAM_OVERRIDES: readonly UpstreamOverride[] = [
  {
    upstream: 'aws-service-spec',
    resourceType: 'AWS::ElastiCache::ReplicationGroup',
    property: 'Engine',
    upstreamSays: 'replace',
    why: 'the CloudFormation reference updates Engine in place (Redis OSS → Valkey), and the registry schema no longer lists it as create-only; the spec is older',
    sources: [RG_ENGINE],
  },
  {
    upstream: 'aws-service-spec',
    resourceType: 'AWS::ElastiCache::ReplicationGroup',
    property: 'ReplicasPerNodeGroup',
    upstreamSays: 'replace',
    why: 'in place since 2026-07-01; it can still replace when NodeGroupConfiguration changes in the same update',
    sources: [ROADMAP_918],
  },
  {
    upstream: 'cfn-lint',
    resourceType: 'AWS::ElastiCache::ReplicationGroup',
    property: 'ReplicasPerNodeGroup',
    upstreamSays: 'replace',
    why: 'in place since 2026-07-01; the bundled schema predates the change',
    sources: [ROADMAP_918],
  },
  {
    upstream: 'aws-service-spec',
    resourceType: 'AWS::ElastiCache::ReplicationGroup',
    property: 'UserGroupIds',
    upstreamSays: 'update',
    why: 'CloudFormation replaces the group when one update removes the AuthToken and adds UserGroupIds (an open bug); otherwise in place',
    sources: [{ url: 'https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2356', checked: CHECKED }],
  },
  {
    upstream: 'aws-service-spec',
    resourceType: 'AWS::ElastiCache::User',
    property: 'Engine',
    upstreamSays: 'replace',
    why: 'the CloudFormation reference updates a user engine in place since valkey was added; the spec keeps the older Replacement',
    sources: [engineOf('user')],
  },
  {
    upstream: 'aws-service-spec',
    resourceType: 'AWS::ElastiCache::UserGroup',
    property: 'Engine',
    upstreamSays: 'replace',
    why: 'the CloudFormation reference updates a user group engine in place since valkey was added; the spec keeps the older Replacement',
    sources: [engineOf('usergroup')],
  },
  ...(['aws-service-spec', 'cfn-lint'] as const).map((upstream): UpstreamOverride => ({
    upstream,
    resourceType: 'AWS::ElastiCache::ServerlessCache',
    property: 'ConnectionType',
    upstreamSays: 'unknown-property',
    why: 'the source predates ConnectionType (public endpoints, Valkey 9.0+), which CreateServerlessCache takes and ModifyServerlessCache does not: set at creation only. aws-cdk-lib 2.276.0 has it on CfnServerlessCache (vpc or public)',
    sources: [
      {
        url: 'https://docs.aws.amazon.com/cli/latest/reference/elasticache/modify-serverless-cache.html',
        checked: CHECKED,
        quote: 'ModifyServerlessCache takes no connection type',
      },
      {
        url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-public-endpoints-chapter.html',
        checked: CHECKED,
        quote: 'Public endpoints are available on ElastiCache Serverless for Valkey 9.0 or later.',
      },
    ],
  })),
  {
    upstream: 'cfn-lint',
    resourceType: 'AWS::ElastiCache::ServerlessCache',
    property: 'NetworkType',
    upstreamSays: 'unknown-property',
    why: 'the bundled schema predates NetworkType for serverless caches, which ElastiCache sets at creation only',
    sources: [
      {
        url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-network-type.html',
        checked: CHECKED,
        quote: 'The network type can only be set when creating a serverless cache.',
      },
    ],
  },
];
