/**
 * Deploy rule: no name that outlives the stack is fixed. After `cdk destroy`, a resource with DeletionPolicy Retain
 * keeps its physical name or id, and a serverless cache's final snapshot keeps its FinalSnapshotName; if the next
 * deployment asks for the same value, its create fails with "already exists" (user ids, user group ids, global
 * datastore id suffixes, cache and snapshot names). A value varies per deployment when it derives from the stack's id
 * (lib/private/names.ts uniquePerDeploymentName: Fn::Select / Fn::Split over AWS::StackId), or from a resource whose
 * own name does (or that CloudFormation names itself). The stack name, region and account are the same next time.
 */
import { physicalNames } from './physical-names';
import { CfnResource, CfnTemplate, referencedIds } from './template-model';

/** DeletionPolicy values that keep the resource, and so its name, after the stack is deleted. */
const KEEPS_RESOURCE = new Set(['Retain', 'RetainExceptOnCreate']);

/**
 * Names of what a resource leaves behind under any DeletionPolicy: a serverless cache has no DeletionPolicy Snapshot;
 * its FinalSnapshotName takes the snapshot, which stays. (DeletionPolicy Snapshot of a replication group or cache
 * cluster keeps a snapshot that CloudFormation names itself: nothing fixed.)
 */
const KEPT_SNAPSHOT_NAMES: Record<string, string> = { 'AWS::ElastiCache::ServerlessCache': 'FinalSnapshotName' };

/** `[why the name is kept, property, value]` for every name of `resource` that outlives the stack. */
function keptNames(resource: CfnResource): [string, string, unknown][] {
  const kept: [string, string, unknown][] = [];
  if (KEEPS_RESOURCE.has(resource.DeletionPolicy ?? '')) {
    kept.push(
      ...physicalNames(resource).map(([property, value]): [string, string, unknown] => [
        `DeletionPolicy ${resource.DeletionPolicy}`,
        property,
        value,
      ]),
    );
  }
  const snapshotName = KEPT_SNAPSHOT_NAMES[resource.Type];
  const snapshotValue = snapshotName ? resource.Properties?.[snapshotName] : undefined;
  if (snapshotValue !== undefined && !kept.some(([, property]) => property === snapshotName)) {
    kept.push(['its final snapshot stays', snapshotName, snapshotValue]);
  }
  return kept;
}

/**
 * Whether `value` differs on every deployment of the stack: it references AWS::StackId, or a resource of the
 * template that CloudFormation names (no name property set) or whose names all vary per deployment themselves.
 */
export function variesPerDeployment(template: CfnTemplate, value: unknown, visiting = new Set<string>()): boolean {
  const refs = [...referencedIds(value)];
  if (refs.includes('AWS::StackId')) return true;
  return refs.some((id) => {
    const resource = template.Resources[id];
    if (!resource || visiting.has(id)) return false;
    const names = physicalNames(resource);
    if (names.length === 0) return true;
    visiting.add(id);
    return names.every(([, name]) => variesPerDeployment(template, name, visiting));
  });
}

/** The rule's name in the deploy-rule test (and in expected-failures.ts). */
export const KEPT_NAMES_RULE = 'no name that outlives the stack (retained resource, final snapshot) is fixed';

/** The deploy rule (see the file comment). */
export function keptNamesVaryPerDeployment(template: CfnTemplate): string[] {
  return Object.entries(template.Resources).flatMap(([id, resource]) =>
    keptNames(resource)
      .filter(([, , value]) => !variesPerDeployment(template, value))
      .map(
        ([why, property, value]) =>
          `${id} (${resource.Type}, ${why}) keeps ${property} = ${JSON.stringify(value)}, which the next deployment asks for again`,
      ),
  );
}
