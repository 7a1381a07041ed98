import { App } from 'aws-cdk-lib';
import { ElastiCacheSampleStack } from '../lib/sample/sample-stack';

/** The id of the sample stack, as `cdk deploy ElastiCacheSample`. */
export const SAMPLE_STACK_ID = 'ElastiCacheSample';

/** Builds the sample app; tests, benchmarks and the review script synthesize it in-process through this. */
export function buildSampleApp(context: Record<string, unknown> = {}, outdir?: string): App {
  const app = new App({ context, outdir });
  new ElastiCacheSampleStack(app, SAMPLE_STACK_ID, {
    description: 'cdk-elasticache sample: Multi-AZ Valkey replication group with TLS, KMS, AUTH token and backups',
  });
  return app;
}
