import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CacheValidationError, problem } from './errors';

/**
 * An attribute of an imported cache that the caller may not have supplied: the value, or a CacheValidationError
 * (`imported-attribute`) that names the import method to pass it to. `name` identifies the cache in the message
 * (its construct path when the name is a token).
 */
export function requireImportedAttribute<T>(
  scope: IConstruct,
  kind: string,
  name: string,
  attribute: string,
  value: T | undefined,
  importMethod: string,
): T {
  if (value !== undefined) return value;
  const subject = `imported ${kind} '${Token.isUnresolved(name) ? scope.node.path : name}'`;
  throw new CacheValidationError(
    subject,
    [problem('imported-attribute', `it has no ${attribute}: pass it to ${importMethod}()`)],
    'missing attribute',
  );
}
