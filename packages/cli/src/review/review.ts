import type { ResourceDifference } from '@aws-cdk/cloudformation-diff';
import { resolveResourceChanges, type ResolvedProperty, type ResolvedResourceChange } from './resolved-diff';
import { isStatefulType } from './resource-spec';
import type { StackPair } from './stack-pairing';

/**
 * What a deployment of the new template does to a resource. `rejected`: an in-place update the service refuses, so
 * the stack update fails and rolls back (see update-rules.ts).
 */
export type ResourceAction = 'add' | 'remove' | 'update' | 'replace' | 'may-replace' | 'rejected';

/** What happens to the data of a stateful resource that is replaced or removed. */
export type DataOutcome = 'data-loss' | 'snapshot' | 'retained';

/** One changed property: its values, the specification's update behaviour and the resolved one. */
export type PropertyReview = ResolvedProperty;

/** A resource attribute beside Properties (DeletionPolicy, Metadata, DependsOn, ...) that changed. */
export interface AttributeReview {
  readonly name: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
}

export interface ResourceReview {
  readonly logicalId: string;
  readonly type: string;
  readonly action: ResourceAction;
  readonly properties: readonly PropertyReview[];
  readonly attributes: readonly AttributeReview[];
  readonly stateful: boolean;
  /** Only for stateful resources that are replaced (or may be) or removed. */
  readonly dataOutcome?: DataOutcome;
  /** The policy that decided `dataOutcome`, as it applies (absent in the template means `Delete`). */
  readonly policy?: { readonly attribute: 'UpdateReplacePolicy' | 'DeletionPolicy'; readonly value: string };
  /** Set by `--allow-replacement <logicalId>`: data loss here is accepted and does not fail the review. */
  readonly acknowledged: boolean;
  /** For a removed resource: added resources of the same type, i.e. what a changed logical id may look like. */
  readonly possiblyRenamedTo: readonly string[];
}

export interface StackReview {
  readonly name: string;
  readonly resources: readonly ResourceReview[];
}

export interface ReviewOptions {
  /** Logical ids whose replacement or deletion the reviewer accepts. */
  readonly allowReplacement?: Iterable<string>;
}

/** Exit codes of the review: distinct from a usage error (1) so CI can tell "unsafe" from "broken". */
export const EXIT_SAFE = 0;
/** A stateful resource is replaced or deleted and its data is gone (no Snapshot / Retain policy). */
export const EXIT_DATA_LOSS = 2;
/**
 * A stateful resource is replaced, or deleted with a final snapshot: the data survives only in a snapshot (or an
 * orphaned copy), and the live resource comes back empty. Still a failure until acknowledged.
 */
export const EXIT_REPLACED = 3;
/**
 * A stateful resource may be replaced: the specification calls the update conditional and no rule settles the
 * condition (the report says what it depends on). It fails like a replacement, but CI can tell "check this" from
 * "this replaces": confirm it, then fix the template or acknowledge it with `--allow-replacement`.
 */
export const EXIT_MAY_REPLACE = 4;
/**
 * An update the service rejects (e.g. switching ElastiCache durability on or off): the deploy fails and rolls back.
 * Nothing is replaced, so `--allow-replacement` does not apply; only a template change does.
 */
export const EXIT_REJECTED = 5;

/** Reviews one stack: every resource that changes, and what that does to the data of the stateful ones. */
export function reviewStack(pair: StackPair, options: ReviewOptions = {}): StackReview {
  const allowed = new Set(options.allowReplacement ?? []);
  const reviewed = resolveResourceChanges(pair.oldTemplate, pair.newTemplate).map((change) => reviewResource(change, allowed));
  const added = reviewed.filter((r) => r.action === 'add');
  const resources = reviewed.map((r) => ({
    ...r,
    possiblyRenamedTo: r.action === 'remove' ? added.filter((a) => a.type === r.type).map((a) => a.logicalId) : [],
  }));
  return { name: pair.name, resources };
}

/**
 * The first that applies, most severe first: EXIT_DATA_LOSS, EXIT_REPLACED, EXIT_MAY_REPLACE, EXIT_REJECTED, else
 * EXIT_SAFE. Acknowledged resources (`--allow-replacement`) do not count; a deletion with Retain keeps the live
 * resource (orphaned) and only warns.
 */
export function exitCodeOf(stacks: readonly StackReview[]): number {
  const failures: [ResourceReview[], number][] = [
    [unacknowledgedDataLoss(stacks), EXIT_DATA_LOSS],
    [unacknowledgedReplacements(stacks), EXIT_REPLACED],
    [unacknowledgedMayReplace(stacks), EXIT_MAY_REPLACE],
    [rejectedUpdates(stacks), EXIT_REJECTED],
  ];
  return failures.find(([resources]) => resources.length > 0)?.[1] ?? EXIT_SAFE;
}

