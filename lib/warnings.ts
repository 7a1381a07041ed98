import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Warning ids are part of the public API: users acknowledge them by id
 * (`Annotations.of(cache).acknowledgeWarning('cdk-elasticache:<name>', reason)`), so one format serves them all:
 * `cdk-elasticache:<kebab-case name>`, where the name of a validation-rule warning is the rule's id.
 */
export const WARNING_PREFIX = 'cdk-elasticache:';

/** The full id of a warning, e.g. `cdk-elasticache:imported-key-log-group`. */
export function warningId(name: string): string {
  return `${WARNING_PREFIX}${name}`;
}

/** Adds a warning with the library's id format to `scope`. */
export function addWarning(scope: IConstruct, name: string, message: string): void {
  Annotations.of(scope).addWarningV2(warningId(name), message);
}
