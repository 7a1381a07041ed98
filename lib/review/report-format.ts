import { ResourceImpact } from '@aws-cdk/cloudformation-diff';
import type { PairedStacks } from './stack-pairing';
import { unacknowledgedDataLoss, unacknowledgedReplacements, type ResourceAction, type ResourceReview, type StackReview } from './review';

/** Longest rendering of one old or new value; a reviewer needs to recognise the value, the snapshot diff has it all. */
const MAX_VALUE_CHARS = 80;

const ACTION_LABEL: Record<ResourceAction, string> = {
  add: 'ADD',
  remove: 'DELETE',
  update: 'UPDATE',
  replace: 'REPLACE',
  'may-replace': 'MAY REPLACE',
};

const LABEL_WIDTH = Math.max(...Object.values(ACTION_LABEL).map((l) => l.length));
const DETAIL_INDENT = ' '.repeat(2 + LABEL_WIDTH + 2);

/** Renders the review as plain text for a terminal or a CI log: one block per stack, then the verdict. */
export function formatReport(stacks: readonly StackReview[], unpaired: Pick<PairedStacks, 'onlyOld' | 'onlyNew'>): string {
  const lines: string[] = [];
  for (const stack of stacks) {
    lines.push(...formatStack(stack), '');
  }
  for (const name of unpaired.onlyOld) {
    lines.push(`Stack ${name}: only in the old input, not compared (cdk deploy never deletes a stack)`, '');
  }
  for (const name of unpaired.onlyNew) {
    lines.push(`Stack ${name}: only in the new input, a new stack (nothing existing is replaced)`, '');
  }
  lines.push(verdict(stacks));
  return lines.join('\n') + '\n';
}

function formatStack(stack: StackReview): string[] {
  if (stack.resources.length === 0) {
    return [`Stack ${stack.name}: no resource changes`];
  }
  const count = (...actions: ResourceAction[]) => stack.resources.filter((r) => actions.includes(r.action)).length;
  const replaced = count('replace', 'may-replace');
  return [
    `Stack ${stack.name}: ${count('add')} added, ${count('remove')} removed, ` +
      `${count('update', 'replace', 'may-replace')} modified (${replaced} ${replaced === 1 ? 'replacement' : 'replacements'})`,
    ...stack.resources.flatMap(formatResource),
  ];
}

function formatResource(resource: ResourceReview): string[] {
  const label = ACTION_LABEL[resource.action].padEnd(LABEL_WIDTH);
  const head = `  ${label}  ${resource.type}  ${resource.logicalId}${resource.stateful ? '  (stateful)' : ''}`;
  const details = [
    ...resource.properties.map(
      (p) =>
        `${p.name}: ${abbreviate(p.oldValue)} → ${abbreviate(p.newValue)}  [${updateBehaviour(p.impact)}` +
        `${p.viaReplacedReference ? ', because a resource it references is replaced' : ''}]`,
    ),
    ...resource.attributes.map((a) => `${a.name}: ${abbreviate(a.oldValue)} → ${abbreviate(a.newValue)}  [resource attribute]`),
    ...(resource.action === 'replace' && resource.properties.every((p) => !causesReplacement(p.impact))
      ? ['cause: the resource type changed']
      : []),
    ...(resource.possiblyRenamedTo.length > 0
      ? [
          `a ${resource.type} was added as ${resource.possiblyRenamedTo.join(', ')}: if this is a changed logical id, ` +
            'it is still a delete + create',
        ]
      : []),
    ...dataWarning(resource),
  ];
  return [head, ...details.map((d) => DETAIL_INDENT + d)];
}

/** The update behaviour the resource spec gives a property, as cloudformation-diff reports it. */
function updateBehaviour(impact: ResourceImpact): string {
  switch (impact) {
    case ResourceImpact.WILL_REPLACE:
      return 'create-only (Replacement)';
    case ResourceImpact.MAY_REPLACE:
      return 'may replace (Conditional)';
    case ResourceImpact.WILL_UPDATE:
      return 'in-place update';
    default:
      return 'update behaviour unknown: not in the resource spec';
  }
}

function causesReplacement(impact: ResourceImpact): boolean {
  return impact === ResourceImpact.WILL_REPLACE || impact === ResourceImpact.MAY_REPLACE;
}

function dataWarning(resource: ResourceReview): string[] {
  if (!resource.dataOutcome || !resource.policy) {
    return [];
  }
  const { attribute, value } = resource.policy;
  const removed = resource.action === 'remove';
  const event = removed ? 'deleted' : resource.action === 'may-replace' ? 'may be replaced' : 'replaced';
  const policy = `${attribute}: ${value}`;
  const lines = ((): string[] => {
    switch (resource.dataOutcome) {
      case 'snapshot':
        return [
          `!! WARNING: ${event}, snapshot taken (${policy}).`,
          '   CloudFormation takes a final snapshot of the old resource, then deletes it.' +
            (removed
              ? ''
              : ' The new resource starts EMPTY unless it is restored from that snapshot' +
                ' (for ElastiCache: SnapshotName / SnapshotArns).'),
        ];
      case 'retained':
        return [
          `!! WARNING: ${event}, old resource orphaned and retained (${policy}).`,
          '   It keeps its data and keeps running (and costing) outside the stack until deleted by hand.' +
            (removed ? '' : ' The new resource starts EMPTY.'),
        ];
      default:
        return [
          `!! DATA LOSS: ${event} with ${policy}: the old resource and its data are deleted, no snapshot is taken.`,
          '   Keep the logical id and the create-only properties unchanged, set RemovalPolicy.SNAPSHOT or RETAIN,' +
            ` or accept the loss with --allow-replacement ${resource.logicalId}.`,
        ];
    }
  })();
  return resource.acknowledged ? [...lines, 'ACKNOWLEDGED by --allow-replacement: does not fail the review.'] : lines;
}

function verdict(stacks: readonly StackReview[]): string {
  const lost = unacknowledgedDataLoss(stacks);
  if (lost.length > 0) {
    return (
      `Result: DATA LOSS: ${lost.length} stateful ${lost.length === 1 ? 'resource is' : 'resources are'} ` +
      `replaced or deleted without snapshot or retain: ${lost.map((r) => r.logicalId).join(', ')}`
    );
  }
  const recreated = unacknowledgedReplacements(stacks);
  if (recreated.length > 0) {
    return (
      `Result: REPLACED: ${recreated.length} stateful ${recreated.length === 1 ? 'resource comes' : 'resources come'} back empty ` +
      `(the old data survives only in a snapshot or a retained copy): ${recreated.map((r) => r.logicalId).join(', ')}. ` +
      'Accept with --allow-replacement <logicalId>.'
    );
  }
  const kept = stacks.flatMap((s) => s.resources).filter((r) => r.dataOutcome).length;
  return kept > 0
    ? `Result: safe to deploy with care: ${kept} stateful replacement(s) or deletion(s), each retained or acknowledged (see warnings)`
    : 'Result: safe: no stateful resource is replaced or deleted';
}

function abbreviate(value: unknown): string {
  if (value === undefined) {
    return '(unset)';
  }
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}
