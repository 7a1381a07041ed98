import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnVPC } from 'aws-cdk-lib/aws-ec2';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { addCompliancePacks, buildSampleApp } from '../bin/sample-app-factory';

interface PluginReport {
  pluginName: string;
  violations: { ruleName: string }[];
}

/** Synthesizes into a temp dir (a failed validation throws in-process) and returns validation-report.json. */
function validationReport(build: (outdir: string) => App): PluginReport[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
  try {
    try {
      build(outdir).synth();
    } catch {
      // The report is written before the synth fails.
    }
    return JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')).pluginReports;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('cdk-nag: AwsSolutions, HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1', () => {
  test('the sample app has zero findings', () => {
    const reports = validationReport((outdir) => buildSampleApp({}, outdir));
    expect(reports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`))).toEqual([]);
  });

  test('the packs are really on: a hand-written L1 cache fails each of them (control)', () => {
    const reports = validationReport((outdir) => {
      const app = new App({ outdir });
      addCompliancePacks(app);
      const stack = new Stack(app, 'L1');
      new CfnReplicationGroup(stack, 'Cache', { replicationGroupDescription: 'l1', cacheNodeType: 'cache.t4g.small', engine: 'redis' });
      // PCI DSS has no ElastiCache rule; a VPC without flow logs trips it.
      new CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
      return app;
    });
    const failingPacks = reports.filter((r) => r.violations.length > 0).map((r) => r.pluginName);
    expect(failingPacks).toEqual(expect.arrayContaining(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']));
    const rules = reports.flatMap((r) => r.violations.map((v) => v.ruleName));
    expect(rules).toEqual(
      expect.arrayContaining(['AwsSolutions-AEC1', 'AwsSolutions-AEC3', 'AwsSolutions-AEC4', 'AwsSolutions-AEC5', 'AwsSolutions-AEC6']),
    );
  });
});
