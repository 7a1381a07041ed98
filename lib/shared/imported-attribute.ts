import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CacheValidationError, ValidationProblem, problem } from './errors';

/**
 * The one implementation of "an imported cache was asked for an attribute it was not given", for every shape and every
 * import (replication groups, Memcached clusters, serverless caches). The error's rule id names the attribute:
 * `imported-<attribute in kebab case>`, e.g. `imported-port` or `imported-authentication-mode`.
 */

/** The errors thrown for a missing attribute, so that `knownAttribute` can tell them from real problems. */
const MISSING_ATTRIBUTE_ERRORS = new WeakSet<Error>();

/** The rule id for a missing `attribute`: `imported-` and the attribute in kebab case (`authTokenSecret` → `imported-auth-token-secret`). */
export function importedAttributeRuleId(attribute: string): string {
  return `imported-${attribute.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Where a missing attribute goes: the import method (e.g. `ReplicationGroup.fromReplicationGroupAttributes`) and what it imports. */
export interface ImportedCache {
  /** The imported construct. */
  readonly scope: IConstruct;
  /** What it is, for messages: `replication group`, `serverless cache`, `Memcached cluster`. */
  readonly kind: string;
  /** Its name or id; the construct path is shown instead when it is a token. */
  readonly name: string;
  /** The static method that takes the attributes, e.g. `ReplicationGroup.fromReplicationGroupAttributes`. */
  readonly importMethod: string;
}

/**
 * An attribute of an imported cache: `value`, or a CacheValidationError whose rule id names the attribute and whose
 * message says where to pass it. `what` replaces the attribute name in the message when several attributes would do.
 */
export function requireImportedAttribute<T>(
  cache: ImportedCache,
  attribute: string,
  value: T | undefined,
  options: { readonly what?: string } = {},
): T {
  if (value === undefined) throwMissing(cache, [problem(importedAttributeRuleId(attribute), missing(cache, options.what ?? attribute))]);
  return value;
}

/**
 * Checks that an import has every attribute an operation needs (`attributes`: name → value, undefined when not given),
 * and reports every missing one at once, each with its own rule id. `need` names the operation, e.g. `grantAccess`.
 */
export function requireImportedAttributes(cache: ImportedCache, need: string, attributes: Record<string, unknown>): void {
  const problems = Object.entries(attributes)
    .filter(([, value]) => value === undefined)
    .map(([attribute]) => problem(importedAttributeRuleId(attribute), missing(cache, attribute, need)));
  if (problems.length > 0) throwMissing(cache, problems);
}

function missing(cache: ImportedCache, what: string, need?: string): string {
  return `it has no ${what}${need ? `, which ${need} needs` : ''}: pass it to ${cache.importMethod}()`;
}

function throwMissing(cache: ImportedCache, problems: ValidationProblem[]): never {
  const subject = `imported ${cache.kind} '${Token.isUnresolved(cache.name) ? cache.scope.node.path : cache.name}'`;
  const error = new CacheValidationError(subject, problems, 'missing attribute');
  MISSING_ATTRIBUTE_ERRORS.add(error);
  throw error;
}

/**
 * The value `read` returns, or undefined when it throws because an imported cache lacks the attribute (any other error
 * is thrown on). For code that can do without an attribute, e.g. a global datastore reading its primary's port.
 */
export function knownAttribute<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error && MISSING_ATTRIBUTE_ERRORS.has(error)) return undefined;
    throw error;
  }
}
