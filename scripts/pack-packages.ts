/**
 * Packs the repository's three published packages with npm, as `npm publish` would: the construct library (the root;
 * `prepack` runs the jsii build and bundles the rotation Lambda) and the workspace packages cdk-elasticache-runtime and
 * cdk-elasticache-cli (`prepack` runs their tsc builds). Shared by scripts/packed-consumer.ts and bench/install-size.ts.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');

/** The published packages: the npm name, and the workspace it is packed from (none for the root). */
export const PACKAGES = {
  constructs: { name: 'cdk-elasticache', workspace: undefined, dir: ROOT },
  runtime: { name: 'cdk-elasticache-runtime', workspace: 'cdk-elasticache-runtime', dir: join(ROOT, 'packages', 'runtime') },
  cli: { name: 'cdk-elasticache-cli', workspace: 'cdk-elasticache-cli', dir: join(ROOT, 'packages', 'cli') },
} as const;

export type PackageKey = keyof typeof PACKAGES;

export interface PackedPackage {
  readonly key: PackageKey;
  readonly name: string;
  readonly version: string;
  /** Absolute path of the tarball. */
  readonly tarball: string;
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs a command to completion, capturing its output; never rejects on a non-zero exit (the caller judges). */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs) : undefined;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolvePromise({ code: -1, stdout, stderr: stderr + String(err), seconds: (Date.now() - started) / 1000 });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** The version of a package in the repository (package.json). */
export function repoVersion(key: PackageKey): string {
  return (JSON.parse(readFileSync(join(PACKAGES[key].dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The root's devDependency version of `name` (the peers and TypeScript a consumer installs). */
export function rootDevDependency(name: string): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = pkg.devDependencies[name];
  if (!version) throw new Error(`package.json has no devDependency ${name}`);
  return version;
}

/**
 * `npm pack` of one package into `dest` (its prepack builds it). Throws with npm's output when the pack fails.
 * The tarball's name is what npm prints last (`--json` would be cleaner, but prepack's output shares stdout).
 */
export async function packPackage(key: PackageKey, dest: string): Promise<PackedPackage & { seconds: number }> {
  const { name, workspace } = PACKAGES[key];
  const args = ['pack', '--pack-destination', dest, ...(workspace ? ['--workspace', workspace] : [])];
  const result = await runCommand('npm', args, { cwd: ROOT });
  if (result.code !== 0) {
    // The compiler's own error lines first: npm's and jsii's banners make up most of the output.
    const output = result.stderr + result.stdout;
    const lines = output.split('\n');
    const errors = [/error (TS|JSII)\d+/, /\[ERROR\]|^Error\b/].flatMap((pattern) => lines.filter((l) => pattern.test(l)));
    throw new Error(`npm pack of ${name} failed (exit ${result.code}): ${errors.slice(0, 10).join('\n') || tail(output, 40)}`);
  }
  const file = result.stdout.trim().split('\n').pop()!.trim();
  return { key, name, version: repoVersion(key), tarball: join(dest, file), seconds: result.seconds };
}

/** The last `lines` lines of a text. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
