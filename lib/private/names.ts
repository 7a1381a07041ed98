import { Fn, Names, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A physical name that is unique per account and region AND per deployment: the construct's unique name (it includes
 * the stack's path, so two stacks never collide) plus the first 8 hex digits of the stack's id, which CloudFormation
 * draws at random each time the stack is created.
 *
 * For resources that require a name and are retained (e.g. a backup vault): after `cdk destroy` the retained one
 * keeps its name, and a fixed name would make the next `cdk deploy` fail with "already exists".
 */
export function uniquePerDeploymentName(scope: IConstruct, maxLength: number, options: { lowercase?: boolean } = {}): string {
  const suffix = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Stack.of(scope).stackId))));
  const name = Names.uniqueResourceName(scope, { maxLength: maxLength - 9 });
  // The suffix is lowercase hex already; `lowercase` is for names the service stores lowercased (ElastiCache ids).
  return Fn.join('-', [options.lowercase ? name.toLowerCase() : name, suffix]);
}
