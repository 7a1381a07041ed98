/**
 * Deploy-rule failures known today, each with the issue that fixes it. The deploy-rule test accepts exactly these,
 * and fails when one no longer occurs: then the fix has landed, and its entry must go.
 */
import { RemovalPolicy } from 'aws-cdk-lib';

export interface ExpectedFailure {
  /** What fails, in words. */
  readonly what: string;
  /** The rule's name in the deploy-rule test. */
  readonly rule: string;
  /** The app (AppUnderTest.name) and the removal policy it is built under. */
  readonly app: string;
  readonly removalPolicy: RemovalPolicy;
  /** The violation message, as the rule reports it. */
  readonly violation: RegExp;
  /** Where the fix is tracked. */
  readonly fixedBy: string;
}

/**
 * None today. Issue 18 §4 (retained resources must not block the next deploy) removed the last ones: the generated ids
 * of users and user groups (serverless `app` user, default users, CacheUser / CacheUserGroup of the rbac and iam apps)
 * and a global datastore's GlobalReplicationGroupIdSuffix now end in 8 characters of the stack id when the resource
 * is retained (lib/private/names.ts idPerDeploymentWhenRetained).
 */
export const EXPECTED_FAILURES: readonly ExpectedFailure[] = [];
