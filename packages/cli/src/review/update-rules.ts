// What a property change does on deploy, where the resource specification that cloudformation-diff reads is not
// enough. The replacement facts (replacement-facts.ts, a generated copy of lib/facts/replacement.ts, which cites the
// AWS page or issue for each) settle what the specification gets wrong or leaves open: it marks NumNodeGroups,
// NodeGroupConfiguration and AuthToken "maybe" and leaves the condition open, still marks Engine and
// ReplicasPerNodeGroup create-only although CloudFormation updates them in place, and misses the AuthToken →
// UserGroupIds switch that replaces. Two more rules are service facts: ElastiCache rejects most Durability changes and
// every node type change of a Memcached cluster. One more reads the whole template: a member of a global datastore
// (its primary or a secondary) refuses node type, engine, parameter group and shard count changes, which go through the
// global datastore (globalDatastoreMemberVerdict). A property without a rule keeps the specification's verdict, and an
// unresolved "maybe" stays "may replace".
import { deepEqual, type Resource } from '@aws-cdk/cloudformation-diff';
import { GLOBAL_DATASTORE_MEMBER_FACTS, REPLACEMENT_FACTS, type ReplacementCondition, type ReplacementSource } from './replacement-facts';
import { specKnowsProperty } from './resource-spec';

/**
 * What deploying one property change does:
 * - `update`: CloudFormation updates the resource in place;
 * - `replace`: it creates a new resource and deletes the old one;
 * - `may-replace`: the specification says "conditional" and nothing here decides the condition;
 * - `rejected`: CloudFormation updates in place, but the service rejects the change, so the stack update fails and
 *   rolls back (nothing is replaced).
 */
export type UpdateBehaviour = 'update' | 'replace' | 'may-replace' | 'rejected';

/** A rule's decision and why, in one sentence that fits a report line. */
export interface Verdict {
  readonly behaviour: UpdateBehaviour;
  readonly reason: string;
}

/** One changed property, with the whole resource from each template (UpdatePolicy, sibling properties). */
export interface PropertyChange {
  readonly oldValue: unknown;
  readonly newValue: unknown;
  readonly oldResource: Resource;
  readonly newResource: Resource;
}

export interface UpdateRule {
  readonly resourceType: string;
  readonly properties: readonly string[];
  /** The AWS documentation (or AWS's word in an issue) the rule follows; the first one decides. */
  readonly sources: readonly string[];
  readonly decide: (change: PropertyChange) => Verdict;
}

const REPLICATION_GROUP = 'AWS::ElastiCache::ReplicationGroup';
const CACHE_CLUSTER = 'AWS::ElastiCache::CacheCluster';
const CACHE_CLUSTER_REFERENCE =
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-cachecluster.html';
const CFN_REFERENCE =
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html';

type Decide = (change: PropertyChange) => Verdict;

/**
 * How each replacement condition of the facts is decided from the two templates. `undocumented` has no decider: no
 * AWS page states the condition, so the specification's "may replace" stands.
 */
