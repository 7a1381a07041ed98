import { CfnDeletionPolicy, CfnResource, Fn, Lazy, Names, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * 8 lowercase hex digits that differ on every deployment of the stack: the start of the stack's id, which
 * CloudFormation draws at random each time the stack is created.
 */
export function deploymentSuffix(scope: IConstruct): string {
  return Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Stack.of(scope).stackId))));
}

/**
 * A physical name that is unique per account and region AND per deployment: the construct's unique name (it includes
 * the stack's path, so two stacks never collide) plus `deploymentSuffix`.
 *
 * For resources that require a name and are retained (e.g. a backup vault): after `cdk destroy` the retained one
 * keeps its name, and a fixed name would make the next `cdk deploy` fail with "already exists".
 */
export function uniquePerDeploymentName(scope: IConstruct, maxLength: number, options: { lowercase?: boolean } = {}): string {
  const name = Names.uniqueResourceName(scope, { maxLength: maxLength - 9 });
  // The suffix is lowercase hex already; `lowercase` is for names the service stores lowercased (ElastiCache ids).
  return Fn.join('-', [options.lowercase ? name.toLowerCase() : name, deploymentSuffix(scope)]);
}

/** Whether the resource outlives its stack: DeletionPolicy Retain or RetainExceptOnCreate. */
export function keepsResource(resource: CfnResource): boolean {
  const policy = resource.cfnOptions.deletionPolicy;
  return policy === CfnDeletionPolicy.RETAIN || policy === CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE;
}

/**
 * A generated id (or name) that the service keeps unique per account and region, fixed unless the resource is
 * retained: then `perDeployment` (which ends in `deploymentSuffix`), so that the next deployment after `cdk destroy`
 * does not ask for the id the kept resource still holds ("already exists").
 *
 * Deciding it at synth, from the resource's DeletionPolicy, keeps the id of every deployment that does not retain it
 * (the id is create-only: a new one replaces the resource), and follows a policy set after construction
 * (`applyRemovalPolicy`, `RemovalPolicies.of(scope)`), which aspects apply before the template is resolved.
 * `resource` is read when the token resolves, so it may be created after the id.
 */
export function idPerDeploymentWhenRetained(resource: () => CfnResource, fixed: string, perDeployment: () => string): string {
  return Lazy.string({ produce: () => (keepsResource(resource()) ? perDeployment() : fixed) });
}
