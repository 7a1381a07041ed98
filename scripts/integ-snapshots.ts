/**
 * Writes and checks the integ-test snapshots (test/integ/integ.<name>.ts.snapshot/) without deploying anything.
 *
 *   tsx scripts/integ-snapshots.ts check    synthesize into a temp dir, compare templates, exit 1 on a mismatch
 *   tsx scripts/integ-snapshots.ts update   rewrite the snapshots that differ (like --update-on-failed);
 *                                           add --force to rewrite all of them
 *   add --no-validation to skip aws-cdk-lib's built-in CloudFormation validation (on, in strict mode, by default)
 *
 * Why not `integ-runner` itself: the pinned @aws-cdk/integ-runner 2.197.10 bundles toolkit-lib 1.20.1, which reads
 * cloud assembly schema <= 53, while aws-cdk-lib 2.276.0 writes schema 55. Every integ-runner synth (snapshot
 * check and --dry-run update alike) fails with AssemblyVersionMismatch, and no CLI flag skips that check.
 * This script reproduces what integ-runner does for a snapshot: the same directory layout, the same context
 * (its recommended feature flags, no version reporting) and the same dummy CDK_INTEG_* environment, and it
 * compares templates with asset hashes canonicalized as integ-runner does. A future integ-runner that reads
 * schema 55 can take over these snapshots unchanged.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatDifferences, fullDiff } from '@aws-cdk/cloudformation-diff';
import { bundleLambdas } from './bundle-lambdas';

const REPO_ROOT = resolve(__dirname, '..');
const INTEG_DIR = join(REPO_ROOT, 'test', 'integ');
/** integ-runner's TypeScript preset pattern; integ-common.ts does not match (hyphen, not dot). */
const INTEG_APP_PATTERN = /^integ\.(?!.*\.d\.ts$).*\.ts$/;

/** The dummy environment integ-runner gives every synth (DEFAULT_SYNTH_OPTIONS.env), so templates match its own. */
const INTEG_ENV: Record<string, string> = {
  CDK_INTEG_ACCOUNT: '12345678',
  CDK_INTEG_REGION: 'test-region',
  CDK_INTEG_HOSTED_ZONE_ID: 'Z23ABC4XYZL05B',
  CDK_INTEG_HOSTED_ZONE_NAME: 'example.com',
  CDK_INTEG_DOMAIN_NAME: '*.example.com',
  CDK_INTEG_CERT_ARN: 'arn:aws:acm:test-region:12345678:certificate/86468209-a272-595d-b831-0efb6421265z',
  CDK_INTEG_SUBNET_ID: 'subnet-0dff1a399d8f6f92c',
};

/** Files of a synthesized assembly that are not part of the deployable snapshot. */
const NOT_SNAPSHOTTED = ['.cache', 'validation-report.json'];

interface Options {
  /** Keep aws-cdk-lib's built-in validation on, in strict mode (any finding fails the synth). */
  readonly validation: boolean;
}

/** The context integ-runner synthesizes with: its recommended flags plus the toolkit's synth settings. */
function synthContext(options: Options): Record<string, unknown> {
  const flagsFile = join(REPO_ROOT, 'node_modules', '@aws-cdk', 'integ-runner', 'lib', 'recommended-feature-flags.json');
  const context: Record<string, unknown> = JSON.parse(readFileSync(flagsFile, 'utf8')) as Record<string, unknown>;
  // integ-runner overrides target-partitions with undefined, which drops it.
  delete context['@aws-cdk/core:target-partitions'];
  context['aws:cdk:disable-version-reporting'] = true;
  context['aws:cdk:bundling-stacks'] = ['**'];
  if (options.validation) context['@aws-cdk/core:strictCfnValidateErrors'] = true;
  return context;
}

function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function discoverApps(): string[] {
  return readdirSync(INTEG_DIR)
    .filter((f) => INTEG_APP_PATTERN.test(f))
    .sort();
}

const snapshotDir = (app: string) => join(INTEG_DIR, `${app}.snapshot`);

/** Runs one integ app as integ-runner would (`node --import tsx <file>` in test/integ) into `outdir`. */
function synth(app: string, outdir: string, options: Options): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...INTEG_ENV,
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify(synthContext(options)),
  };
  // Environment-agnostic stacks on every machine, whatever the developer's shell holds.
  for (const name of ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION', 'AWS_REGION', 'AWS_DEFAULT_REGION']) delete env[name];
  if (options.validation) delete env.CDK_VALIDATION;
  else env.CDK_VALIDATION = 'false';
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', app], { cwd: INTEG_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) return done();
      fail(new Error(`${app}: synth failed (exit ${code})\n${output}${validationFindings(outdir)}`));
    });
  });
}

/** The built-in validator's findings (resource, rule, message), for a synth that failed on them. */
function validationFindings(outdir: string): string {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return '';
  type Violation = {
    ruleName: string;
    description: string;
    violatingConstructs?: Array<{ constructPath: string; cloudFormationResource?: { templatePath: string; logicalId: string } }>;
  };
  const report = readJson<{ pluginReports: Array<{ pluginName: string; violations: Violation[] }> }>(file);
  const lines = report.pluginReports.flatMap((r) =>
    r.violations.flatMap((v) =>
      (v.violatingConstructs ?? []).map(
        (c) => `  ${c.constructPath} (${c.cloudFormationResource?.logicalId ?? '?'}): [${r.pluginName} ${v.ruleName}] ${v.description}`,
      ),
    ),
  );
  return lines.length ? `validation findings:\n${lines.join('\n')}\n` : '';
}

