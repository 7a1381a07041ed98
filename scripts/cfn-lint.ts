/**
 * `npm run lint:cfn`: AWS's own template validator, cfn-lint, over every template the project ships or tests
 * (issue 17 §1): the sample app's template (synthesized here as `cdk synth` does) and every integ snapshot template
 * (test/integ/*.snapshot/*.template.json), each linted in its stack's region.
 *
 *   npx tsx scripts/cfn-lint.ts             lint the sample and the integ snapshots; exit 1 on any finding left
 *   npx tsx scripts/cfn-lint.ts --control   self-test: lint test/fixtures/cfn-lint-control.template.json, which has
 *                                           known errors and a warning; exit 0 only when they are reported and fail
 *   add --no-sample to skip synthesizing the sample (integ snapshots only), --sample-dir DIR to lint an assembly that
 *   `cdk synth` already wrote there instead of synthesizing one
 *
 * Verdict:
 * - an error or a warning fails the run, unless a suppression in cfn-lint.config.json covers it. A suppression names a
 *   rule, narrows it by resource type, message pattern and template, and carries a reason, a source and a date; it is
 *   the only place a finding may be accepted (cfn-lint's own .cfnlintrc could only ignore a rule everywhere).
 * - a suppression that matched nothing in a full run is stale and fails the run, so that it goes when cfn-lint (or
 *   the library) stops producing the finding.
 * Regions: a stack's region comes from its assembly manifest (`aws://account/region`); an env-agnostic stack is
 * linted in the config's `agnosticRegions`. Templates are grouped by region and each group is one cfn-lint process.
 *
 * cfn-lint is a Python tool, installed on the project's machines (see .ci/run); the pinned version is the config's
 * `cfnLintVersion`, and another version only prints a note (its schema may know more or less).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const CONFIG_FILE = join(ROOT, 'cfn-lint.config.json');
const INTEG_DIR = join(ROOT, 'test', 'integ');
const CONTROL_TEMPLATE = join(ROOT, 'test', 'fixtures', 'cfn-lint-control.template.json');

/** An accepted finding: a rule, narrowed; every field given must match. */
interface Suppression {
  readonly rule: string;
  /** The type of the resource the finding is in (Resources/<id>/...). */
  readonly resourceTypes?: string[];
  /** A regular expression the finding's message must match. */
  readonly message?: string;
  /** A regular expression the template's path (relative to the repository, with /) must match. */
  readonly templates?: string;
  readonly reason: string;
  readonly source: string;
  /** YYYY-MM-DD: when the reason was last checked. */
  readonly date: string;
}

interface Config {
  readonly cfnLintVersion: string;
  readonly agnosticRegions: string[];
  readonly suppressions: Suppression[];
}

/** A template to lint and the regions to lint it in. */
interface Target {
  /** Absolute path. */
  readonly file: string;
  /** What the report calls it: the path relative to the repository (or the sample's stack name). */
  readonly label: string;
  readonly regions: string[];
  /** The type of each resource, by logical id (read up front: the sample's assembly is temporary). */
  readonly resourceTypes: Record<string, string | undefined>;
}

/** One cfn-lint match (`--format json`). */
interface Match {
  readonly Filename: string;
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Location: { readonly Start: { readonly LineNumber: number }; readonly Path?: (string | number)[] | null };
  readonly Rule: { readonly Id: string };
}