const CONDITIONS: Record<Exclude<ReplacementCondition, 'undocumented'>, Decide> = {
  // The update uses the policy of the template being deployed, i.e. the new one.
  'without-online-resharding': ({ newResource }) => {
    const policy = onlineResharding(newResource);
    if (policy === undefined) {
      return verdict('may-replace', 'UpdatePolicy UseOnlineResharding is not a literal: online resharding if true, else replacement');
    }
    if (!policy) {
      return verdict('replace', 'no UpdatePolicy UseOnlineResharding in the new template: a shard change replaces the group');
    }
    const groups: unknown = newResource.Properties?.NodeGroupConfiguration;
    if (Array.isArray(groups) && groups.some((g) => typeof g !== 'object' || g === null || !('NodeGroupId' in g))) {
      return verdict('may-replace', 'UseOnlineResharding needs a NodeGroupId in every NodeGroupConfiguration entry, and one is missing');
    }
    return verdict(
      'update',
      'resharded online (UpdatePolicy UseOnlineResharding); deploy it alone: CloudFormation does not roll back a failed reshard',
    );
  },
  // The ModifyReplicationGroup AuthTokenUpdateStrategy (ROTATE / SET) is an API parameter, not a template property:
  // the library's rotation Lambda uses it, outside CloudFormation.
  'auth-token-added-or-switched-to-rbac': ({ oldValue, newValue, newResource }) => {
    if (oldValue === undefined) {
      return verdict('replace', 'adding an AuthToken to an existing group requires replacement');
    }
    if (newValue === undefined) {
      return hasUserGroups(newResource)
        ? verdict('replace', 'switching from the AuthToken to UserGroupIds in one update replaces the group (an open CloudFormation bug)')
        : verdict('may-replace', 'removing the AuthToken: the reference documents adding (Replacement) and changing it, not removing');
    }
    return verdict('update', 'a changed AuthToken updates in place (only adding one replaces)');
  },
  'auth-token-removed': ({ oldResource, newResource }) =>
    oldResource.Properties?.AuthToken !== undefined && newResource.Properties?.AuthToken === undefined
      ? verdict('replace', 'UserGroupIds with the AuthToken removed in the same update replaces the group (an open CloudFormation bug)')
      : verdict('update', 'UserGroupIds update in place'),
  'node-group-configuration-changed': ({ oldResource, newResource }) =>
    deepEqual(oldResource.Properties?.NodeGroupConfiguration, newResource.Properties?.NodeGroupConfiguration)
      ? verdict('update', 'replicas per shard change in place (CloudFormation, since 2026-07-01)')
      : verdict(
          'may-replace',
          'replicas per shard together with a NodeGroupConfiguration change "can still cause a replacement": deploy them apart',
        ),
  'no-preferred-zones': ({ oldResource, newResource }) =>
    [oldResource, newResource].some(
      (r) => r.Properties?.PreferredAvailabilityZone !== undefined || r.Properties?.PreferredAvailabilityZones !== undefined,
    )
      ? verdict('update', 'the node count changes in place (the cluster names its Availability Zones)')
      : verdict('replace', 'without PreferredAvailabilityZone(s) in either template, a node count change replaces the cluster'),
};

/**
 * Deciders for in-place facts that the service may still reject. An in-place fact without one is an update.
 * ElastiCache's guide: a group with a custom Redis OSS parameter group must be given a custom Valkey one in the same
 * request, and the cross-engine upgrade goes from Redis OSS to Valkey only.
 */
const IN_PLACE: Record<string, Decide> = {
  [`${REPLICATION_GROUP}.Engine`]: ({ oldValue, newValue, oldResource, newResource }) => {
    if (oldValue === 'valkey' && newValue === 'redis') {
      return verdict('rejected', 'ElastiCache upgrades Redis OSS to Valkey, not back');
    }
    if (oldValue === 'redis' && newValue === 'valkey') {
      const oldGroup: unknown = oldResource.Properties?.CacheParameterGroupName;
      const newGroup: unknown = newResource.Properties?.CacheParameterGroupName;
      if (newGroup !== undefined && deepEqual(oldGroup, newGroup) && !isDefaultParameterGroup(newGroup)) {
        return verdict(
          'rejected',
          'Redis OSS → Valkey keeps the custom Redis OSS parameter group: the upgrade needs one of the valkey family',
        );
      }
      return verdict('update', 'Redis OSS → Valkey is an in-place cross-engine upgrade (with a parameter group of the valkey family)');
    }
    return verdict('update', 'Engine updates in place (no longer create-only in the CloudFormation reference)');
  },
};

const urls = (sources: readonly ReplacementSource[]): string[] => sources.map((source) => source.url);

/**
 * The rules the replacement facts give: one per conditional property with a decider, one per in-place property, and
 * one per create-only property the specification does not list yet (e.g. ServerlessCache ConnectionType): without it
 * the specification's silence would read as an in-place update. Once the specification lists it, its own verdict
 * applies (and test/facts reports the override of replacement-overrides.ts as stale).
 */
