import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Rule, isResolved } from '../shared/rule-table';
import { IGlobalDatastore, ReplicationGroupProps } from './props';
import { RuleInput } from './validation-rules';

/**
 * A replication group that joins a global datastore as a read-only secondary (`ReplicationGroupProps.globalDatastore`):
 * its rules and its count per global datastore. The L1 properties it leaves out are in cfn-props.ts
 * (`InheritedFromPrimary`); the global datastore itself (the primary's side) is in lib/global/.
 */

/** At most two secondary regions per global datastore (China: one). */
export const MAX_SECONDARIES = 2;

/** The secondaries of each global datastore that this app creates, in construction order. */
const SECONDARIES = new WeakMap<IGlobalDatastore, IConstruct[]>();

/** The replication groups of this app that are a global datastore's primary (GlobalDatastore records them). */
const PRIMARIES = new WeakSet<IConstruct>();

/** Records `group` as the primary of a global datastore (called by GlobalDatastore), for the rules that depend on it. */
export function joinGlobalDatastoreAsPrimary(group: IConstruct): void {
  PRIMARIES.add(group);
}

/** Whether `group` belongs to a global datastore of this app: its primary, or a secondary (it names one). */
export function isGlobalDatastoreMember(group: IConstruct, globalDatastore: IGlobalDatastore | undefined): boolean {
  return globalDatastore !== undefined || PRIMARIES.has(group);
}

/**
 * Records `secondary` as a member of `globalDatastore` and returns which secondary of it this is (1, 2, ...), for the
 * `global-secondary-count` rule. The construct calls it once, before validating.
 */
export function joinGlobalDatastore(globalDatastore: IGlobalDatastore, secondary: IConstruct): number {
  const members = SECONDARIES.get(globalDatastore) ?? [];
  if (!members.includes(secondary)) members.push(secondary);
  SECONDARIES.set(globalDatastore, members);
  return members.indexOf(secondary) + 1;
}

/** Props a secondary takes from the primary: setting them is a mistake even when the values agree. */
const INHERITED_PROPS: readonly (keyof ReplicationGroupProps)[] = [
  'transitEncryptionMode',
  'parameters',
  'dataTiering',
  'networkType',
  'multiAz',
];

/** Props a secondary may repeat only with the global datastore's value (they also shape the secondary's own rules). */
function mismatches({ props }: RuleInput): string[] {
  const global = props.globalDatastore!;
  const differ = <T>(mine: T | undefined, theirs: T | undefined, show: (v: T) => string = String) =>
    mine !== undefined && theirs !== undefined && isResolved(mine) && isResolved(theirs) && show(mine) !== show(theirs);
  return [
    differ(props.engine, global.engine, (e) => e.toString())
      ? `engine ${props.engine!.toString()} (the primary runs ${global.engine!.toString()})`
      : undefined,
    differ(props.cacheNodeType, global.cacheNodeType)
      ? `cacheNodeType '${props.cacheNodeType}' (the primary's is '${global.cacheNodeType}')`
      : undefined,
    differ(props.numShards, global.numShards) ? `numShards ${props.numShards} (the primary has ${global.numShards})` : undefined,
    differ(props.clusterMode, global.clusterMode) ? `clusterMode ${props.clusterMode} (the primary's is ${global.clusterMode})` : undefined,
  ].filter((m): m is string => m !== undefined);
}

/** A region for messages: its name, or what an unresolved one means. */
const describeRegion = (region: string): string => (Token.isUnresolved(region) ? 'an env-agnostic stack' : region);

/**
 * The rules of a replication group that joins a global datastore as a secondary (ReplicationGroupProps.globalDatastore),
 * run with the replication group's own.
 */
export const GLOBAL_SECONDARY_RULES: readonly Rule<RuleInput>[] = [
  {
    id: 'global-secondary-inherited',
    severity: 'error',
    check: (input) => {
      const set = INHERITED_PROPS.filter((prop) => input.props[prop] !== undefined).map((prop) => `${prop}`);
      const problems = [...mismatches(input), ...(set.length > 0 ? [`${set.join(', ')} (inherited from the primary: remove)`] : [])];
      return problems.length > 0
        ? `a secondary of a global datastore takes its engine, version, node type, shards, parameters, encryption and Multi-AZ from the primary, but sets ${problems.join('; ')}`
        : undefined;
    },
  },
  {
    id: 'global-secondary-replicas',
    severity: 'error',
    check: ({ props, config }) =>
      props.globalDatastore?.multiAz && isResolved(config.replicasPerShard) && config.replicasPerShard < 1
        ? 'the primary is Multi-AZ with automatic failover, which a secondary inherits and which needs a replica: set replicasPerShard to 1-5'
        : undefined,
  },
  {
    // A global datastore spans regions: the secondary's stack needs an explicit env region other than the primary's.
    // Skipped when the primary's region is unknown (an import without primaryRegion).
    id: 'global-secondary-region',
    severity: 'error',
    check: ({ props, region }) => {
      const global = props.globalDatastore;
      const primaryRegion = global?.primaryRegion;
      if (!global || primaryRegion === undefined) return undefined;
      return Token.isUnresolved(region) || Token.isUnresolved(primaryRegion) || region === primaryRegion
        ? `a secondary of global datastore ${global.node.path} must be in a stack whose env has another region than the primary's (${describeRegion(primaryRegion)}), got ${describeRegion(region)}: give both stacks an explicit env region, and the secondary's stack crossRegionReferences: true`
        : undefined;
    },
  },
  {
    id: 'global-secondary-count',
    severity: 'error',
    check: ({ props, secondaryNumber }) =>
      props.globalDatastore && secondaryNumber !== undefined && secondaryNumber > MAX_SECONDARIES
        ? `global datastore ${props.globalDatastore.node.path} can have at most ${MAX_SECONDARIES} secondary regions, this would be secondary ${secondaryNumber}`
        : undefined,
  },
];