interface Verdict {
  readonly target: Target;
  readonly match: Match;
  /** Index into the config's suppressions, when one covers the match. */
  readonly suppressedBy?: number;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function loadConfig(): Config {
  const config = readJson<Config>(CONFIG_FILE);
  const problems: string[] = [];
  config.suppressions.forEach((s, i) => {
    const where = `suppressions[${i}] (${s.rule})`;
    if (!/^[EWI]\d{4}$/.test(s.rule ?? '')) problems.push(`${where}: rule must be a cfn-lint rule id such as E3002`);
    if (!s.reason?.trim()) problems.push(`${where}: a reason is required`);
    if (!s.source?.trim()) problems.push(`${where}: a source is required`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s.date ?? '')) problems.push(`${where}: date must be YYYY-MM-DD`);
    if (!s.resourceTypes && !s.message && !s.templates) {
      problems.push(`${where}: narrow it by resourceTypes, message or templates; a whole rule is never ignored`);
    }
    for (const pattern of [s.message, s.templates]) {
      try {
        if (pattern !== undefined) new RegExp(pattern);
      } catch (err) {
        problems.push(`${where}: ${(err as Error).message}`);
      }
    }
  });
  if (!config.agnosticRegions?.length) problems.push('agnosticRegions must name at least one region');
  if (problems.length > 0) throw new Error(`${relative(ROOT, CONFIG_FILE)} is invalid:\n  ${problems.join('\n  ')}`);
  return config;
}

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

async function cfnLintVersion(): Promise<string> {
  try {
    const { stdout, stderr } = await run('cfn-lint', ['--version']);
    return (stdout + stderr).trim().replace(/^cfn-lint\s+/, '');
  } catch {
    throw new Error(
      'cfn-lint is not installed. .ci/run installs it on a machine without it; by hand: pip install cfn-lint==<cfnLintVersion of cfn-lint.config.json>',
    );
  }
}

interface AssemblyManifest {
  readonly artifacts?: Record<string, { type: string; environment?: string; properties?: { templateFile?: string } }>;
}

/** The region of each stack template of a cloud assembly, by template file name; undefined when env-agnostic. */
function assemblyRegions(dir: string): Map<string, string | undefined> {
  const regions = new Map<string, string | undefined>();
  const manifest = readJson<AssemblyManifest>(join(dir, 'manifest.json'));
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    const templateFile = artifact.properties?.templateFile;
    if (artifact.type !== 'aws:cloudformation:stack' || !templateFile) continue;
    const region = /^aws:\/\/[^/]+\/(.+)$/.exec(artifact.environment ?? '')?.[1];
    regions.set(templateFile, region === undefined || region === 'unknown-region' ? undefined : region);
  }
  return regions;
}

/** Every stack template of an assembly directory, in its region. */
function assemblyTargets(dir: string, config: Config, labelOf: (file: string) => string): Target[] {
  const regions = assemblyRegions(dir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.template.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      if (!regions.has(f))
        console.warn(`note: ${labelOf(file)} is not a stack of ${relative(ROOT, dir)}/manifest.json; linted as env-agnostic`);
      const region = regions.get(f);
      return target(file, labelOf(file), region ? [region] : config.agnosticRegions);
    });
}

function integTargets(config: Config): Target[] {
  return readdirSync(INTEG_DIR)
    .filter((d) => d.endsWith('.snapshot'))
    .sort()
    .flatMap((d) => assemblyTargets(join(INTEG_DIR, d), config, (file) => relative(ROOT, file)));
}

