/**
 * Read-only helpers over a synthesized CloudFormation template, for the deploy rules: resources, references,
 * dependency closures and IAM statements. Nothing here knows a rule.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly [attribute: string]: unknown;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly [section: string]: unknown;
}

/** A template under test, with a name for messages. */
export interface NamedTemplate {
  readonly name: string;
  readonly template: CfnTemplate;
}

/** `[logicalId, resource]` pairs of one type. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Logical ids that `value` references through `Ref`, `Fn::GetAtt` and `Fn::Sub` (pseudo parameters included). */
export function referencedIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'Ref' && typeof child === 'string') ids.add(child);
      else if (key === 'Fn::GetAtt') ids.add(Array.isArray(child) ? String(child[0]) : String(child).split('.')[0]);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(child) ? String(child[0]) : String(child);
        for (const match of text.matchAll(/\$\{([^}.!]+)[^}]*\}/g)) ids.add(match[1]);
      }
      visit(child);
    }
  };
  visit(value);
  return ids;
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` value points at, if it is one. */
export function targetOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return String(getAtt[0]);
  return undefined;
}

/** Everything CloudFormation creates before `logicalId`: DependsOn plus references, transitively. */
export function dependencyClosure(template: CfnTemplate, logicalId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [logicalId];
  while (stack.length > 0) {
    const resource = template.Resources[stack.pop()!];
    if (!resource) continue;
    const direct = [...[resource.DependsOn ?? []].flat(), ...referencedIds(resource.Properties)];
    for (const id of direct) {
      if (!seen.has(id) && template.Resources[id]) {
        seen.add(id);
        stack.push(id);
      }
    }
  }
  return seen;
}

/** An IAM statement as it appears in a template. */
export interface PolicyStatementJson {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Principal?: unknown;
}

/** Whether an IAM action pattern (`ec2:*`, `*`, `ec2:CreateNetwork*`) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
  return regex.test(action);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The actions of an Allow statement (none for Deny). */
export function allowedActions(statement: PolicyStatementJson): string[] {
  return statement.Effect === 'Deny' ? [] : [statement.Action ?? []].flat();
}

/** A policy that applies to roles: its logical id (undefined for a role's inline policy), roles and statements. */
export interface RolePolicy {
  readonly policyId?: string;
  readonly roleIds: string[];
  readonly statements: PolicyStatementJson[];
  /** AWS managed policy ARNs (inline in a role's ManagedPolicyArns), which the template cannot show. */
  readonly managedArn?: string;
}

export const statementsOf = (document: unknown): PolicyStatementJson[] => {
  const statement = ((document ?? {}) as { Statement?: PolicyStatementJson | PolicyStatementJson[] }).Statement ?? [];
  return [statement].flat();
};

/** Every policy in the template that applies to a role, with the roles it applies to. */
export function rolePolicies(template: CfnTemplate): RolePolicy[] {
  const policies: RolePolicy[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const roleIds = [props.Roles ?? []]
        .flat()
        .map(targetOf)
        .filter((r): r is string => r !== undefined);
      policies.push({ policyId: id, roleIds, statements: statementsOf(props.PolicyDocument) });
    } else if (resource.Type === 'AWS::IAM::RolePolicy') {
      const roleId = targetOf(props.RoleName);
      policies.push({ policyId: id, roleIds: roleId ? [roleId] : [], statements: statementsOf(props.PolicyDocument) });
    } else if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of [props.Policies ?? []].flat() as { PolicyDocument?: unknown }[]) {
        policies.push({ roleIds: [id], statements: statementsOf(inline.PolicyDocument) });
      }
      for (const arn of [props.ManagedPolicyArns ?? []].flat()) {
        const managedId = targetOf(arn);
        if (managedId && template.Resources[managedId]) {
          const managed = template.Resources[managedId].Properties ?? {};
          policies.push({ policyId: managedId, roleIds: [id], statements: statementsOf(managed.PolicyDocument) });
        } else {
          policies.push({ roleIds: [id], statements: [], managedArn: JSON.stringify(arn) });
        }
      }
    }
  }
  return policies;
}

/** The logical id of a Lambda function's execution role, when the role is in the template. */
export function functionRoleId(fn: CfnResource): string | undefined {
  return targetOf(fn.Properties?.Role);
}

/** True when `value` (a name) is derived from the stack's id, which CloudFormation draws anew for each deployment. */
export function dependsOnStackId(value: unknown): boolean {
  return referencedIds(value).has('AWS::StackId');
}

/** True when `value` contains the stack name or the stack id: unique per account and region. */
export function dependsOnStack(value: unknown): boolean {
  const refs = referencedIds(value);
  return refs.has('AWS::StackId') || refs.has('AWS::StackName');
}
