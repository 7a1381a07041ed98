// The resource changes between two templates, with each property's update behaviour resolved: cloudformation-diff's
// per-resource diff (and its resource specification), corrected by the rule table in update-rules.ts, and replacements
// propagated through references from the corrected behaviours.
import { deepEqual, ResourceImpact, type Resource, type ResourceDifference } from '@aws-cdk/cloudformation-diff';
// Not re-exported from the package index; `fullDiff` uses it for every resource. Its own propagation of replacements
// follows the specification only, so a create-only marking a rule overrides (Engine) would still spread.
import { diffResource } from '@aws-cdk/cloudformation-diff/lib/diff';
import type { CfnTemplate } from './template-loader';
import { globalDatastoreMemberVerdict, ruleFor, type UpdateBehaviour } from './update-rules';

export interface ResolvedProperty {
  readonly name: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  /**
   * The resource specification's update behaviour, as cloudformation-diff reports it: WILL_REPLACE (create-only),
   * MAY_REPLACE (conditional), WILL_UPDATE, or NO_CHANGE when the specification does not know the property.
   */
  readonly specImpact: ResourceImpact;
  /** What deploying the change does: the rule's verdict where update-rules.ts has a rule, else the specification's. */
  readonly behaviour: UpdateBehaviour;
  /** Set when a rule decided `behaviour`: why, and the AWS pages it follows. */
  readonly rule?: { readonly reason: string; readonly sources: readonly string[] };
  /**
   * True when the template value did not change but a resource it references is replaced, so the value CloudFormation
   * resolves does.
   */
  readonly viaReplacedReference: boolean;
}

export interface ResolvedResourceChange {
  readonly logicalId: string;
  /** cloudformation-diff's diff of the resource as written: addition / removal, types, attributes, policies. */
  readonly diff: ResourceDifference;
  /** Changed properties, most disruptive first. */
  readonly properties: readonly ResolvedProperty[];
  /** For an update: the most disruptive property behaviour, or `replace` when the type changed. */
  readonly behaviour: UpdateBehaviour;
}

/** Most disruptive first: the first property of a resource is the reason for its action. */
const BEHAVIOUR_ORDER: readonly UpdateBehaviour[] = ['replace', 'may-replace', 'rejected', 'update'];

/** Every resource that changes between the templates, in template order. */
export function resolveResourceChanges(oldTemplate: CfnTemplate, newTemplate: CfnTemplate): ResolvedResourceChange[] {
  const oldResources = normalizedResources(oldTemplate);
  const newResources = normalizedResources(newTemplate);
  const diffAll = (resources: Record<string, Resource>) =>
    new Map(
      [...new Set([...Object.keys(oldResources), ...Object.keys(newResources)])].map((id) => {
        const diff = diffResource(oldResources[id], resources[id], id);
        return [id, resolve(id, diff, resolvedProperties(id, diff, oldResources, newResources[id]))];
      }),
    );
  const asWritten = diffAll(newResources);

  // As cloudformation-diff does: point each reference to a replaced resource at a "(replaced)" id and diff again,
  // until no new replacement appears, so a create-only property that references a replaced resource replaces too.
  const withReplacedReferences = structuredClone(newResources);
  const propagated = new Set<string>();
  let latest = asWritten;
  for (;;) {
    const replaced = [...latest.values()].filter((c) => c.diff.isUpdate && c.behaviour === 'replace' && !propagated.has(c.logicalId));
    replaced.forEach((c) => propagated.add(c.logicalId));
    if (!replaced.map((c) => markReplacedReferences(withReplacedReferences, c.logicalId)).includes(true)) {
      break;
    }
    latest = diffAll(withReplacedReferences);
  }

  // A change that only follows a replaced reference is listed when it replaces (or may): that is what the reader must
  // see. Like cloudformation-diff, in-place updates it causes are not listed.
  return [...asWritten.values()].flatMap((written) => {
    const properties = latest.get(written.logicalId)!.properties.filter((p) => !p.viaReplacedReference || isReplacement(p.behaviour));
    return written.diff.isDifferent || properties.length > 0 ? [resolve(written.logicalId, written.diff, properties)] : [];
  });
}