/**
 * Makes a synthesized assembly a snapshot: drops what is not deployable, and strips the stack traces from the
 * `<stack>.metadata.json` files. aws-cdk-lib 2.276 records them unconditionally for Validations.acknowledge (and
 * for stack creation), with absolute paths that differ per checkout; integ-runner's own cleanup drops metadata
 * traces from manifest.json for the same reason, but predates the separate metadata files.
 */
function toSnapshot(dir: string): void {
  for (const name of NOT_SNAPSHOTTED) rmSync(join(dir, name), { recursive: true, force: true });
  type Entry = { type: string; data?: unknown; trace?: string[] };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.metadata.json'))) {
    const metadata = readJson<Record<string, Entry[]>>(join(dir, file));
    for (const [path, entries] of Object.entries(metadata)) {
      metadata[path] = entries.filter((e) => e.type !== 'aws:cdk:creationStack').map(({ type, data }) => ({ type, data }));
    }
    writeFileSync(join(dir, file), `${JSON.stringify(metadata, undefined, 2)}\n`);
  }
}

/**
 * Replaces asset hashes with Asset1, Asset2... in order of first appearance, as integ-runner does by default
 * (diffAssets false): a rebuilt Lambda bundle is not a template change, a changed resource is. Also masks the
 * `salt` (Date.now()) integ-tests-alpha puts in every assertion so that it re-runs on each deploy.
 */
function canonicalize(template: unknown): Record<string, unknown> {
  const ids = new Map<string, string>();
  const text = JSON.stringify(template)
    .replace(/"salt":"\d+"/g, '"salt":"SALT"')
    .replace(/[0-9a-f]{64}/g, (hash) => {
      if (!ids.has(hash)) ids.set(hash, `Asset${ids.size + 1}`);
      return ids.get(hash)!;
    });
  return JSON.parse(text) as Record<string, unknown>;
}

/** The files compared: every stack template and the integ manifest (test cases, assertion stack). */
function comparedFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.template.json') || f === 'integ.json')
        .sort()
    : [];
}

/** Compares a fresh synth with the checked-in snapshot; returns one line per mismatch and prints template diffs. */
function compare(app: string, actualDir: string): string[] {
  const expectedDir = snapshotDir(app);
  if (!existsSync(expectedDir)) return [`${app}: no snapshot; run the update command`];
  const expected = comparedFiles(expectedDir);
  const actual = comparedFiles(actualDir);
  const problems = [
    ...expected.filter((f) => !actual.includes(f)).map((f) => `${app}: ${f} is in the snapshot but the app no longer makes it`),
    ...actual.filter((f) => !expected.includes(f)).map((f) => `${app}: ${f} is new, not in the snapshot`),
  ];
  for (const file of expected.filter((f) => actual.includes(f))) {
    const before = canonicalize(readJson(join(expectedDir, file)));
    const after = canonicalize(readJson(join(actualDir, file)));
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    problems.push(`${app}: ${file} differs from the snapshot`);
    if (file.endsWith('.template.json')) {
      process.stdout.write(`\n--- ${app}: ${file} (snapshot -> current)\n`);
      formatDifferences(process.stdout, fullDiff(before, after));
    }
  }
  return problems;
}

async function main(): Promise<number> {
  const [command, ...flags] = process.argv.slice(2);
  if (command !== 'update' && command !== 'check') {
    console.error('usage: tsx scripts/integ-snapshots.ts check|update [--force] [--no-validation]');
    return 2;
  }
  const options: Options = { validation: !flags.includes('--no-validation') };
  const started = Date.now();
  await bundleLambdas(); // the rotation Lambda asset must exist before synth
  const apps = discoverApps();
  const stale = readdirSync(INTEG_DIR).filter((f) => f.endsWith('.snapshot') && !apps.includes(f.replace(/\.snapshot$/, '')));
  const tmp = mkdtempSync(join(tmpdir(), 'integ-snapshots-'));
  try {
    // allSettled: a failed synth must not remove the temp dir while the others still write to it.
    const failures = (await Promise.allSettled(apps.map((app) => synth(app, join(tmp, app), options)))).filter(
      (r) => r.status === 'rejected',
    );
    if (failures.length > 0)
      throw new Error(failures.map((f) => String(f.reason instanceof Error ? f.reason.message : f.reason)).join('\n'));
    const outdated = apps.map((app) => ({ app, problems: compare(app, join(tmp, app)) }));
    const problems = [...stale.map((dir) => `${dir}: snapshot without an integ app`), ...outdated.flatMap((o) => o.problems)];
    const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

    if (command === 'update') {
      // Only differing snapshots are rewritten: every synth gives the assertion stacks a new salt, so rewriting
      // unchanged ones would churn three files per app on every run.
      const rewrite = flags.includes('--force') ? apps : outdated.filter((o) => o.problems.length > 0).map((o) => o.app);
      for (const dir of stale) rmSync(join(INTEG_DIR, dir), { recursive: true, force: true });
      for (const app of rewrite) {
        toSnapshot(join(tmp, app));
        rmSync(snapshotDir(app), { recursive: true, force: true });
        cpSync(join(tmp, app), snapshotDir(app), { recursive: true });
      }
      console.log(
        `rewrote ${rewrite.length ? rewrite.join(', ') : 'no snapshot'}${stale.length ? `, removed ${stale.join(', ')}` : ''} in ${seconds()} s`,
      );
      return 0;
    }
    if (problems.length > 0) {
      console.error(
        `\nintegration snapshots are out of date (${seconds()} s):\n  - ${problems.join('\n  - ')}\nReview the diff, then run: npm run integ:update`,
      );
      return 1;
    }
    console.log(
      `${apps.length} integration snapshots match (${apps.join(', ')})${options.validation ? '; strict CloudFormation validation clean' : ''} in ${seconds()} s`,
    );
    return 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
