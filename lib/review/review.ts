import { deepEqual, fullDiff, ResourceDifference, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { isStatefulType } from './resource-spec';
import type { StackPair } from './stack-pairing';

/** What a deployment of the new template does to a resource. */
export type ResourceAction = 'add' | 'remove' | 'update' | 'replace' | 'may-replace';

/** What happens to the data of a stateful resource that is replaced or removed. */
export type DataOutcome = 'data-loss' | 'snapshot' | 'retained';

export interface PropertyReview {
  readonly name: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  /**
   * cloudformation-diff's impact of this one change, from the property's update behaviour in the resource spec:
   * WILL_REPLACE (create-only), MAY_REPLACE (conditional), WILL_UPDATE, or NO_CHANGE when the spec does not know it.
   */
  readonly impact: ResourceImpact;
  /**
   * True when the template value did not change but a resource it references is replaced, so the value CloudFormation
   * resolves does (cloudformation-diff propagates replacements through `Ref` / `Fn::GetAtt`).
   */
  readonly viaReplacedReference: boolean;
}

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

/** Properties that cause a replacement are listed first: the reason for a REPLACE is the first line under it. */
const IMPACT_ORDER: readonly ResourceImpact[] = [
  ResourceImpact.WILL_REPLACE,
  ResourceImpact.MAY_REPLACE,
  ResourceImpact.WILL_UPDATE,
  ResourceImpact.NO_CHANGE,
];

/** Exit codes of the review: distinct from a usage error (1) so CI can tell "unsafe" from "broken". */
export const EXIT_SAFE = 0;
/** A stateful resource is replaced or deleted and its data is gone (no Snapshot / Retain policy). */
export const EXIT_DATA_LOSS = 2;
/**
 * A stateful resource is replaced, or deleted with a final snapshot: the data survives only in a snapshot (or an
 * orphaned copy), and the live resource comes back empty. Still a failure until acknowledged.
 */
export const EXIT_REPLACED = 3;

/** Reviews one stack: every resource that changes, and what that does to the data of the stateful ones. */
export function reviewStack(pair: StackPair, options: ReviewOptions = {}): StackReview {
  const allowed = new Set(options.allowReplacement ?? []);
  const diff = fullDiff(pair.oldTemplate, pair.newTemplate);
  const reviewed: Omit<ResourceReview, 'possiblyRenamedTo'>[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    reviewed.push(reviewResource(logicalId, change, allowed));
  });
  const added = reviewed.filter((r) => r.action === 'add');
  const resources = reviewed.map((r) => ({
    ...r,
    possiblyRenamedTo: r.action === 'remove' ? added.filter((a) => a.type === r.type).map((a) => a.logicalId) : [],
  }));
  return { name: pair.name, resources };
}

/**
 * EXIT_DATA_LOSS when a stateful resource loses its data, else EXIT_REPLACED when one is replaced or deleted with only a
 * snapshot left, else EXIT_SAFE. Acknowledged resources (`--allow-replacement`) do not count; a deletion with Retain
 * keeps the live resource (orphaned) and only warns.
 */
export function exitCodeOf(stacks: readonly StackReview[]): number {
  if (unacknowledgedDataLoss(stacks).length > 0) return EXIT_DATA_LOSS;
  return unacknowledgedReplacements(stacks).length > 0 ? EXIT_REPLACED : EXIT_SAFE;
}

/** Stateful resources the deployment recreates empty, or deletes leaving only a snapshot, not acknowledged. */
export function unacknowledgedReplacements(stacks: readonly StackReview[]): ResourceReview[] {
  return stacks
    .flatMap((s) => s.resources)
    .filter((r) => !r.acknowledged && r.dataOutcome !== undefined && r.dataOutcome !== 'data-loss')
    .filter((r) => r.action !== 'remove' || r.dataOutcome === 'snapshot');
}

export function unacknowledgedDataLoss(stacks: readonly StackReview[]): ResourceReview[] {
  return stacks.flatMap((s) => s.resources).filter((r) => r.dataOutcome === 'data-loss' && !r.acknowledged);
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

function reviewResource(
  logicalId: string,
  change: ResourceDifference,
  allowed: ReadonlySet<string>,
): Omit<ResourceReview, 'possiblyRenamedTo'> {
  const type = (change.newResourceType ?? change.oldResourceType)!;
  const action = actionOf(change);
  const stateful = isStatefulType(change.oldResourceType ?? type);
  const policy = stateful ? applicablePolicy(change, action) : undefined;
  return {
    logicalId,
    type: change.resourceTypeChanged ? `${change.oldResourceType} → ${change.newResourceType}` : type,
    action,
    properties: Object.entries(change.propertyUpdates)
      .map(([name, diff]): PropertyReview => ({
        name,
        oldValue: diff.oldValue,
        newValue: diff.newValue,
        impact: diff.changeImpact ?? ResourceImpact.NO_CHANGE,
        viaReplacedReference: deepEqual(change.oldValue?.Properties?.[name], change.newValue?.Properties?.[name]),
      }))
      .sort((a, b) => IMPACT_ORDER.indexOf(a.impact) - IMPACT_ORDER.indexOf(b.impact)),
    attributes: Object.entries(change.otherChanges).map(([name, diff]) => ({
      name,
      oldValue: diff.oldValue as unknown,
      newValue: diff.newValue as unknown,
    })),
    stateful,
    dataOutcome: policy ? outcomeOf(policy.value) : undefined,
    policy,
    acknowledged: policy !== undefined && allowed.has(logicalId),
  };
}

function actionOf(change: ResourceDifference): ResourceAction {
  if (change.isAddition) {
    return 'add';
  }
  if (change.isRemoval) {
    return 'remove';
  }
  switch (change.changeImpact) {
    case ResourceImpact.WILL_REPLACE:
      return 'replace';
    case ResourceImpact.MAY_REPLACE:
      return 'may-replace';
    default:
      return 'update';
  }
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