function resolve(logicalId: string, diff: ResourceDifference, properties: ResolvedProperty[]): ResolvedResourceChange {
  const sorted = [...properties].sort((a, b) => BEHAVIOUR_ORDER.indexOf(a.behaviour) - BEHAVIOUR_ORDER.indexOf(b.behaviour));
  const behaviour = diff.resourceTypeChanged ? 'replace' : (sorted[0]?.behaviour ?? 'update');
  return { logicalId, diff, properties: sorted, behaviour };
}

/**
 * The property changes of one diff of resource `logicalId`; `oldResources` is the old template (as written), and
 * `newWritten` the resource as the new template has it.
 */
function resolvedProperties(
  logicalId: string,
  diff: ResourceDifference,
  oldResources: Record<string, Resource>,
  newWritten?: Resource,
): ResolvedProperty[] {
  const oldWritten = oldResources[logicalId];
  const type = diff.resourceTypeChanged ? undefined : diff.resourceType;
  return Object.entries(diff.propertyUpdates).map(([name, change]): ResolvedProperty => {
    const specImpact = change.changeImpact ?? ResourceImpact.NO_CHANGE;
    const updated = type && diff.oldValue && diff.newValue ? { oldResource: diff.oldValue, newResource: diff.newValue } : undefined;
    const rule = updated ? ruleFor(type!, name) : undefined;
    const own = rule?.decide({ oldValue: change.oldValue, newValue: change.newValue, ...updated! });
    const sourced = own && rule ? { verdict: own, sources: rule.sources } : undefined;
    const behaviour = own?.behaviour ?? specBehaviour(specImpact);
    // A member of a global datastore rejects what the global datastore owns, unless the change replaces it anyway.
    const member =
      updated && behaviour !== 'replace' ? globalDatastoreMemberVerdict(type!, name, logicalId, updated, oldResources) : undefined;
    const decided = member ?? sourced;
    return {
      name,
      oldValue: change.oldValue,
      newValue: change.newValue,
      specImpact,
      behaviour: decided?.verdict.behaviour ?? behaviour,
      rule: decided ? { reason: decided.verdict.reason, sources: decided.sources } : undefined,
      viaReplacedReference: deepEqual(oldWritten?.Properties?.[name], newWritten?.Properties?.[name]),
    };
  });
}

/** The behaviour the specification alone gives a change; NO_CHANGE (a property it does not know) counts as an update. */
export function specBehaviour(impact: ResourceImpact): UpdateBehaviour {
  switch (impact) {
    case ResourceImpact.WILL_REPLACE:
      return 'replace';
    case ResourceImpact.MAY_REPLACE:
      return 'may-replace';
    default:
      return 'update';
  }
}

export function isReplacement(behaviour: UpdateBehaviour): boolean {
  return behaviour === 'replace' || behaviour === 'may-replace';
}

/** The Resources section, normalized as `fullDiff` does: `Fn::GetAtt` short form as a list, `DependsOn` sorted. */
function normalizedResources(template: CfnTemplate): Record<string, Resource> {
  const resources = structuredClone(template.Resources ?? {}) as Record<string, Resource>;
  normalize(resources);
  return resources;
}

function normalize(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(normalize);
  } else if (typeof node === 'object' && node !== null) {
    const object = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(object)) {
      if (key === 'Fn::GetAtt' && typeof value === 'string') {
        object[key] = value.split('.');
      } else if (key === 'DependsOn') {
        object[key] = (Array.isArray(value) ? [...(value as unknown[])] : [value]).sort();
      } else {
        normalize(value);
      }
    }
  }
}

/**
 * Rewrites, in place, every `Ref` / `Fn::*` reference to `logicalId` into one to `<logicalId> (replaced)`, including
 * references nested in other functions (`Fn::Join`, ...). Returns whether there was any.
 */
function markReplacedReferences(node: unknown, logicalId: string): boolean {
  if (Array.isArray(node)) {
    return node.map((element) => markReplacedReferences(element, logicalId)).includes(true);
  }
  if (typeof node !== 'object' || node === null) {
    return false;
  }
  const object = node as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === 'Ref' && object.Ref === logicalId) {
    object.Ref = `${logicalId} (replaced)`;
    return true;
  }
  const args = keys.length === 1 && keys[0].startsWith('Fn::') ? object[keys[0]] : undefined;
  if (Array.isArray(args) && args[0] === logicalId) {
    args[0] = `${logicalId} (replaced)`;
    return true;
  }
  return Object.values(object)
    .map((value) => markReplacedReferences(value, logicalId))
    .includes(true);
}
