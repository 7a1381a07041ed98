import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Context key for the sample cache's removal policy: `cdk deploy -c removalPolicy=destroy`. */
export const REMOVAL_POLICY_CONTEXT = 'removalPolicy';

const POLICIES: Record<string, RemovalPolicy> = {
  destroy: RemovalPolicy.DESTROY,
  snapshot: RemovalPolicy.SNAPSHOT,
  retain: RemovalPolicy.RETAIN,
};

/**
 * The sample cache's removal policy from context; unset keeps the library default (SNAPSHOT). `destroy` suits a
 * sample tried and deleted again; the deploy rules build the sample under each value (test/deploy-rules).
 */
export function removalPolicyContext(scope: Construct): RemovalPolicy | undefined {
  const raw: unknown = scope.node.tryGetContext(REMOVAL_POLICY_CONTEXT);
  if (raw === undefined) return undefined;
  const policy = typeof raw === 'string' ? POLICIES[raw.toLowerCase()] : undefined;
  if (!policy) {
    throw new Error(
      `context ${REMOVAL_POLICY_CONTEXT} must be one of ${Object.keys(POLICIES).join(', ')} (e.g. -c ${REMOVAL_POLICY_CONTEXT}=destroy), got '${JSON.stringify(raw)}'`,
    );
  }
  return policy;
}
