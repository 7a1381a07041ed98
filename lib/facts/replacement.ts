/**
 * Which property changes make CloudFormation replace an ElastiCache resource (create a new one, then delete the old:
 * a cache's data is gone unless a snapshot was taken), and which do so only under a condition. Every property not
 * listed updates in place.
 *
 * The one definition: the reviewer (packages/cli) compiles a generated copy (scripts/sync-contract.ts), and
 * test/facts compares it with the machine-readable sources (@aws-cdk/aws-service-spec, cfn-lint's schemas); where
 * they disagree, replacement-overrides.ts says why. This module imports nothing, so a copy compiles anywhere.
 */

/** Where a fact comes from, and the day it was last checked (YYYY-MM-DD); as lib/facts/fact-source.ts. */
export interface ReplacementSource {
  readonly url: string;
  readonly checked: string;
  readonly quote?: string;
}

/** When a conditional property's change replaces the resource. */
export type ReplacementCondition =
  /** Unless the new template's UpdatePolicy sets UseOnlineResharding to true. */
  | 'without-online-resharding'
  /** When the update adds an AuthToken, or removes it while adding UserGroupIds (a switch to RBAC). */
  | 'auth-token-added-or-switched-to-rbac'
  /** When the same update removes the AuthToken (a switch from AUTH to RBAC). */
  | 'auth-token-removed'
  /** When the same update also changes NodeGroupConfiguration ("can still cause a replacement"). */
  | 'node-group-configuration-changed'
  /** When neither the old nor the new template sets PreferredAvailabilityZone or PreferredAvailabilityZones. */
  | 'no-preferred-zones'
  /** The resource specification marks the property conditional, and no AWS page states the condition. */
  | 'undocumented';

/** A property whose change replaces the resource only under a condition. */
export interface ConditionalReplacement {
  readonly property: string;
  readonly when: ReplacementCondition;
  readonly sources: readonly ReplacementSource[];
}

/** A property that updates in place although an older source, or the name, suggests replacement. */
export interface InPlaceUpdate {
  readonly property: string;
  /** What the update does, in one sentence. */
  readonly note: string;
  readonly sources: readonly ReplacementSource[];
}

/** The replacement facts of one resource type. */
export interface ResourceReplacementFacts {
  readonly resourceType: string;
  /** Properties whose change always replaces the resource (create-only). */
  readonly replacing: readonly string[];
  readonly conditional: readonly ConditionalReplacement[];
  readonly inPlace: readonly InPlaceUpdate[];
  /** The reference page that lists each property's update behaviour. */
  readonly sources: readonly ReplacementSource[];
}

const CHECKED = '2026-12-04';
const TEMPLATE_REFERENCE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference';
const reference = (page: string, anchor?: string): ReplacementSource => ({
  url: `${TEMPLATE_REFERENCE}/aws-resource-elasticache-${page}.html${anchor ? `#cfn-elasticache-${page}-${anchor}` : ''}`,
  checked: CHECKED,
});

const ONLINE_RESHARDING: ReplacementSource = {
  url: `${TEMPLATE_REFERENCE}/aws-attribute-updatepolicy.html#cfn-attributes-updatepolicy-useonlineresharding`,
  checked: CHECKED,
  quote:
    'When UseOnlineResharding is set to false, or not specified, updating [NumNodeGroups / NodeGroupConfiguration] ' +
    'results in replacement',
};
const RBAC_SWITCH: ReplacementSource = {
  url: 'https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2356',
  checked: CHECKED,
  quote: 'Change Set/Update shows Replacement for AWS::ElastiCache::ReplicationGroup when toggling between AuthToken and UserGroupIds',
};
const REPLICAS_IN_PLACE: ReplacementSource = {
  url: 'https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/918',
  checked: CHECKED,
  quote:
    'AWS::ElastiCache::ReplicationGroup now applies ReplicasPerNodeGroup changes in place [...] Combining it with ' +
    'NodeGroupConfiguration in the same update can still cause a replacement. (AWS, 2026-07-01)',
};