function factRules(): UpdateRule[] {
  return REPLACEMENT_FACTS.flatMap(({ resourceType, replacing, conditional, inPlace, sources }) => [
    ...replacing
      .filter((property) => !specKnowsProperty(resourceType, property))
      .map((property): UpdateRule => ({
        resourceType,
        properties: [property],
        sources: urls(sources),
        decide: () => verdict('replace', `${property} is set at creation only: a change replaces the resource`),
      })),
    ...conditional.flatMap(({ property, when, sources }): UpdateRule[] =>
      when === 'undocumented' ? [] : [{ resourceType, properties: [property], sources: urls(sources), decide: CONDITIONS[when] }],
    ),
    ...inPlace.map(({ property, note, sources }): UpdateRule => ({
      resourceType,
      properties: [property],
      sources: urls(sources),
      decide: IN_PLACE[`${resourceType}.${property}`] ?? (() => verdict('update', note)),
    })),
  ]);
}

/** Service facts: changes CloudFormation makes in place and ElastiCache rejects. */
const SERVICE_RULES: readonly UpdateRule[] = [
  {
    // ElastiCache: "Whether durability is enabled or disabled is determined at cluster creation time and cannot be
    // changed afterward. You can switch between sync and async modes on an existing cluster". The specification's own
    // text: enabling or disabling it "is not currently supported and will result in an error". `default` resolves to
    // disabled (EffectiveDurability) on Valkey 9.0, the only engine with durability.
    resourceType: REPLICATION_GROUP,
    properties: ['Durability'],
    sources: [
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Configuring.html',
      `${CFN_REFERENCE}#cfn-elasticache-replicationgroup-durability`,
    ],
    decide: ({ oldValue, newValue }) => {
      const [wasOn, isOn] = [isDurable(oldValue), isDurable(newValue)];
      if (wasOn === undefined || isOn === undefined) {
        return verdict('rejected', 'Durability is not a literal: if this switches durability on or off, ElastiCache rejects it');
      }
      if (wasOn !== isOn) {
        return verdict('rejected', `durability is fixed at creation: ElastiCache rejects switching it ${isOn ? 'on' : 'off'}`);
      }
      return verdict('update', isOn ? 'sync ↔ async switches in place' : 'durability stays off');
    },
  },
  {
    // AWS::ElastiCache::CacheCluster: "Changing the CacheNodeType of a Memcached instance is currently not supported.
    // If you need to scale using Memcached, we recommend forcing a replacement update by changing the
    // LogicalResourceId of the resource." The specification marks it updatable.
    resourceType: CACHE_CLUSTER,
    properties: ['CacheNodeType'],
    sources: [`${CACHE_CLUSTER_REFERENCE}#cfn-elasticache-cachecluster-cachenodetype`],
    decide: ({ newResource }) =>
      newResource.Properties?.Engine === 'memcached'
        ? verdict('rejected', 'CloudFormation cannot change the node type of a Memcached cluster: add a new cluster (new construct id)')
        : verdict('update', 'the node type of a Valkey / Redis OSS cache cluster scales in place'),
  },
];

/** The rule table. One rule per property; `ruleFor` finds it. */
export const UPDATE_RULES: readonly UpdateRule[] = [...factRules(), ...SERVICE_RULES];

function verdict(behaviour: UpdateBehaviour, reason: string): Verdict {
  return { behaviour, reason };
}

/** A rule's verdict with the AWS pages it follows. */
export interface SourcedVerdict {
  readonly verdict: Verdict;
  readonly sources: readonly string[];
}

/** The construct prop of `GlobalDatastore` that changes each global datastore property, for the fix in a reason. */
const GLOBAL_DATASTORE_PROPS: Record<string, string> = {
  CacheNodeType: 'cacheNodeType',
  Engine: 'engine',
  EngineVersion: 'engine',
  CacheParameterGroupName: 'engine (a major upgrade brings its parameter group)',
  GlobalNodeGroupCount: 'numShards',
};

/**
 * A change of a property that a global datastore owns (GLOBAL_DATASTORE_MEMBER_FACTS) on a replication group that is
 * a member in the deployed template: a secondary (GlobalReplicationGroupId in both templates), or the PRIMARY member of
 * an AWS::ElastiCache::GlobalReplicationGroup of the old template (the one deployed: CloudFormation updates the member
 * while the global datastore still holds it). ElastiCache rejects it; the verdict names the fix. Undefined for any
 * other change: the property's own rule decides.
 */
