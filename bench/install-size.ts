/**
 * `npm run bench:install`: what `npm install cdk-elasticache` adds to a fresh CDK app, measured, not guessed.
 *
 * Packs the library (npm pack), then installs into fresh directories:
 * - the app's baseline: aws-cdk-lib + constructs (the peers every CDK app already has);
 * - baseline + the packed library (everything a construct-only user pulls);
 * - each dependency group alone: the runtime companion's (ioredis, the AWS SDK clients, SigV4 signing) and the
 *   review CLI's (@aws-cdk/cloudformation-diff), to see which part of the difference each one is.
 * Prints a table of disk use (du of node_modules) and package counts. Needs the npm registry; no AWS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const RUNTIME = [
  'ioredis',
  '@aws-sdk/client-elasticache',
  '@aws-sdk/client-secrets-manager',
  '@smithy/signature-v4',
  '@aws-crypto/sha256-js',
];
const CLI = ['@aws-cdk/cloudformation-diff'];

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Installs `specs` into a fresh directory; returns its node_modules size in MiB and package count. */
function measure(specs: string[]): { mib: number; packages: number } {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-elasticache-install-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    npm(['install', '--no-audit', '--no-fund', '--silent', ...specs], dir);
    const kib = Number(execFileSync('du', ['-sk', join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]);
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    return { mib: kib / 1024, packages: Object.keys(lock.packages).filter((p) => p !== '').length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pinned = (names: string[]): string[] => names.map((name) => `${name}@${pkg.dependencies[name]}`);

function main(): void {
  const packDir = mkdtempSync(join(tmpdir(), 'cdk-elasticache-pack-'));
  try {
    npm(['run', '-s', 'build'], ROOT);
    npm(['pack', '--silent', '--pack-destination', packDir], ROOT);
    const tarball = join(
      packDir,
      readdirSync(packDir).find((f) => f.endsWith('.tgz'))!,
    );
    const peers = [`aws-cdk-lib@${pkg.devDependencies['aws-cdk-lib']}`, `constructs@${pkg.devDependencies.constructs}`];
    const rows: [string, { mib: number; packages: number }][] = [
      ['aws-cdk-lib + constructs (baseline)', measure(peers)],
      ['baseline + cdk-elasticache', measure([...peers, tarball])],
      ['runtime dependencies alone', measure(pinned(RUNTIME))],
      ['review CLI dependencies alone', measure(pinned(CLI))],
    ];
    const [base, full] = rows;
    console.log('| install | node_modules (MiB) | packages |');
    console.log('|---|---:|---:|');
    for (const [label, { mib, packages }] of rows) console.log(`| ${label} | ${mib.toFixed(1)} | ${packages} |`);
    const added = full[1].mib - base[1].mib;
    console.log(
      `\ncdk-elasticache adds ${added.toFixed(1)} MiB and ${full[1].packages - base[1].packages} packages to a CDK app (${((100 * added) / base[1].mib).toFixed(1)} % of the baseline).`,
    );
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

main();
