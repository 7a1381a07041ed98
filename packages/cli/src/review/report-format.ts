import { ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { isReplacement, specBehaviour } from './resolved-diff';
import type { PairedStacks } from './stack-pairing';
import {
  rejectedUpdates,
  unacknowledgedDataLoss,
  unacknowledgedMayReplace,
  unacknowledgedReplacements,
  type PropertyReview,
  type ResourceAction,
  type ResourceReview,
  type StackReview,
} from './review';
import type { UpdateBehaviour } from './update-rules';

/** Longest rendering of one old or new value; a reviewer needs to recognise the value, the snapshot diff has it all. */
const MAX_VALUE_CHARS = 80;

const ACTION_LABEL: Record<ResourceAction, string> = {
  add: 'ADD',
  remove: 'DELETE',
  update: 'UPDATE',
  replace: 'REPLACE',
  'may-replace': 'MAY REPLACE',
  rejected: 'WILL FAIL',
};

/** How a rule's verdict reads in a property line. */
const BEHAVIOUR_LABEL: Record<UpdateBehaviour, string> = {
  update: 'in-place update',
  replace: 'Replacement',
  'may-replace': 'may replace',
  rejected: 'update fails',
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
      `${count('update', 'replace', 'may-replace', 'rejected')} modified (${replaced} ${replaced === 1 ? 'replacement' : 'replacements'})`,
    ...stack.resources.flatMap(formatResource),
  ];
}

function formatResource(resource: ResourceReview): string[] {
  const label = ACTION_LABEL[resource.action].padEnd(LABEL_WIDTH);
  const head = `  ${label}  ${resource.type}  ${resource.logicalId}${resource.stateful ? '  (stateful)' : ''}`;
  const details = [
    ...resource.properties.flatMap((p) => formatProperty(p, resource.action === 'replace')),
    ...resource.attributes.map((a) => `${a.name}: ${abbreviate(a.oldValue)} → ${abbreviate(a.newValue)}  [resource attribute]`),
    ...(resource.action === 'replace' && resource.properties.every((p) => !isReplacement(p.behaviour))
      ? ['cause: the resource type changed']
      : []),
    ...(resource.possiblyRenamedTo.length > 0
      ? [
          `a ${resource.type} was added as ${resource.possiblyRenamedTo.join(', ')}: if this is a changed logical id, ` +
            'it is still a delete + create',
        ]
      : []),
    ...warnings(resource),
  ];
  return [head, ...details.map((d) => DETAIL_INDENT + d)];
}

/**
 * `Name: old → new  [behaviour]`. A rule's verdict comes with its reason (and the specification's own verdict where
 * the rule overrides it), then one `see <url>` line per page the rule follows. A rejected update is moot when the
 * resource is replaced anyway: the new one is created with the new value.
 */
function formatProperty(p: PropertyReview, replaced: boolean): string[] {
  const via = p.viaReplacedReference ? ', because a resource it references is replaced' : '';
  const values = `${p.name}: ${abbreviate(p.oldValue)} → ${abbreviate(p.newValue)}`;
  if (!p.rule) {
    const open = p.specImpact === ResourceImpact.MAY_REPLACE ? ': the spec leaves the condition open and no rule here settles it' : '';
    return [`${values}  [${specLabel(p.specImpact)}${open}${via}]`];
  }
  const overridden = p.behaviour === specBehaviour(p.specImpact) ? '' : `; spec: ${specLabel(p.specImpact)}`;
  const moot = replaced && p.behaviour === 'rejected' ? '; moot here: the resource is replaced' : '';
  return [
    `${values}  [${BEHAVIOUR_LABEL[p.behaviour]}: ${p.rule.reason}${via}${overridden}${moot}]`,
    ...p.rule.sources.map((url) => `  see ${url}`),
  ];
}

/** The update behaviour the resource spec gives a property, as cloudformation-diff reports it. */
function specLabel(impact: ResourceImpact): string {
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

function warnings(resource: ResourceReview): string[] {
  if (resource.action === 'rejected') {
    return [
      '!! WILL FAIL: the service rejects this update and CloudFormation rolls the stack update back. Nothing is replaced.',
      '   Revert the change, and make it where the reason above says (e.g. on the global datastore) or, failing that, on a new',
      '   resource (a new logical id).',
    ];
  }
  if (!resource.dataOutcome || !resource.policy) {
    return [];
  }
  const { attribute, value } = resource.policy;
  const removed = resource.action === 'remove';
  const mayReplace = resource.action === 'may-replace';
  const event = removed ? 'deleted' : mayReplace ? 'may be replaced' : 'replaced';
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
  const unsettled = mayReplace
    ? [
        `   The reviewer cannot settle whether it is replaced (see above): check, then settle it in the template or accept it with --allow-replacement ${resource.logicalId}.`,
      ]
    : [];
  return [...lines, ...unsettled, ...(resource.acknowledged ? ['ACKNOWLEDGED by --allow-replacement: does not fail the review.'] : [])];
}

/** The finding behind the exit code on the `Result:` line; any other failing finding on an `Also:` line under it. */
function verdict(stacks: readonly StackReview[]): string {
  const ids = (resources: readonly ResourceReview[]) => resources.map((r) => r.logicalId).join(', ');
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const findings: [ResourceReview[], (resources: ResourceReview[]) => string][] = [
    [
      unacknowledgedDataLoss(stacks),
      (rs) =>
        `DATA LOSS: ${count(rs.length, 'stateful resource is', 'stateful resources are')} replaced or deleted without snapshot ` +
        `or retain: ${ids(rs)}`,
    ],
    [
      unacknowledgedReplacements(stacks),
      (rs) =>
        `REPLACED: ${count(rs.length, 'stateful resource comes', 'stateful resources come')} back empty (the old data survives ` +
        `only in a snapshot or a retained copy): ${ids(rs)}. Accept with --allow-replacement <logicalId>.`,
    ],
    [
      unacknowledgedMayReplace(stacks),
      (rs) =>
        `MAY REPLACE: ${count(rs.length, 'stateful resource', 'stateful resources')} may be replaced, which the reviewer cannot ` +
        `settle (see the reasons above): ${ids(rs)}. Check, then settle it or accept with --allow-replacement <logicalId>.`,
    ],
    [
      rejectedUpdates(stacks),
      (rs) =>
        `WILL FAIL: ${count(rs.length, 'update', 'updates')} the service rejects, so the deploy fails and rolls back: ${ids(rs)}. ` +
        'Change the template.',
    ],
  ];
  const failing = findings.filter(([resources]) => resources.length > 0);
  if (failing.length > 0) {
    return failing.map(([resources, text], i) => `${i === 0 ? 'Result' : 'Also'}: ${text(resources)}`).join('\n');
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
