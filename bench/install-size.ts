/**
 * `npm run bench:install`: what each published package adds to a fresh app, measured, not guessed.
 *
 * Packs the three packages (scripts/pack-packages.ts: `npm pack`, whose prepack builds them), then installs into fresh
 * directories, outside the repository (no workspace links):
 * - the baseline: aws-cdk-lib + constructs, at this repository's versions (every CDK app has them);
 * - a construct-only app: baseline + the cdk-elasticache tarball (a platform team's infrastructure app);
 * - a runtime-only app: the cdk-elasticache-runtime tarball (a Lambda handler or container: no CDK);
 * - the CLI: the cdk-elasticache-cli tarball (+ the runtime tarball, which satisfies its dependency);
 * - before the split (issue 16): the single cdk-elasticache 0.1.0 package pulled the runtime's and the reviewer's
 *   dependencies into every construct app. Its install is approximated by baseline + those dependencies (as pinned in
 *   its package.json, commit 799e3fd) + today's construct tarball for its own files.
 * Prints a table of disk use (du of node_modules) and package counts. Needs the npm registry; no AWS.
 *
 *   npx tsx bench/install-size.ts            pack, then measure
 *   npx tsx bench/install-size.ts DIR        measure the tarballs already in DIR (e.g. packed-consumer --keep's packs/)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGES, PackageKey, packPackage, repoVersion, rootDevDependency, runCommand } from '../scripts/pack-packages';

/** The old single package's dependencies (package.json of commit 799e3fd, before the runtime and CLI moved out). */
const BEFORE_SPLIT_DEPENDENCIES = [
  'ioredis@6.0.0',
  '@aws-sdk/client-elasticache@3.1127.0',
  '@aws-sdk/client-secrets-manager@3.1164.0',
  '@smithy/signature-v4@5.7.5',
  '@aws-crypto/sha256-js@5.2.0',
  '@aws-cdk/cloudformation-diff@2.187.5',
];

interface Size {
  readonly mib: number;
  readonly packages: number;
  readonly seconds: number;
}

/** Installs `specs` into a fresh directory; returns its node_modules size in MiB and package count. */
async function measure(specs: string[]): Promise<Size> {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-elasticache-install-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const result = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir });
    if (result.code !== 0) throw new Error(`npm install ${specs.join(' ')} failed:\n${result.stderr}`);
    const kib = Number(execFileSync('du', ['-sk', join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]);
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    return { mib: kib / 1024, packages: Object.keys(lock.packages).filter((p) => p !== '').length, seconds: result.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function tarballs(dir: string | undefined): Promise<{ files: Record<PackageKey, string>; cleanup: () => void }> {
  const keys = Object.keys(PACKAGES) as PackageKey[];
  if (dir) {
    const files = Object.fromEntries(keys.map((k) => [k, resolve(dir, `${PACKAGES[k].name}-${repoVersion(k)}.tgz`)])) as Record<
      PackageKey,
      string
    >;
    const missing = Object.values(files).filter((f) => !existsSync(f));
    if (missing.length > 0) throw new Error(`not packed: ${missing.join(', ')}`);
    return { files, cleanup: () => undefined };
  }
  const dest = mkdtempSync(join(tmpdir(), 'cdk-elasticache-pack-'));
  const files = {} as Record<PackageKey, string>;
  // The CLI's build reads the runtime's declarations: runtime before cli.
  for (const key of ['constructs', 'runtime', 'cli'] as PackageKey[]) files[key] = (await packPackage(key, dest)).tarball;
  return { files, cleanup: () => rmSync(dest, { recursive: true, force: true }) };
}

async function main(): Promise<void> {
  const { files, cleanup } = await tarballs(process.argv[2]);
  try {
    const peers = [`aws-cdk-lib@${rootDevDependency('aws-cdk-lib')}`, `constructs@${rootDevDependency('constructs')}`];
    const rows: [string, string[]][] = [
      ['aws-cdk-lib + constructs (baseline)', peers],
      ['construct-only app: baseline + cdk-elasticache', [...peers, files.constructs]],
      ['runtime-only app: cdk-elasticache-runtime', [files.runtime]],
      ['CLI: cdk-elasticache-cli (+ its runtime)', [files.cli, files.runtime]],
      [
        'before the split: baseline + the single package and its 6 dependencies',
        [...peers, files.constructs, ...BEFORE_SPLIT_DEPENDENCIES],
      ],
    ];
    // Two installs at a time (2-core machines; the installs mostly wait on the network and the disk).
    const sizes: Size[] = [];
    for (let i = 0; i < rows.length; i += 2) sizes.push(...(await Promise.all(rows.slice(i, i + 2).map(([, specs]) => measure(specs)))));

    console.log('| install | node_modules (MiB) | packages | install s |');
    console.log('|---|---:|---:|---:|');
    rows.forEach(([label], i) =>
      console.log(`| ${label} | ${sizes[i].mib.toFixed(1)} | ${sizes[i].packages} | ${sizes[i].seconds.toFixed(1)} |`),
    );
    const [base, constructsOnly, , , before] = sizes;
    const added = (s: Size) =>
      `${(s.mib - base.mib).toFixed(1)} MiB and ${s.packages - base.packages} package${s.packages - base.packages === 1 ? '' : 's'}`;
    console.log(
      `\ncdk-elasticache adds ${added(constructsOnly)} to a CDK app (${((100 * (constructsOnly.mib - base.mib)) / base.mib).toFixed(1)} % of the baseline);`,
    );
    console.log(`before the split, the single package added ${added(before)}.`);
  } finally {
    cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
