import { App, Stack } from 'aws-cdk-lib';
import { CfnVPC } from 'aws-cdk-lib/aws-ec2';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { addCompliancePacks } from '../bin/sample-app-factory';
import { synthValidationReport } from './helpers/validation-report';

describe('cdk-nag: AwsSolutions, HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1', () => {
  // The sample's zero findings are asserted in test/strict-validation.test.ts, in the same synth as the strict
  // CloudFormation validation. This control shows the packs do report.
  test('the packs are really on: a hand-written L1 cache fails each of them (control)', () => {
    const { reports } = synthValidationReport((outdir) => {
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
