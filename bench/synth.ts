/**
 * `npm run bench:synth`: synth-time cost of the library, measured side by side in one run.
 *   - VPC + one ReplicationGroup (the Foundation sample) vs a VPC-only app (CDK's own floor); goal: ratio <= 1.15
 *   - a stack with 1 vs 50 ReplicationGroups; goal: ratio <= 1.5
 *   - the full sample app (rotation, Lambda API bundled by esbuild, four cdk-nag packs), with and without the packs
 * Two tables: wall time of a fresh `node` process that builds and synthesizes the app (what `cdk synth` costs a
 * user, module loading included), and the in-process build + synth time after warm-up (the marginal cost of the
 * constructs alone). Medians of several runs; the scenarios alternate so both sides see the same machine state.
 * The built-in CloudFormation validation is off (as in unit tests); BENCH_VALIDATION=true includes it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { SAMPLE_STACK_ID, buildSampleApp } from '../bin/sample-app-factory';
import { ElastiCacheSampleStack } from '../lib/sample/sample-stack';
import { ReplicationGroup } from '../lib';

if (process.env.BENCH_VALIDATION !== 'true') process.env.CDK_VALIDATION = 'false';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function isolatedVpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
}

function vpcOnlyApp(outdir: string): App {
  const app = new App({ outdir });
  isolatedVpc(new Stack(app, 'VpcOnly'));
  return app;
}

function cachesApp(count: number) {
  return (outdir: string): App => {
    const app = new App({ outdir });
    const stack = new Stack(app, `Caches${count}`);
    const vpc = isolatedVpc(stack);
    for (let i = 0; i < count; i++) new ReplicationGroup(stack, `Cache${i}`, { vpc });
    return app;
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time of build + synth over RUNS runs (after one warm-up run), in ms. */
function measure(build: (outdir: string) => App): number {
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
    const start = process.hrtime.bigint();
    build(outdir).synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    fs.rmSync(outdir, { recursive: true, force: true });
    if (run > 0) times.push(ms);
  }
  return median(times);
}

/** The sample stack alone: cache, rotation, endpoints, Lambda API; no cdk-nag packs. */
function sampleStackOnly(outdir: string): App {
  const app = new App({ outdir });
  new ElastiCacheSampleStack(app, SAMPLE_STACK_ID);
  return app;
}

const SCENARIOS: Record<string, (outdir: string) => App> = {
  'vpc-only': vpcOnlyApp,
  sample: (outdir) => buildSampleApp({}, { outdir }),
  'sample-no-nag': sampleStackOnly,
  'caches-1': cachesApp(1),
  'caches-50': cachesApp(50),
};

/** Median wall time of a fresh process that runs one scenario, in ms. */
function measureProcesses(runs: number): Record<string, number> {
  const times: Record<string, number[]> = {};
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(SCENARIOS)) {
      const start = process.hrtime.bigint();
      execFileSync(process.execPath, ['--require', 'tsx/cjs', __filename, '--scenario', name], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: process.env,
      });
      (times[name] ??= []).push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

function table(title: string, t: Record<string, number>): void {
  const vpcOnly = t['vpc-only'];
  const sample = t.sample;
  const one = t['caches-1'];
  const fifty = t['caches-50'];
  const sampleNoNag = t['sample-no-nag'];
  const rows = [
    ['comparison', 'baseline (ms)', 'candidate (ms)', 'ratio', 'goal', 'met'],
    ['VPC + one ReplicationGroup vs VPC-only', vpcOnly, one, one / vpcOnly, 1.15],
    ['50 vs 1 ReplicationGroups (per stack)', one, fifty, fifty / one, 1.5],
    ['full sample app (4 cdk-nag packs) vs VPC-only', vpcOnly, sample, sample / vpcOnly, 1.15],
    ['sample stack without cdk-nag vs VPC-only', vpcOnly, sampleNoNag, sampleNoNag / vpcOnly, 1.15],
  ].map((row, i) =>
    i === 0
      ? (row as string[])
      : [
          row[0] as string,
          (row[1] as number).toFixed(1),
          (row[2] as number).toFixed(1),
          (row[3] as number).toFixed(2),
          `<= ${row[4]}`,
          (row[3] as number) <= (row[4] as number) ? 'yes' : 'no',
        ],
  );
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(title);
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join(' | '));
  console.log();
}

function main(): void {
  const scenarioFlag = process.argv.indexOf('--scenario');
  if (scenarioFlag > 0) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
    SCENARIOS[process.argv[scenarioFlag + 1]](outdir).synth();
    fs.rmSync(outdir, { recursive: true, force: true });
    return;
  }
  console.log(
    `synth benchmark: node ${process.version}, ${os.cpus().length} cpus, validation ${process.env.CDK_VALIDATION === 'false' ? 'off' : 'on'}\n`,
  );
  table(`A. fresh process per synth (module load included), median of ${RUNS} runs`, measureProcesses(RUNS));
  const inProcess = Object.fromEntries(Object.entries(SCENARIOS).map(([name, build]) => [name, measure(build)]));
  table(`B. in-process build + synth after warm-up, median of ${RUNS} runs`, inProcess);
}

main();
