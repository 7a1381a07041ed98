import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { App } from 'aws-cdk-lib';

/** One plugin's part of `validation-report.json`. */
export interface PluginReport {
  pluginName: string;
  violations: { ruleName: string }[];
}

/**
 * Synthesizes an app into a temp dir and returns its `validation-report.json` and the synth error, if any (a failed
 * validation throws in-process, after writing the report). `builtinValidation` turns aws-cdk-lib's CloudFormation
 * validation back on for this synth only (test/setup-env.ts switches it off).
 */
export function synthValidationReport(buildApp: (outdir: string) => App, builtinValidation = false) {
  const previous = process.env.CDK_VALIDATION;
  if (builtinValidation) delete process.env.CDK_VALIDATION;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-'));
  try {
    let error: unknown;
    try {
      buildApp(outdir).synth();
    } catch (e) {
      error = e;
    }
    const reports = (JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] })
      .pluginReports;
    const findings = reports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`));
    return { error, reports, findings };
  } finally {
    process.env.CDK_VALIDATION = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
