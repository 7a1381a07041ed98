/**
 * Pre-bundles the Lambda code the library ships, so consumers deploy a plain asset directory and need
 * neither esbuild nor Docker at synth time (constructs point `lambda.Code.fromAsset` at `dist/lambda/<name>`).
 *
 * The AWS SDK v3 is bundled in, not left external for the runtime's copy: the runtime's SDK version
 * is whatever AWS ships that week, while the bundled one is the version pinned in package.json that
 * the handler tests run against. The cost is a bigger asset, irrelevant for a function invoked a few
 * times per rotation.
 *
 * Usage: `tsx scripts/bundle-lambdas.ts [outRoot]` (default `dist/lambda`, relative to the repo root).
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, buildSync } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from '../lib/lambda/esbuild-options';

const REPO_ROOT = resolve(__dirname, '..');

/** Each Lambda: its asset directory name and entry file (which must export `handler`). */
const LAMBDAS: ReadonlyArray<{ readonly name: string; readonly entry: string }> = [
  { name: 'rotation', entry: 'lib/auth/rotation/handler.ts' },
];

export interface BundledLambda {
  readonly name: string;
  /** Absolute path of the bundle, `<outRoot>/<name>/index.js` (the runtime's handler is `index.handler`). */
  readonly file: string;
  readonly bytes: number;
}

export async function bundleLambdas(outRoot = 'dist/lambda'): Promise<BundledLambda[]> {
  const outDir = resolve(REPO_ROOT, outRoot);
  return Promise.all(
    LAMBDAS.map(async ({ name, entry }) => {
      const file = join(outDir, name, 'index.js');
      await build({
        entryPoints: [join(REPO_ROOT, entry)],
        outfile: file,
        ...LAMBDA_ESBUILD_OPTIONS,
      });
      return { name, file, bytes: statSync(file).size };
    }),
  );
}

/**
 * Bundles synchronously when a bundle is missing: the sample app (`cdk synth` right after `npm ci`) calls it, since the
 * published package runs no install-time script that could have bundled them.
 */
export function ensureLambdaBundles(outRoot = 'dist/lambda'): void {
  const outDir = resolve(REPO_ROOT, outRoot);
  for (const { name, entry } of LAMBDAS) {
    const file = join(outDir, name, 'index.js');
    if (!existsSync(file)) buildSync({ entryPoints: [join(REPO_ROOT, entry)], outfile: file, ...LAMBDA_ESBUILD_OPTIONS });
  }
}

if (require.main === module) {
  bundleLambdas(process.argv[2]).then(
    (bundles) => {
      for (const b of bundles) {
        console.log(`${b.name}: ${relative(process.cwd(), b.file)} (${(b.bytes / 1024).toFixed(0)} KiB)`);
      }
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
