import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Warning ids are part of the public API: users acknowledge them by id
 * (`Validations.of(cache).acknowledge({ id: 'cdk-elasticache:<name>', reason })`), so one format serves them all:
 * `cdk-elasticache:<kebab-case name>`, where the name of a validation-rule warning is the rule's id. Warnings go
 * through `Validations.of(scope).addWarning`, which aws-cdk-lib 2.276 prefers to `Annotations.addWarningV2`.
 */
export const WARNING_PREFIX = 'cdk-elasticache:';

/** The full id of a warning, e.g. `cdk-elasticache:imported-key-log-group`. */
export function warningId(name: string): string {
  return `${WARNING_PREFIX}${name}`;
}

/** Adds an acknowledgeable warning with the library's id format to `scope`. */
export function addWarning(scope: IConstruct, name: string, message: string): void {
  Validations.of(scope).addWarning(warningId(name), message);
}