export function globalDatastoreMemberVerdict(
  resourceType: string,
  property: string,
  logicalId: string,
  change: Pick<PropertyChange, 'oldResource' | 'newResource'>,
  oldResources: Readonly<Record<string, Resource>>,
): SourcedVerdict | undefined {
  const facts = GLOBAL_DATASTORE_MEMBER_FACTS;
  const owned = facts.owned.find((o) => o.property === property);
  if (resourceType !== facts.resourceType || !owned) {
    return undefined;
  }
  const globalId = (resource: Resource): unknown => resource.Properties?.GlobalReplicationGroupId;
  const secondaryOf = globalId(change.oldResource) !== undefined && globalId(change.newResource) !== undefined;
  const primaryOf = Object.entries(oldResources).find(
    ([, resource]) => resource.Type === facts.globalResourceType && isPrimaryMember(resource, logicalId, change.oldResource),
  )?.[0];
  if (!secondaryOf && primaryOf === undefined) {
    return undefined;
  }
  const role = primaryOf !== undefined ? `the primary of global datastore ${primaryOf}` : 'a secondary of a global datastore';
  const prop = GLOBAL_DATASTORE_PROPS[owned.globalProperty];
  return {
    verdict: verdict(
      'rejected',
      `this group is ${role}, and ElastiCache rejects changing ${property} on a member ("... is a member of Global Replication Group ..."): ` +
        `change ${owned.globalProperty} on the AWS::ElastiCache::GlobalReplicationGroup instead (GlobalDatastore's ${prop}), ` +
        'and keep the member at its creation value',
    ),
    sources: urls(facts.sources),
  };
}

/**
 * Whether the global datastore names the replication group `logicalId` as its PRIMARY member: by `Ref`, or by the
 * literal id the group's ReplicationGroupId sets.
 */
function isPrimaryMember(global: Resource, logicalId: string, group: Resource): boolean {
  const members: unknown = global.Properties?.Members;
  if (!Array.isArray(members)) {
    return false;
  }
  const groupId: unknown = group.Properties?.ReplicationGroupId;
  return members.some((member: unknown) => {
    if (typeof member !== 'object' || member === null) {
      return false;
    }
    const { ReplicationGroupId: id, Role: role } = member as Record<string, unknown>;
    const names = deepEqual(id, { Ref: logicalId }) || (typeof groupId === 'string' && id === groupId);
    return names && (role === undefined || role === 'PRIMARY');
  });
}

/** The rule for a property of a resource type, if the table has one. */
export function ruleFor(resourceType: string, property: string): UpdateRule | undefined {
  return UPDATE_RULES.find((r) => r.resourceType === resourceType && r.properties.includes(property));
}

/** The resource's UpdatePolicy UseOnlineResharding: absent is false; undefined when an intrinsic function decides it. */
function onlineResharding(resource: Resource): boolean | undefined {
  const policy: unknown = resource.UpdatePolicy;
  if (policy === undefined) {
    return false;
  }
  if (typeof policy !== 'object' || policy === null || Object.keys(policy).some((key) => key.startsWith('Fn::'))) {
    return undefined;
  }
  return literalBoolean((policy as Record<string, unknown>).UseOnlineResharding ?? false);
}

/** A boolean attribute as CloudFormation reads it (`true` or `"true"`); undefined when it is an intrinsic function. */
function literalBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  return typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : undefined;
}

/** `sync` / `async` are on; `disabled`, `default` (disabled on Valkey 9.0) and unset are off; anything else is unknown. */
function isDurable(value: unknown): boolean | undefined {
  if (value === undefined || value === 'disabled' || value === 'default') {
    return false;
  }
  return value === 'sync' || value === 'async' ? true : undefined;
}

/** Whether the resource names user groups (an RBAC group). */
function hasUserGroups(resource: Resource): boolean {
  const groups: unknown = resource.Properties?.UserGroupIds;
  return groups !== undefined && !(Array.isArray(groups) && groups.length === 0);
}

/** ElastiCache's own parameter groups (`default.redis7`, ...) need no replacement of the custom kind. */
function isDefaultParameterGroup(name: unknown): boolean {
  return typeof name === 'string' && name.startsWith('default.');
}
