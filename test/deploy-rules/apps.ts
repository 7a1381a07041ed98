/**
 * The apps whose templates the deploy rules check: the sample and every integ app (test/integ/integ.*.ts, found by
 * name, so a new integ app is checked without listing it here). Each can be built under any stack name, which the
 * name rule needs (two copies of an app in one account and region), and under each removal policy its shape accepts
 * (DESTROY, SNAPSHOT, RETAIN), as a user may deploy it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { SAMPLE_STACK_ID, buildSampleApp } from '../../bin/sample-app-factory';
import { REMOVAL_POLICY_CONTEXT } from '../../lib/sample/removal-policy-context';
import { IntegApp, REMOVAL_POLICIES, buildIntegApp, removalPoliciesOf } from '../integ/integ-common';
import { CfnTemplate } from './template-model';

export interface AppUnderTest {
  readonly name: string;
  /** The main stack's name in the app itself. */
  readonly stackName: string;
  /** The removal policies the app can be built under. */
  readonly removalPolicies: readonly RemovalPolicy[];
  /**
   * Synthesizes the app with its main stack named `stackName` and its caches under `removalPolicy`; returns every
   * stack's template by stack name.
   */
  build(stackName: string, removalPolicy: RemovalPolicy): Map<string, CfnTemplate>;
}

/** Every stack template of a synthesized app. */
function templatesOf(app: App): Map<string, CfnTemplate> {
  return new Map(app.synth().stacks.map((stack) => [stack.stackName, stack.template as CfnTemplate]));
}

const CONTEXT = { 'aws:cdk:version-reporting': false };

const sample: AppUnderTest = {
  name: 'sample',
  stackName: SAMPLE_STACK_ID,
  removalPolicies: REMOVAL_POLICIES,
  // cdk-nag does not change the template; the compliance and strict-validation suites run it.
  build: (stackName, removalPolicy) =>
    templatesOf(buildSampleApp({ ...CONTEXT, [REMOVAL_POLICY_CONTEXT]: removalPolicy }, { stackId: stackName, compliancePacks: false })),
};

const INTEG_DIR = join(__dirname, '..', 'integ');

function integApps(): AppUnderTest[] {
  return readdirSync(INTEG_DIR)
    .filter((file) => /^integ\..*\.ts$/.test(file))
    .sort()
    .map((file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { integApp } = require(join(INTEG_DIR, file)) as { integApp: IntegApp };
      return {
        name: file,
        stackName: integApp.stackName,
        removalPolicies: removalPoliciesOf(integApp),
        build: (stackName: string, removalPolicy: RemovalPolicy) =>
          templatesOf(buildIntegApp(integApp, stackName, new App({ context: CONTEXT }), removalPolicy)),
      };
    });
}

/** The sample and every integ app. */
export function appsUnderTest(): AppUnderTest[] {
  return [sample, ...integApps()];
}