/** Stateful resources certainly replaced or deleted without snapshot or retain, not acknowledged. */
export function unacknowledgedDataLoss(stacks: readonly StackReview[]): ResourceReview[] {
  return unacknowledged(stacks).filter((r) => r.action !== 'may-replace' && r.dataOutcome === 'data-loss');
}

/** Stateful resources the deployment certainly recreates empty, or deletes leaving only a snapshot, not acknowledged. */
export function unacknowledgedReplacements(stacks: readonly StackReview[]): ResourceReview[] {
  return unacknowledged(stacks)
    .filter((r) => r.action !== 'may-replace' && r.dataOutcome !== 'data-loss')
    .filter((r) => r.action !== 'remove' || r.dataOutcome === 'snapshot');
}

/** Stateful resources that may be replaced (an unresolved conditional update behaviour), not acknowledged. */
export function unacknowledgedMayReplace(stacks: readonly StackReview[]): ResourceReview[] {
  return unacknowledged(stacks).filter((r) => r.action === 'may-replace');
}

/** Resources whose update the service rejects, stateful or not: each fails the whole deploy. */
export function rejectedUpdates(stacks: readonly StackReview[]): ResourceReview[] {
  return stacks.flatMap((s) => s.resources).filter((r) => r.action === 'rejected');
}

/** Stateful resources replaced (or that may be) or removed, whose loss `--allow-replacement` did not accept. */
function unacknowledged(stacks: readonly StackReview[]): ResourceReview[] {
  return stacks.flatMap((s) => s.resources).filter((r) => r.dataOutcome !== undefined && !r.acknowledged);
}

/** The `--allow-replacement` ids that matched no replaced or removed stateful resource (likely typos or stale). */
export function unusedAcknowledgements(stacks: readonly StackReview[], allowReplacement: Iterable<string>): string[] {
  const used = new Set(
    stacks
      .flatMap((s) => s.resources)
      .filter((r) => r.dataOutcome)
      .map((r) => r.logicalId),
  );
  return [...new Set(allowReplacement)].filter((id) => !used.has(id));
}

function reviewResource({ logicalId, diff, properties, behaviour }: ResolvedResourceChange, allowed: ReadonlySet<string>) {
  const type = (diff.newResourceType ?? diff.oldResourceType)!;
  const action: ResourceAction = diff.isAddition ? 'add' : diff.isRemoval ? 'remove' : behaviour;
  const stateful = isStatefulType(diff.oldResourceType ?? type);
  const policy = stateful ? applicablePolicy(diff, action) : undefined;
  return {
    logicalId,
    type: diff.resourceTypeChanged ? `${diff.oldResourceType} → ${diff.newResourceType}` : type,
    action,
    properties,
    attributes: Object.entries(diff.otherChanges).map(([name, change]) => ({
      name,
      oldValue: change.oldValue as unknown,
      newValue: change.newValue as unknown,
    })),
    stateful,
    dataOutcome: policy ? outcomeOf(policy.value) : undefined,
    policy,
    acknowledged: policy !== undefined && allowed.has(logicalId),
  };
}

/**
 * The policy CloudFormation applies to the old physical resource: DeletionPolicy when the resource leaves the
 * template, UpdateReplacePolicy when it is replaced. Absent means `Delete` (CloudFormation defaults RDS clusters to
 * Snapshot, but CDK always writes the policy out, and assuming the worst is the safe error here).
 *
 * For a replacement the weaker of the old and new template's UpdateReplacePolicy is used: the CloudFormation docs do
 * not say which template's policy governs a replacement made in the same update that changes the policy, so a review
 * must not rely on the stronger one.
 */
function applicablePolicy(change: ResourceDifference, action: ResourceAction): ResourceReview['policy'] {
  if (action === 'remove') {
    return { attribute: 'DeletionPolicy', value: policyValue(change.oldValue?.DeletionPolicy) };
  }
  if (action === 'replace' || action === 'may-replace') {
    const values = [change.oldValue?.UpdateReplacePolicy, change.newValue?.UpdateReplacePolicy].map(policyValue);
    const weakest = values.reduce((a, b) => (protectionRank(b) < protectionRank(a) ? b : a));
    return { attribute: 'UpdateReplacePolicy', value: weakest };
  }
  return undefined;
}

function policyValue(raw: unknown): string {
  return typeof raw === 'string' ? raw : 'Delete';
}

/** Delete keeps nothing, Snapshot keeps the data, Retain keeps the whole resource. */
function protectionRank(policy: string): number {
  return outcomeOf(policy) === 'retained' ? 2 : outcomeOf(policy) === 'snapshot' ? 1 : 0;
}

function outcomeOf(policy: string): DataOutcome {
  switch (policy) {
    case 'Snapshot':
      return 'snapshot';
    case 'Retain':
    case 'RetainExceptOnCreate':
      return 'retained';
    default:
      return 'data-loss';
  }
}