/** Synthesizes the sample as `cdk synth` does (cdk.json's app, the CLI's context) into `outdir`. */
async function synthSample(outdir: string): Promise<void> {
  // The built-in CloudFormation validation is checked in strict mode elsewhere (.ci/run, strict-validation.test.ts);
  // it does not change the template and costs seconds.
  const env = { ...process.env, CDK_VALIDATION: 'false' };
  const result = await run('npx', ['--no-install', 'cdk', 'synth', '--quiet', '--output', outdir], { env });
  if (result.code !== 0) throw new Error(`cdk synth of the sample failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
}

/** Lints `targets` that share `regions` in one cfn-lint process. */
async function lint(targets: Target[], regions: string[]): Promise<Match[]> {
  const files = targets.map((t) => t.file);
  const result = await run('cfn-lint', ['--format', 'json', '--regions', ...regions, '--', ...files]);
  // Exit status is a bit mask of the levels found (2 error, 4 warning, 8 informational); anything else is a failure of
  // cfn-lint itself (an unreadable template, a bad option).
  if (result.code === null || (result.code & ~(2 | 4 | 8)) !== 0) {
    throw new Error(`cfn-lint failed (exit ${result.code}) on ${files.join(' ')}:\n${result.stderr}${result.stdout}`);
  }
  try {
    return JSON.parse(result.stdout || '[]') as Match[];
  } catch {
    throw new Error(`cfn-lint printed no JSON (exit ${result.code}):\n${result.stderr}${result.stdout}`);
  }
}

/** Lints every target in its regions: one cfn-lint process per set of regions, run side by side. */
async function lintAll(targets: Target[]): Promise<Verdict[]> {
  const groups = new Map<string, Target[]>();
  for (const target of targets) {
    const key = target.regions.join(' ');
    groups.set(key, [...(groups.get(key) ?? []), target]);
  }
  const byFile = new Map(targets.map((t) => [resolve(t.file), t]));
  const results = await Promise.all([...groups.entries()].map(([key, group]) => lint(group, key.split(' '))));
  return results.flat().map((match) => {
    const target = byFile.get(resolve(ROOT, match.Filename));
    if (!target) throw new Error(`cfn-lint reported a file it was not given: ${match.Filename}`);
    return { target, match };
  });
}

function target(file: string, label: string, regions: string[]): Target {
  let resources: Record<string, { Type?: string }> = {};
  try {
    resources = readJson<{ Resources?: Record<string, { Type?: string }> }>(file).Resources ?? {};
  } catch {
    // Not JSON: cfn-lint reports the parse error (E0000).
  }
  const resourceTypes = Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, r.Type]));
  return { file, label, regions, resourceTypes };
}

function resourceTypeOf(target: Target, match: Match): string | undefined {
  const path = match.Location.Path ?? [];
  return path[0] === 'Resources' && typeof path[1] === 'string' ? target.resourceTypes[path[1]] : undefined;
}

function covers(s: Suppression, target: Target, match: Match): boolean {
  if (s.rule !== match.Rule.Id) return false;
  if (s.message !== undefined && !new RegExp(s.message).test(match.Message)) return false;
  if (s.templates !== undefined && !new RegExp(s.templates).test(relative(ROOT, target.file).split('\\').join('/'))) return false;
  if (s.resourceTypes !== undefined && !s.resourceTypes.includes(resourceTypeOf(target, match) ?? '')) return false;
  return true;
}

function judge(config: Config, verdicts: Verdict[]): Verdict[] {
  return verdicts.map((v) => {
    const index = config.suppressions.findIndex((s) => covers(s, v.target, v.match));
    return index >= 0 ? { ...v, suppressedBy: index } : v;
  });
}

const levelLetter = (match: Match): string => match.Level[0];

function report(config: Config, targets: Target[], verdicts: Verdict[]): { failures: number; stale: number[] } {
  const open = verdicts.filter((v) => v.suppressedBy === undefined && v.match.Level !== 'Informational');
  console.log('| template | regions | errors | warnings | suppressed |');
  console.log('|---|---|---:|---:|---:|');
  for (const target of targets) {
    const mine = verdicts.filter((v) => v.target === target);
    const count = (level: Match['Level']) => open.filter((v) => v.target === target && v.match.Level === level).length;
    const suppressed = mine.filter((v) => v.suppressedBy !== undefined).length;
    console.log(`| ${target.label} | ${target.regions.join(', ')} | ${count('Error')} | ${count('Warning')} | ${suppressed} |`);
  }
  if (open.length > 0) {
    console.log('\nFindings (fix them, or accept one in cfn-lint.config.json with a reason, a source and a date):');
    for (const { target, match } of open) {
      console.log(`  ${target.label}:${match.Location.Start.LineNumber} ${levelLetter(match)} ${match.Rule.Id} ${match.Message}`);
    }
  }
  const used = config.suppressions.map((_, i) => verdicts.filter((v) => v.suppressedBy === i).length);
  console.log('\nSuppressions (cfn-lint.config.json):');
  config.suppressions.forEach((s, i) => {
    const scope = [s.resourceTypes?.join('|'), s.message && `/${s.message}/`, s.templates && `templates /${s.templates}/`].filter(Boolean);
    console.log(`  ${s.rule} [${scope.join(' ')}] checked ${s.date}: ${used[i]} finding(s)`);
  });
  return { failures: open.length, stale: used.flatMap((n, i) => (n === 0 ? [i] : [])) };
}

interface Options {
  readonly control: boolean;
  readonly sample: boolean;
  readonly sampleDir?: string;
}

function parseArgs(argv: string[]): Options {
  const known = ['--control', '--no-sample', '--sample-dir'];
  const unknown = argv.filter((a) => a.startsWith('--') && !known.includes(a));
  if (unknown.length > 0) throw new Error(`unknown option(s) ${unknown.join(' ')}; known: ${known.join(' ')}`);
  const dirIndex = argv.indexOf('--sample-dir');
  return {
    control: argv.includes('--control'),
    sample: !argv.includes('--no-sample'),
    sampleDir: dirIndex >= 0 ? resolve(argv[dirIndex + 1] ?? '') : undefined,
  };
}

/** The control: the fixture's expected rules must be reported, and the check must fail on them. */
async function control(config: Config): Promise<number> {
  const fixture = readJson<{ Metadata: { CfnLintControl: { expect: string[] } } }>(CONTROL_TEMPLATE);
  const expected = fixture.Metadata.CfnLintControl.expect;
  const control = target(CONTROL_TEMPLATE, relative(ROOT, CONTROL_TEMPLATE), config.agnosticRegions);
  const verdicts = judge(config, await lintAll([control]));
  const { failures } = report(config, [control], verdicts);
  const reported = new Set(verdicts.filter((v) => v.suppressedBy === undefined).map((v) => v.match.Rule.Id));
  const missing = expected.filter((rule) => !reported.has(rule));
  if (failures > 0 && missing.length === 0) {
    console.log(`\ncontrol: cfn-lint reported ${expected.join(', ')} in the control template and the check fails on them, as it must.`);
    return 0;
  }
  console.error(
    `\ncontrol FAILED: ${missing.length > 0 ? `expected ${missing.join(', ')} to be reported and not suppressed` : 'the check did not fail'}.`,
  );
  return 1;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const started = Date.now();
  const version = await cfnLintVersion();
  console.log(
    `cfn-lint ${version}${version === config.cfnLintVersion ? '' : ` (note: cfn-lint.config.json pins ${config.cfnLintVersion})`}\n`,
  );
  if (options.control) return control(config);

  const targets = integTargets(config);
  // The integ snapshots are linted while the sample synthesizes.
  const integVerdicts = lintAll(targets);
  let sampleTargets: Target[] = [];
  let sampleVerdicts: Verdict[] = [];
  if (options.sample) {
    const outdir = options.sampleDir ?? mkdtempSync(join(tmpdir(), 'cdk-elasticache-cfn-lint-'));
    try {
      if (!options.sampleDir) await synthSample(outdir);
      else if (!existsSync(join(outdir, 'manifest.json'))) throw new Error(`${outdir} is not a cloud assembly (no manifest.json)`);
      sampleTargets = assemblyTargets(outdir, config, (file) => `sample: ${basename(file)}`);
      sampleVerdicts = await lintAll(sampleTargets);
    } finally {
      if (!options.sampleDir) rmSync(outdir, { recursive: true, force: true });
    }
  }
  const all = [...sampleTargets, ...targets];
  const verdicts = judge(config, [...sampleVerdicts, ...(await integVerdicts)]);
  const { failures, stale } = report(config, all, verdicts);
  // Only a full run sees every template a suppression may be for.
  const staleFailures = options.sample ? stale : [];
  for (const i of staleFailures) {
    console.error(`stale suppression ${i} (${config.suppressions[i].rule}): it matched no finding; delete it from cfn-lint.config.json`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = failures === 0 && staleFailures.length === 0;
  console.log(
    `\n${ok ? 'cfn-lint: passed' : 'cfn-lint: FAILED'}: ${all.length} templates, ${failures} finding(s) left, ${verdicts.filter((v) => v.suppressedBy !== undefined).length} suppressed, ${seconds} s`,
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