/** Every ElastiCache resource type the library creates. */
export const REPLACEMENT_FACTS: readonly ResourceReplacementFacts[] = [
  {
    resourceType: 'AWS::ElastiCache::ReplicationGroup',
    replacing: [
      'AtRestEncryptionEnabled',
      'CacheSubnetGroupName',
      'DataTieringEnabled',
      'GlobalReplicationGroupId',
      'KmsKeyId',
      'NetworkType',
      'Port',
      'PreferredCacheClusterAZs',
      'ReplicationGroupId',
      'SnapshotArns',
      'SnapshotName',
    ],
    conditional: [
      { property: 'NumNodeGroups', when: 'without-online-resharding', sources: [ONLINE_RESHARDING] },
      { property: 'NodeGroupConfiguration', when: 'without-online-resharding', sources: [ONLINE_RESHARDING] },
      {
        property: 'AuthToken',
        when: 'auth-token-added-or-switched-to-rbac',
        sources: [
          { ...reference('replicationgroup', 'authtoken'), quote: 'If ADDING the AuthToken, update requires Replacement.' },
          RBAC_SWITCH,
        ],
      },
      { property: 'UserGroupIds', when: 'auth-token-removed', sources: [RBAC_SWITCH] },
      { property: 'ReplicasPerNodeGroup', when: 'node-group-configuration-changed', sources: [REPLICAS_IN_PLACE] },
    ],
    inPlace: [
      {
        property: 'Engine',
        note: 'Redis OSS → Valkey is an in-place cross-engine upgrade, with a parameter group of the valkey family',
        sources: [
          {
            ...reference('replicationgroup', 'engine'),
            quote:
              'Upgrading an existing engine from redis to valkey is done through in-place migration, and requires a ' +
              'parameter group. [...] Update requires: No interruption',
          },
          {
            url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VersionManagement.HowTo.html#VersionManagement.HowTo.cross-engine-upgrade',
            checked: CHECKED,
          },
        ],
      },
    ],
    sources: [reference('replicationgroup')],
  },
  {
    resourceType: 'AWS::ElastiCache::CacheCluster',
    replacing: ['CacheSubnetGroupName', 'ClusterName', 'Engine', 'NetworkType', 'Port', 'SnapshotArns', 'SnapshotName'],
    conditional: [
      {
        property: 'NumCacheNodes',
        when: 'no-preferred-zones',
        sources: [
          {
            ...reference('cachecluster', 'numcachenodes'),
            quote:
              'if the PreferredAvailabilityZone and PreferredAvailabilityZones properties were not previously ' +
              "specified and you don't specify any new values, an update requires replacement",
          },
        ],
      },
      // The CloudFormation resource specification marks these Conditional; the reference page states no condition
      // (it lists AZMode as "No interruption"). Until AWS says which, a change may replace the cluster.
      ...['AZMode', 'PreferredAvailabilityZone', 'PreferredAvailabilityZones'].map((property): ConditionalReplacement => ({
        property,
        when: 'undocumented',
        sources: [
          reference('cachecluster'),
          { url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-resource-specification.html', checked: CHECKED },
        ],
      })),
    ],
    inPlace: [],
    sources: [reference('cachecluster')],
  },
  {
    resourceType: 'AWS::ElastiCache::ServerlessCache',
    replacing: ['ConnectionType', 'KmsKeyId', 'NetworkType', 'ServerlessCacheName', 'SnapshotArnsToRestore', 'SubnetIds'],
    conditional: [],
    inPlace: [],
    sources: [
      reference('serverlesscache'),
      {
        url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-network-type.html',
        checked: CHECKED,
        quote: 'The network type can only be set when creating a serverless cache.',
      },
      // ConnectionType: CreateServerlessCache takes it, ModifyServerlessCache does not, so no update can change it.
      {
        url: 'https://docs.aws.amazon.com/cli/latest/reference/elasticache/create-serverless-cache.html',
        checked: CHECKED,
        quote: '[--network-type <value>] [--connection-type <value>]',
      },
      {
        url: 'https://docs.aws.amazon.com/cli/latest/reference/elasticache/modify-serverless-cache.html',
        checked: CHECKED,
        quote:
          'modify-serverless-cache --serverless-cache-name [--description] [--cache-usage-limits] [--remove-user-group] ' +
          '[--user-group-id] [--security-group-ids] [--snapshot-retention-limit] [--daily-snapshot-time] [--engine] ' +
          '[--major-engine-version] (no connection type, no network type)',
      },
    ],
  },
  {
    resourceType: 'AWS::ElastiCache::GlobalReplicationGroup',
    replacing: [],
    conditional: [],
    inPlace: [],
    sources: [reference('globalreplicationgroup')],
  },
  {
    resourceType: 'AWS::ElastiCache::User',
    replacing: ['UserId', 'UserName'],
    conditional: [],
    inPlace: [
      {
        property: 'Engine',
        note: 'a user changes engine (redis ↔ valkey) in place',
        sources: [{ ...reference('user', 'engine'), quote: 'Allowed values: redis | valkey. Update requires: No interruption' }],
      },
    ],
    sources: [reference('user')],
  },
  {
    resourceType: 'AWS::ElastiCache::UserGroup',
    replacing: ['UserGroupId'],
    conditional: [],
    inPlace: [
      {
        property: 'Engine',
        note: 'a user group changes engine (redis ↔ valkey) in place',
        sources: [{ ...reference('usergroup', 'engine'), quote: 'Allowed values: redis | valkey. Update requires: No interruption' }],
      },
    ],
    sources: [reference('usergroup')],
  },
  {
    resourceType: 'AWS::ElastiCache::SubnetGroup',
    replacing: ['CacheSubnetGroupName'],
    conditional: [],
    inPlace: [],
    sources: [reference('subnetgroup')],
  },
  {
    resourceType: 'AWS::ElastiCache::ParameterGroup',
    replacing: ['CacheParameterGroupFamily'],
    conditional: [],
    inPlace: [],
    sources: [reference('parametergroup')],
  },
];

/**
 * Properties of an AWS::ElastiCache::ReplicationGroup that its global datastore owns once it is a member, primary or
 * secondary: CloudFormation would update them in place, but ElastiCache rejects the change on the member, and the
 * stack update fails and rolls back. They change on the AWS::ElastiCache::GlobalReplicationGroup instead (CacheNodeType,
 * Engine, EngineVersion, CacheParameterGroupName with a major upgrade, GlobalNodeGroupCount), which scales or upgrades
 * every member.
 */
export interface GlobalDatastoreMemberFacts {
  readonly resourceType: string;
  readonly globalResourceType: string;
  /** The member property, and the property of the global datastore that changes it. */
  readonly owned: readonly { readonly property: string; readonly globalProperty: string }[];
  readonly sources: readonly ReplacementSource[];
}

export const GLOBAL_DATASTORE_MEMBER_FACTS: GlobalDatastoreMemberFacts = {
  resourceType: 'AWS::ElastiCache::ReplicationGroup',
  globalResourceType: 'AWS::ElastiCache::GlobalReplicationGroup',
  owned: [
    { property: 'CacheNodeType', globalProperty: 'CacheNodeType' },
    { property: 'Engine', globalProperty: 'Engine' },
    { property: 'EngineVersion', globalProperty: 'EngineVersion' },
    { property: 'CacheParameterGroupName', globalProperty: 'CacheParameterGroupName' },
    { property: 'NumNodeGroups', globalProperty: 'GlobalNodeGroupCount' },
    { property: 'NodeGroupConfiguration', globalProperty: 'GlobalNodeGroupCount' },
  ],
  sources: [
    {
      url: 'https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1965',
      checked: CHECKED,
      quote:
        'Replication Group [abc] is a member of Global Replication Group [xyz], hence NodeType property cannot be modified. ' +
        "[...] the stack update will fail because CFN tries to update cacheNodeType in ReplicationGroup which it can't as " +
        'the property is now controlled by the GlobalReplicationGroup',
    },
    {
      url: 'https://github.com/hashicorp/terraform-provider-aws/issues/19929',
      checked: CHECKED,
      quote: 'Cluster [x] is part of a global cluster [y]. Request rejected.',
    },
    {
      url: 'https://github.com/hashicorp/terraform-provider-aws/issues/27875',
      checked: CHECKED,
      quote: 'InvalidParameterValue: Cluster [...-secondary] is part of a global cluster [sgaui-...-global]. Request rejected.',
    },
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyGlobalReplicationGroup.html',
      checked: CHECKED,
      quote: 'CacheNodeType: A valid cache node type that you want to scale this Global datastore to.',
    },
    {
      url: 'https://github.com/hashicorp/terraform-provider-aws/pull/49110',
      checked: CHECKED,
      quote:
        'ModifyGlobalReplicationGroup only allows parameter group changes during a major engine version upgrade. AWS ' +
        'auto-generates a new parameter group (prefixed global-datastore-) when a replication group joins a global datastore.',
    },
    {
      ...reference('globalreplicationgroup'),
      quote: 'CacheNodeType, EngineVersion, GlobalNodeGroupCount: Update requires: No interruption',
    },
  ],
};

/** The facts of `resourceType`, when the library knows it. */
export function replacementFactsOf(resourceType: string): ResourceReplacementFacts | undefined {
  return REPLACEMENT_FACTS.find((facts) => facts.resourceType === resourceType);
}
