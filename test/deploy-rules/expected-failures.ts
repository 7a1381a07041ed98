/**
 * Deploy-rule failures known today, each with the issue that fixes it. The deploy-rule test accepts exactly these,
 * and fails when one no longer occurs: then the fix has landed, and its entry must go.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { KEPT_NAMES_RULE } from './retained-names';

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

const ISSUE_18_4 = 'issue 18 §4 (retained resources must not block the next deploy)';

/** A user or user group id derived from the construct path only, kept by DeletionPolicy Retain. */
const keptId = (logicalId: string, type: 'User' | 'UserGroup'): RegExp =>
  new RegExp(`^${logicalId}\\w* \\(AWS::ElastiCache::${type}, DeletionPolicy Retain\\) keeps ${type}Id = "[a-z0-9-]+"`);

/** Known failures of `app` under RETAIN: `[what, violation]` pairs. */
const retained = (app: string, failures: [string, RegExp][]): ExpectedFailure[] =>
  failures.map(([what, violation]) => ({
    what,
    rule: KEPT_NAMES_RULE,
    app,
    removalPolicy: RemovalPolicy.RETAIN,
    violation,
    fixedBy: ISSUE_18_4,
  }));

export const EXPECTED_FAILURES: readonly ExpectedFailure[] = [
  ...retained('integ.serverless.ts', [
    ["the serverless cache's generated app user", keptId('CacheAppUser', 'User')],
    ['the default user made for its user group', keptId('CacheUsersDefaultUser', 'User')],
    ['its user group', keptId('CacheUsers', 'UserGroup')],
  ]),
  // The same class with CacheUser and CacheUserGroup in an app: ids generated from the construct path only.
  ...retained('integ.rbac.ts', [
    ['a CacheUser with a generated id (app)', keptId('AppUser', 'User')],
    ['a CacheUser with a generated id (reporting)', keptId('ReportingUser', 'User')],
    ["a CacheUserGroup's generated default user", keptId('UsersDefaultUser', 'User')],
    ['a CacheUserGroup with a generated id', keptId('Users', 'UserGroup')],
  ]),
  ...retained('integ.iam.ts', [
    // IAM users need userId = userName, which the app chose: a per-deployment id needs a per-deployment name.
    ["an IAM user's chosen id (integ-iam-app)", keptId('AppUser', 'User')],
    ["a CacheUserGroup's generated default user", keptId('UsersDefaultUser', 'User')],
    ['a CacheUserGroup with a generated id', keptId('Users', 'UserGroup')],
  ]),
  ...retained('integ.global-datastore.ts', [
    [
      "a global datastore's GlobalReplicationGroupIdSuffix, derived from the construct path only",
      /^Global\w* \(AWS::ElastiCache::GlobalReplicationGroup, DeletionPolicy Retain\) keeps GlobalReplicationGroupIdSuffix = "[a-z0-9-]+"/,
    ],
  ]),
];
