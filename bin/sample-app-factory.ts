import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { ElastiCacheSampleStack } from '../lib/sample/sample-stack';

/** The id of the sample stack, as `cdk deploy ElastiCacheSample`. */
export const SAMPLE_STACK_ID = 'ElastiCacheSample';

/** Adds the four cdk-nag packs the sample must pass; an unacknowledged finding fails the synth. */
export function addCompliancePacks(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new HIPAASecurityChecks(app),
    new NIST80053R5Checks(app),
    new PCIDSS321Checks(app),
  );
}

/** Options of {@link buildSampleApp} beyond the context. */
export interface SampleAppOptions {
  /** Where the assembly goes. @default - a temporary directory (or cdk.json's when run by the CDK CLI) */
  readonly outdir?: string;
  /** The stack id (and so its name). @default SAMPLE_STACK_ID */
  readonly stackId?: string;
  /** Run the four cdk-nag packs on synth. Only tests that check something else turn them off. @default true */
  readonly compliancePacks?: boolean;
}

/**
 * Builds the sample app; tests, benchmarks and the review script synthesize it in-process through this.
 * The four cdk-nag packs run on every synth unless a test turns them off.
 */
export function buildSampleApp(context: Record<string, unknown> = {}, options: SampleAppOptions = {}): App {
  const app = new App({ context, outdir: options.outdir });
  if (options.compliancePacks ?? true) addCompliancePacks(app);
  new ElastiCacheSampleStack(app, options.stackId ?? SAMPLE_STACK_ID, {
    description: 'cdk-elasticache sample: Multi-AZ Valkey replication group with TLS, KMS, AUTH token and backups',
  });
  return app;
}
