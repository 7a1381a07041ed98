import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { buildSampleApp } from '../bin/sample-app-factory';

/**
 * The one suite that keeps aws-cdk-lib's built-in CloudFormation validation on (test/setup-env.ts turns it off
 * elsewhere, ~3.5 s per synth). Strict mode makes every finding an error.
 */
const STRICT = { '@aws-cdk/core:strictCfnValidateErrors': true };

function synthWithValidation(buildApp: (outdir: string) => App) {
  const previous = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'strict-'));
  try {
    let error: unknown;
    try {
      buildApp(outdir).synth();
    } catch (e) {
      error = e;
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const violations = report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations);
    return { error, violations };
  } finally {
    process.env.CDK_VALIDATION = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('built-in CloudFormation validation in strict mode', () => {
  test('the sample app synthesizes with zero findings', () => {
    const { error, violations } = synthWithValidation((outdir) => buildSampleApp(STRICT, outdir));
    expect(violations).toEqual([]);
    expect(error).toBeUndefined();
  });

  test('the validator is really on: a broken resource fails the synth (control)', () => {
    const { error, violations } = synthWithValidation((outdir) => {
      const app = new App({ context: STRICT, outdir });
      new CfnResource(new Stack(app, 'Broken'), 'Cache', {
        type: 'AWS::ElastiCache::ReplicationGroup',
        properties: { ReplicationGroupDescription: 'x', Port: 'not-a-number' },
      });
      return app;
    });
    expect(violations.length).toBeGreaterThan(0);
    expect(String(error)).toMatch(/ValidationFailed/);
  });
});
