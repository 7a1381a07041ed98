/**
 * `npm run test:consumer`: the published packages as a consumer gets them (issue 17 §3). Packs the three packages
 * (cdk-elasticache, cdk-elasticache-runtime, cdk-elasticache-cli) with `npm pack`, installs the tarballs into fresh
 * apps in a temporary directory (no workspace links, the peers at the versions this repository tests), and checks:
 *
 * - manifest:  each published package.json runs no install-time script in a consumer (preinstall, install,
 *              postinstall, prepare, and no binding.gyp that would imply `install`); the construct package ships its
 *              .jsii assembly and the pre-bundled Lambda, and depends on jsii packages only (aws-cdk-lib, constructs);
 *              no dependency is a workspace or file link; the CLI depends on the runtime version packed with it.
 * - typecheck: a construct app (imports 'cdk-elasticache') and a Lambda handler (imports 'cdk-elasticache-runtime',
 *              in an app WITHOUT aws-cdk-lib) type-check under TypeScript 5.9 and the project's TypeScript, with
 *              module commonjs (node10 resolution, the default of most existing CDK apps), node16, nodenext and
 *              bundler resolution; ESM entry files (.mts) too where the module setting has ESM.
 * - import:    the runtime loads with require() and with ESM `import { … }` of every export, without aws-cdk-lib;
 *              the construct package likewise.
 * - synth:     an env-specific stack (explicit account and region, no cdk.context.json) with every shape in it
 *              (ReplicationGroup with preferredAvailabilityZones, cluster mode, MemcachedCluster with
 *              preferredAvailabilityZones, ServerlessCache, GlobalDatastore primary) synthesizes as the CDK CLI runs
 *              it: a first pass without context, which must not throw and must record the missing
 *              availability-zones lookup, then a second pass with the zones in context, whose template has every cache.
 * - cli:       `npx cdk-elasticache-cli --help` runs from the installed package.
 *
 * Prints a table of the checks with pass/fail and seconds, and the time of each part; exit 1 on any failure (every
 * check runs, whatever failed before it).
 *
 *   npx tsx scripts/packed-consumer.ts                      everything (needs the npm registry; no AWS)
 *   npx tsx scripts/packed-consumer.ts --only typecheck     a subset: manifest, typecheck, import, synth, cli
 *                                                           (comma-separated); packs, and installs only the apps needed
 *   --keep            keep the temporary directory (its path is printed)
 *   --reuse DIR       work in DIR: reuse the tarballs in DIR/packs and the apps already installed there (with --keep,
 *                     the fastest loop while developing); delete DIR/packs to pack again
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PACKAGES, PackageKey, PackedPackage, ROOT, packPackage, repoVersion, rootDevDependency, runCommand, tail } from './pack-packages';

const GROUPS = ['manifest', 'typecheck', 'import', 'synth', 'cli'] as const;
type Group = (typeof GROUPS)[number];

/** TypeScript 5.9 is what most existing CDK apps compile with; the project's own TypeScript is package.json's. */
const TS59 = '5.9.3';
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const AZ_CONTEXT_KEY = `availability-zones:account=${ACCOUNT}:region=${REGION}`;
/** The context the CDK CLI gives every synth (besides cdk.json and cdk.context.json, which a fresh app has none of). */
const CLI_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
};
const SHAPES = ['replication-group', 'cluster-mode', 'memcached', 'serverless', 'global-datastore'] as const;
/** Scripts npm runs in a consumer's install of a registry package (prepare also for git and directory installs). */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];
/** The only dependencies a jsii package may have: other jsii packages, here the CDK's. */
const JSII_DEPENDENCIES = ['aws-cdk-lib', 'constructs'];
/** Runtime exports a handler needs; the ESM check imports every export, these must exist among them. */
const RUNTIME_EXPORTS = [
  'connectFromEnvironment',
  'discoverEndpoints',
  'createIamAuthToken',
  'createCacheClient',
  'CacheAside',
  'SessionStore',
  'RateLimiter',
  'Leaderboard',
  'PubSub',
  'NearCache',
  'WorkQueue',
  'FeatureCache',
  'InferenceCache',
  'parseEnvironment',
  'VARIABLES',
  'CacheRuntimeError',
];
const CONSTRUCT_EXPORTS = ['ReplicationGroup', 'MemcachedCluster', 'ServerlessCache', 'GlobalDatastore', 'CacheUserGroup', 'CacheUser'];

// ---------------------------------------------------------------------------------------------------------------
// The consumer's files.

/** The construct app: one env-specific stack with every shape; CONSUMER_SHAPES narrows it (to attribute a throw). */
const CONSTRUCT_APP = `import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { GlobalDatastore, MemcachedCluster, ReplicationGroup, ServerlessCache } from 'cdk-elasticache';

const app = new App();
// Env-specific, as most production stacks are: the VPC's zones come from a context lookup, and the first synth
// (before the CLI has looked them up) sees CDK's placeholder zones (dummy1a, dummy1b, dummy1c).
const stack = new Stack(app, 'Consumer', { env: { account: '${ACCOUNT}', region: '${REGION}' } });
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 3,
  natGateways: 0,
  subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});
const shapes = (process.env.CONSUMER_SHAPES ?? '${SHAPES.join(',')}').split(',');

if (shapes.includes('replication-group')) {
  new ReplicationGroup(stack, 'ReplicationGroup', { vpc, replicasPerShard: 1, preferredAvailabilityZones: ['${ZONES[0]}', '${ZONES[1]}'] });
}
if (shapes.includes('cluster-mode')) {
  new ReplicationGroup(stack, 'ClusterMode', { vpc, numShards: 2, replicasPerShard: 1 });
}
if (shapes.includes('memcached')) {
  new MemcachedCluster(stack, 'Memcached', { vpc, numNodes: 2, preferredAvailabilityZones: ['${ZONES[0]}', '${ZONES[1]}'] });
}
if (shapes.includes('serverless')) {
  new ServerlessCache(stack, 'Serverless', { vpc });
}
if (shapes.includes('global-datastore')) {
  const primary = new ReplicationGroup(stack, 'GlobalPrimary', { vpc, cacheNodeType: 'cache.r7g.large', replicasPerShard: 1 });
  new GlobalDatastore(stack, 'Global', { primary });
}
app.synth();

/** Never called. The compiler must reject it, which proves that the props' types resolved (not any). */
export function typesResolved(scope: Stack): void {
  // @ts-expect-error numShards is a number
  new ReplicationGroup(scope, 'Typed', { vpc, numShards: 'two' });
}
`;

/** The same imports from an ES module (an ESM CDK app): named imports of a CommonJS jsii package. */
const CONSTRUCT_APP_ESM = `import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { ReplicationGroup, ServerlessCache, type IReplicationGroup } from 'cdk-elasticache';

export function addCaches(stack: Stack, vpc: ec2.IVpc): IReplicationGroup {
  new ServerlessCache(stack, 'Serverless', { vpc });
  return new ReplicationGroup(stack, 'Cache', { vpc, numShards: 2 });
}

/** Never called. The compiler must reject it, which proves that the props' types resolved (not any). */
export function typesResolved(stack: Stack, vpc: ec2.IVpc): void {
  // @ts-expect-error numShards is a number
  new ReplicationGroup(stack, 'Typed', { vpc, numShards: 'two' });
}
`;

/** A Lambda handler: the one line of connecting, and a pattern. */
const HANDLER = `import { CacheAside, connectFromEnvironment, createIamAuthToken, discoverEndpoints, type CacheClient } from 'cdk-elasticache-runtime';

interface Item {
  readonly id: string;
  readonly name: string;
}

let client: Promise<CacheClient> | undefined;

export async function handler(event: { readonly id: string }): Promise<Item | undefined> {
  client ??= connectFromEnvironment();
  const items = new CacheAside<Item>(await client, { keyPrefix: 'item:' });
  return items.getOrLoad(event.id, async () => ({ id: event.id, name: 'loaded' }), { ttl: 300 });
}

export const helpers = { createIamAuthToken, discoverEndpoints };

/** Never called. The compiler must reject it, which proves that the runtime's types resolved (not any). */
export function typesResolved(redis: CacheClient): void {
  // @ts-expect-error keyPrefix is a string
  new CacheAside<Item>(redis, { keyPrefix: 42 });
}
`;

const HANDLER_ESM = HANDLER;

/** Transpiles the construct app to build/app.js (CommonJS) with the app's TypeScript. */
const EMIT = `const fs = require('fs');
const ts = require('typescript');
const { outputText } = ts.transpileModule(fs.readFileSync('app.ts', 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
});
fs.mkdirSync('build', { recursive: true });
fs.writeFileSync('build/app.js', outputText);
`;

/** A TypeScript setting the consumer apps are checked under. */
interface Variant {
  readonly id: string;
  /** The package directory of the compiler: 'typescript' (the project's) or the 5.9 alias. */
  readonly compiler: 'typescript' | 'typescript-5.9';
  readonly module: string;
  readonly moduleResolution?: string;
  readonly ignoreDeprecations?: string;
  /** Whether .mts files (ES modules) are checked too. */
  readonly esm: boolean;
  /**
   * Check the packages' declarations too (skipLibCheck false), as an app without skipLibCheck does. It costs 10–20 s
   * per construct-app run (aws-cdk-lib's declarations), so one setting does it; the others skip it as `cdk init` apps
   * do, and their @ts-expect-error lines prove that the types still resolved (an unresolved module types as any).
   */
  readonly libCheck?: boolean;
}

const TS_PROJECT = rootDevDependency('typescript');
const TS_PROJECT_MINOR = TS_PROJECT.split('.').slice(0, 2).join('.');
const VARIANTS: Variant[] = [
  { id: 'ts5.9-commonjs-node10', compiler: 'typescript-5.9', module: 'commonjs', esm: false, libCheck: true },
  { id: 'ts5.9-nodenext', compiler: 'typescript-5.9', module: 'nodenext', esm: true },
  { id: `ts${TS_PROJECT_MINOR}-nodenext`, compiler: 'typescript', module: 'nodenext', esm: true },
  { id: `ts${TS_PROJECT_MINOR}-node16`, compiler: 'typescript', module: 'node16', esm: true },
  { id: `ts${TS_PROJECT_MINOR}-bundler`, compiler: 'typescript', module: 'esnext', moduleResolution: 'bundler', esm: true },
  // TypeScript 6 deprecates node10; an app that keeps it does so behind ignoreDeprecations.
  {
    id: `ts${TS_PROJECT_MINOR}-commonjs-node10`,
    compiler: 'typescript',
    module: 'commonjs',
    moduleResolution: 'node10',
    ignoreDeprecations: TS_PROJECT_MINOR,
    esm: false,
  },
];

function tsconfig(variant: Variant, files: string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        module: variant.module,
        ...(variant.moduleResolution ? { moduleResolution: variant.moduleResolution } : {}),
        ...(variant.ignoreDeprecations ? { ignoreDeprecations: variant.ignoreDeprecations } : {}),
        types: ['node'],
        strict: true,
        esModuleInterop: true,
        skipLibCheck: !variant.libCheck,
        noEmit: true,
        ...extra,
      },
      files,
    },
    null,
    2,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Checks and their report.

interface CheckResult {
  readonly group: Group | 'pack' | 'install';
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: string;
}

const results: CheckResult[] = [];
/** Wall time of each part (its checks may run side by side). */
const partSeconds = new Map<string, number>();

async function part<T>(name: string, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await body();
  } finally {
    partSeconds.set(name, (partSeconds.get(name) ?? 0) + (Date.now() - started) / 1000);
  }
}

async function check(group: CheckResult['group'], name: string, body: () => Promise<string | void>): Promise<boolean> {
  const started = Date.now();
  let ok = true;
  let detail: string;
  try {
    detail = (await body()) ?? '';
  } catch (err) {
    ok = false;
    detail = err instanceof Error ? err.message : String(err);
  }
  const result = { group, name, ok, seconds: (Date.now() - started) / 1000, detail };
  results.push(result);
  console.log(
    `${ok ? 'pass' : 'FAIL'}  ${name} (${result.seconds.toFixed(1)} s)${ok ? '' : `\n      ${detail.split('\n').join('\n      ')}`}`,
  );
  return ok;
}

/** Runs `tasks` with at most `limit` at a time (the machines have 2 cores). */
async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

function fail(message: string): never {
  throw new Error(message);
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

interface PackageJson {
  name: string;
  version: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  bundleDependencies?: string[] | boolean;
  bundledDependencies?: string[] | boolean;
  bin?: Record<string, string> | string;
  types?: string;
  main?: string;
}

async function tarball(file: string): Promise<{ files: string[]; packageJson: PackageJson }> {
  const list = await runCommand('tar', ['-tzf', file], { cwd: ROOT });
  if (list.code !== 0) fail(`tar -tzf ${file}: ${list.stderr}`);
  const pkg = await runCommand('tar', ['-xzOf', file, 'package/package.json'], { cwd: ROOT });
  if (pkg.code !== 0) fail(`tar -xzOf ${file} package/package.json: ${pkg.stderr}`);
  const files = list.stdout
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  return { files, packageJson: JSON.parse(pkg.stdout) as PackageJson };
}

function dependencyNames(pkg: PackageJson): string[] {
  const bundled = [pkg.bundleDependencies, pkg.bundledDependencies].flatMap((b) => (Array.isArray(b) ? b : []));
  return [
    ...new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
      ...bundled,
    ]),
  ];
}

async function manifestChecks(packs: Packs): Promise<void> {
  const contents: Partial<Record<PackageKey, { files: string[]; packageJson: PackageJson }>> = {};
  for (const key of Object.keys(packs) as PackageKey[]) contents[key] = await tarball(packs[key]!.tarball);

  for (const key of Object.keys(contents) as PackageKey[]) {
    const { files, packageJson: pkg } = contents[key]!;
    await check('manifest', `${pkg.name}: no install-time script`, () => {
      const scripts = INSTALL_SCRIPTS.filter((s) => pkg.scripts?.[s] !== undefined);
      if (files.some((f) => f === 'binding.gyp')) scripts.push('install (binding.gyp: npm would run node-gyp rebuild)');
      if (scripts.length > 0) fail(`package.json would run ${scripts.join(', ')} in a consumer's npm install`);
      return Promise.resolve(`none of ${INSTALL_SCRIPTS.join(', ')}; ${Object.keys(pkg.scripts ?? {}).length} other scripts`);
    });
    await check('manifest', `${pkg.name}: dependencies are registry versions`, () => {
      const local = Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }).filter(([, spec]) =>
        /^(file|link|workspace|git|github|portal):|^\.{0,2}\//.test(spec),
      );
      if (local.length > 0) fail(`local dependency specs: ${local.map(([n, s]) => `${n}@${s}`).join(', ')}`);
      return Promise.resolve(dependencyNames(pkg).join(', ') || 'none');
    });
  }

  const { constructs: root, runtime, cli } = contents;
  if (root && packs.constructs) await constructPackageChecks(root, packs.constructs);
  if (runtime) await runtimePackageChecks(runtime);
  if (cli && runtime) await cliPackageChecks(cli, runtime);
}

type TarballContents = { files: string[]; packageJson: PackageJson };

async function constructPackageChecks(root: TarballContents, packed: PackedPackage): Promise<void> {
  await check('manifest', 'cdk-elasticache: ships .jsii, the compiled API and the pre-bundled Lambda', () => {
    const required = ['.jsii', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lambda/rotation/index.js', 'README.md'];
    const missing = required.filter((f) => !root.files.includes(f));
    const unwanted = root.files.filter((f) => /^(lib|test|bin|scripts|packages)\/|^dist\/lib\/sample\/|\.ts$(?<!\.d\.ts)/.test(f));
    if (missing.length > 0 || unwanted.length > 0) {
      fail(
        [missing.length > 0 && `missing ${missing.join(', ')}`, unwanted.length > 0 && `unwanted ${unwanted.slice(0, 8).join(', ')}`]
          .filter(Boolean)
          .join('; '),
      );
    }
    return Promise.resolve(`${root.files.length} files`);
  });
  await check('manifest', 'cdk-elasticache: depends on jsii packages only (aws-cdk-lib, constructs)', async () => {
    const names = dependencyNames(root.packageJson);
    const other = names.filter((n) => !JSII_DEPENDENCIES.includes(n));
    const jsii = await runCommand('tar', ['-xzOf', packed.tarball, 'package/.jsii'], { cwd: ROOT });
    const assemblyDeps = jsii.code === 0 ? Object.keys((JSON.parse(jsii.stdout) as { dependencies?: object }).dependencies ?? {}) : [];
    const otherInAssembly = assemblyDeps.filter((n) => !JSII_DEPENDENCIES.includes(n));
    if (other.length > 0 || otherInAssembly.length > 0) {
      fail(`non-jsii dependencies: package.json ${other.join(', ') || '-'}; .jsii ${otherInAssembly.join(', ') || '-'}`);
    }
    return `package.json: ${names.join(', ')}; .jsii: ${assemblyDeps.join(', ')}`;
  });
}

async function runtimePackageChecks(runtime: TarballContents): Promise<void> {
  await check('manifest', 'cdk-elasticache-runtime: no CDK dependency, types shipped', () => {
    const pkg = runtime.packageJson;
    const cdk = dependencyNames(pkg).filter((n) => ['aws-cdk-lib', 'constructs', 'cdk-elasticache'].includes(n));
    if (cdk.length > 0) fail(`the runtime depends on ${cdk.join(', ')}: a handler would install the CDK`);
    const types = (pkg.types ?? '').replace(/^\.\//, '');
    if (!runtime.files.includes(types)) fail(`types ${pkg.types} is not in the tarball`);
    return Promise.resolve(`types ${types}`);
  });
}

async function cliPackageChecks(cli: TarballContents, runtime: TarballContents): Promise<void> {
  await check('manifest', 'cdk-elasticache-cli: bin shipped, depends on the runtime packed with it', () => {
    const pkg = cli.packageJson;
    const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
    const missing = bins.map((b) => b.replace(/^\.\//, '')).filter((b) => !cli.files.includes(b));
    if (bins.length === 0 || missing.length > 0) fail(`bin ${missing.join(', ') || '(none declared)'} not in the tarball`);
    const spec = pkg.dependencies?.['cdk-elasticache-runtime'];
    const runtimeVersion = runtime.packageJson.version;
    if (spec !== runtimeVersion && spec !== `^${runtimeVersion}` && spec !== `~${runtimeVersion}`) {
      fail(`depends on cdk-elasticache-runtime@${spec}, but the runtime packed with it is ${runtimeVersion}`);
    }
    return Promise.resolve(`bin ${bins.join(', ')}; cdk-elasticache-runtime@${spec}`);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Apps.

type AppKey = 'constructs' | 'handler' | 'cli';
/** The tarballs that packed (a package whose pack failed is absent; the checks of the others still run). */
type Packs = Partial<Record<PackageKey, PackedPackage>>;
/** The tarballs each app installs. */
const APP_PACKAGES: Record<AppKey, PackageKey[]> = { constructs: ['constructs'], handler: ['runtime'], cli: ['cli', 'runtime'] };

function appPackageJson(app: AppKey, packs: Packs, appDir: string): Record<string, unknown> {
  const file = (key: PackageKey) => `file:${relative(appDir, packs[key]!.tarball)}`;
  const typescript = {
    typescript: TS_PROJECT,
    'typescript-5.9': `npm:typescript@${TS59}`,
    '@types/node': rootDevDependency('@types/node'),
  };
  const dependencies: Record<AppKey, () => Record<string, string>> = {
    constructs: () => ({
      'cdk-elasticache': file('constructs'),
      'aws-cdk-lib': rootDevDependency('aws-cdk-lib'),
      constructs: rootDevDependency('constructs'),
    }),
    // A Lambda handler's package: the runtime only, no aws-cdk-lib.
    handler: () => ({ 'cdk-elasticache-runtime': file('runtime') }),
    // The CLI's dependency on the runtime is a registry version; the runtime tarball installed beside it satisfies it.
    cli: () => ({ 'cdk-elasticache-cli': file('cli'), 'cdk-elasticache-runtime': file('runtime') }),
  };
  return {
    name: `consumer-${app}`,
    version: '1.0.0',
    private: true,
    dependencies: dependencies[app](),
    ...(app === 'cli' ? {} : { devDependencies: typescript }),
  };
}

/** Writes the app's package.json and installs it, unless the same package.json is already installed there. */
async function installApp(app: AppKey, packs: Packs, work: string): Promise<string> {
  const unpacked = APP_PACKAGES[app].filter((key) => !packs[key]);
  if (unpacked.length > 0) fail(`skipped: ${unpacked.map((key) => PACKAGES[key].name).join(', ')} did not pack`);
  const dir = join(work, app);
  mkdirSync(dir, { recursive: true });
  const pkg = JSON.stringify(appPackageJson(app, packs, dir), null, 2);
  const pkgFile = join(dir, 'package.json');
  if (existsSync(join(dir, 'node_modules')) && existsSync(pkgFile) && readFileSync(pkgFile, 'utf8') === pkg) {
    return 'already installed (--reuse)';
  }
  writeFileSync(pkgFile, pkg);
  const result = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  if (result.code !== 0) fail(`npm install failed (exit ${result.code}):\n${tail(result.stderr + result.stdout, 30)}`);
  // No workspace links: every package of ours is a real directory unpacked from its tarball, and none came from the
  // registry (the CLI's dependency on the runtime must be met by the runtime tarball beside it).
  const lock = readJson<{ packages: Record<string, { resolved?: string; link?: boolean }> }>(join(dir, 'package-lock.json')).packages;
  const names: string[] = Object.values(PACKAGES).map((p) => p.name);
  const wrong = Object.entries(lock)
    .filter(([path]) => names.includes(path.split('node_modules/').pop()!))
    .filter(([path, entry]) => entry.link || !entry.resolved?.startsWith('file:') || lstatSync(join(dir, path)).isSymbolicLink())
    .map(([path, entry]) => `${path} (${entry.link ? 'link' : (entry.resolved ?? 'unresolved')})`);
  if (wrong.length > 0) fail(`not installed from the tarballs: ${wrong.join(', ')}`);
  if (app === 'handler' && existsSync(join(dir, 'node_modules', 'aws-cdk-lib'))) {
    fail('aws-cdk-lib was installed into the handler app: something in the runtime depends on it');
  }
  const kib = Number((await runCommand('du', ['-sk', join(dir, 'node_modules')], { cwd: dir })).stdout.split('\t')[0]);
  return `${Object.keys(lock).length - 1} packages, ${(kib / 1024).toFixed(0)} MiB`;
}

function writeConsumerFiles(work: string): void {
  const constructs = join(work, 'constructs');
  const handler = join(work, 'handler');
  if (existsSync(constructs)) {
    writeFileSync(join(constructs, 'app.ts'), CONSTRUCT_APP);
    writeFileSync(join(constructs, 'app-esm.mts'), CONSTRUCT_APP_ESM);
    for (const v of VARIANTS) {
      writeFileSync(join(constructs, `tsconfig.${v.id}.json`), tsconfig(v, ['app.ts', ...(v.esm ? ['app-esm.mts'] : [])]));
    }
    // What the synth runs: the app transpiled to CommonJS by the project's TypeScript, as ts-node or tsx run a CDK
    // app (the typecheck checks cover the types; a full tsc emit would load aws-cdk-lib's declarations again).
    writeFileSync(join(constructs, 'emit.cjs'), EMIT);
  }
  if (existsSync(handler)) {
    writeFileSync(join(handler, 'handler.ts'), HANDLER);
    writeFileSync(join(handler, 'handler-esm.mts'), HANDLER_ESM);
    for (const v of VARIANTS) {
      writeFileSync(join(handler, `tsconfig.${v.id}.json`), tsconfig(v, ['handler.ts', ...(v.esm ? ['handler-esm.mts'] : [])]));
    }
  }
}

async function typecheckChecks(work: string, apps: AppKey[]): Promise<void> {
  const jobs = apps.flatMap((app) =>
    VARIANTS.map(
      (v) => () =>
        check('typecheck', `${app === 'constructs' ? 'construct app' : 'handler (no aws-cdk-lib)'}: ${v.id}`, async () => {
          const dir = join(work, app);
          const tsc = join(dir, 'node_modules', v.compiler, 'bin', 'tsc');
          const result = await runCommand(process.execPath, [tsc, '-p', `tsconfig.${v.id}.json`], { cwd: dir });
          if (result.code !== 0) fail(tail(result.stdout + result.stderr, 12));
          const version = readJson<{ version: string }>(join(dir, 'node_modules', v.compiler, 'package.json')).version;
          const settings = [`module ${v.module}`, v.moduleResolution && `moduleResolution ${v.moduleResolution}`, v.esm && '+ .mts'];
          return `tsc ${version}, ${[...settings, v.libCheck && 'skipLibCheck false'].filter(Boolean).join(', ')}`;
        }),
    ),
  );
  await pool(2, jobs);
}

/** Names exported by `pkg` as seen from require() in `dir`. */
async function cjsExports(dir: string, pkg: string, expected: string[]): Promise<string[]> {
  const script = `const m = require(${JSON.stringify(pkg)});
const missing = ${JSON.stringify(expected)}.filter((n) => m[n] === undefined);
if (missing.length) { console.error('missing exports: ' + missing.join(', ')); process.exit(1); }
console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule')));`;
  const file = join(dir, `check-${pkg}.cjs`);
  writeFileSync(file, script);
  const result = await runCommand(process.execPath, [file], { cwd: dir });
  if (result.code !== 0) fail(`require('${pkg}'): ${tail(result.stderr + result.stdout, 12)}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as string[];
}

/** Imports every name from an ES module: a name cjs-module-lexer cannot see fails the link with a SyntaxError. */
async function esmImport(dir: string, pkg: string, names: string[]): Promise<void> {
  const script = `import { ${names.join(', ')} } from ${JSON.stringify(pkg)};
const values = { ${names.join(', ')} };
const undef = Object.entries(values).filter(([, v]) => v === undefined).map(([k]) => k);
if (undef.length) { console.error('undefined imports: ' + undef.join(', ')); process.exit(1); }
`;
  const file = join(dir, `check-${pkg}.mjs`);
  writeFileSync(file, script);
  const result = await runCommand(process.execPath, [file], { cwd: dir });
  if (result.code !== 0) fail(`import { … } from '${pkg}' in an ES module: ${tail(result.stderr + result.stdout, 12)}`);
}

async function importChecks(work: string, apps: AppKey[]): Promise<void> {
  const targets: { app: AppKey; pkg: string; expected: string[] }[] = [
    { app: 'handler', pkg: 'cdk-elasticache-runtime', expected: RUNTIME_EXPORTS },
    { app: 'constructs', pkg: 'cdk-elasticache', expected: CONSTRUCT_EXPORTS },
  ];
  for (const { app, pkg, expected } of targets.filter((t) => apps.includes(t.app))) {
    const dir = join(work, app);
    let names: string[] = [];
    await check('import', `${pkg}: require() (CommonJS)${app === 'handler' ? ', without aws-cdk-lib' : ''}`, async () => {
      names = await cjsExports(dir, pkg, expected);
      return `${names.length} exports`;
    });
    await check('import', `${pkg}: import { every export } (ESM)`, async () => {
      if (names.length === 0) fail('no export list (the require() check failed)');
      await esmImport(dir, pkg, names);
      return `${names.length} named imports`;
    });
  }
}

interface SynthPass {
  readonly code: number | null;
  readonly output: string;
  readonly manifest?: { missing?: { key: string }[] };
  readonly outdir: string;
}

async function synthPass(dir: string, name: string, context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<SynthPass> {
  const outdir = join(dir, `cdk.out.${name}`);
  rmSync(outdir, { recursive: true, force: true });
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) };
  // Nothing from the developer's shell: the stack's env is explicit.
  delete childEnv.CDK_DEFAULT_ACCOUNT;
  delete childEnv.CDK_DEFAULT_REGION;
  const result = await runCommand(process.execPath, [join('build', 'app.js')], { cwd: dir, env: childEnv });
  const manifestFile = join(outdir, 'manifest.json');
  return {
    code: result.code,
    output: result.stderr + result.stdout,
    manifest: existsSync(manifestFile) ? readJson(manifestFile) : undefined,
    outdir,
  };
}

/** What a synth's output says threw: the error line and its message lines, without the stack. */
function thrown(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /^\w*(Error|Exception)\b/.test(l));
  if (start < 0) return tail(output, 5);
  const end = lines.findIndex((l, i) => i > start && /^\s+at /.test(l));
  return lines
    .slice(start, end < 0 ? start + 5 : end)
    .map((l) => l.trim())
    .join(' ')
    .slice(0, 600);
}

async function synthChecks(work: string): Promise<void> {
  const dir = join(work, 'constructs');
  const compiled = await check('synth', 'construct app transpiles to CommonJS', async () => {
    rmSync(join(dir, 'build'), { recursive: true, force: true });
    const result = await runCommand(process.execPath, ['emit.cjs'], { cwd: dir });
    if (result.code !== 0 || !existsSync(join(dir, 'build', 'app.js'))) fail(tail(result.stdout + result.stderr, 12));
    return 'build/app.js';
  });
  if (!compiled) return;

  await check('synth', 'first pass, placeholder zones (no context): does not throw, records the zones lookup', async () => {
    const pass = await synthPass(dir, 'pass1', CLI_CONTEXT);
    if (pass.code !== 0) {
      // Which shapes throw: one pass per shape (validation off: only the throw matters here).
      const throwing: string[] = [];
      for (const shape of SHAPES) {
        const single = await synthPass(dir, `pass1-${shape}`, CLI_CONTEXT, { CONSUMER_SHAPES: shape, CDK_VALIDATION: 'false' });
        if (single.code !== 0) throwing.push(`${shape}: ${thrown(single.output)}`);
      }
      fail(
        `the first synth threw, so the CLI never gets to look up the zones: ${thrown(pass.output)}\nshapes that throw alone: ${throwing.join('\n  ') || 'none (only together)'}`,
      );
    }
    const missing = (pass.manifest?.missing ?? []).map((m) => m.key);
    if (!missing.includes(AZ_CONTEXT_KEY))
      fail(`manifest.json does not record ${AZ_CONTEXT_KEY} as missing (missing: ${missing.join(', ') || 'none'})`);
    return `missing context: ${missing.join(', ')}`;
  });

  await check('synth', 'second pass, zones in context: synthesizes every cache', async () => {
    const pass = await synthPass(dir, 'pass2', { ...CLI_CONTEXT, [AZ_CONTEXT_KEY]: ZONES });
    if (pass.code !== 0) fail(`the second synth threw:\n${thrown(pass.output)}`);
    const missing = (pass.manifest?.missing ?? []).map((m) => m.key);
    if (missing.length > 0) fail(`context still missing: ${missing.join(', ')}`);
    const templateFile = join(pass.outdir, 'Consumer.template.json');
    const text = readFileSync(templateFile, 'utf8');
    const template = JSON.parse(text) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    const resources = Object.values(template.Resources);
    const count = (type: string) => resources.filter((r) => r.Type === type).length;
    const expected: Record<string, number> = {
      // ReplicationGroup, cluster mode, the global datastore's primary.
      'AWS::ElastiCache::ReplicationGroup': 3,
      'AWS::ElastiCache::CacheCluster': 1,
      'AWS::ElastiCache::ServerlessCache': 1,
      'AWS::ElastiCache::GlobalReplicationGroup': 1,
    };
    const short = Object.entries(expected).filter(([type, n]) => count(type) < n);
    if (short.length > 0) fail(`template lacks ${short.map(([type, n]) => `${n - count(type)} × ${type}`).join(', ')}`);
    if (text.includes('dummy1')) fail('the template still has a placeholder zone (dummy1…)');
    const memcached = resources.find((r) => r.Type === 'AWS::ElastiCache::CacheCluster')!;
    const azs = JSON.stringify(memcached.Properties?.PreferredAvailabilityZones);
    if (azs !== JSON.stringify(ZONES.slice(0, 2)))
      fail(`Memcached PreferredAvailabilityZones ${azs}, expected ${JSON.stringify(ZONES.slice(0, 2))}`);
    return Object.keys(expected)
      .map((type) => `${count(type)} × ${type.split('::')[2]}`)
      .join(', ');
  });
}

async function cliChecks(work: string): Promise<void> {
  await check('cli', 'npx cdk-elasticache-cli --help (installed package)', async () => {
    const dir = join(work, 'cli');
    const result = await runCommand('npx', ['--no-install', 'cdk-elasticache-cli', '--help'], { cwd: dir, timeoutMs: 60_000 });
    const output = result.stdout + result.stderr;
    if (result.code !== 0) fail(`exit ${result.code}:\n${tail(output, 12)}`);
    if (!/review/.test(output)) fail(`--help does not mention the review command:\n${tail(output, 12)}`);
    return output.trim().split('\n')[0].slice(0, 100);
  });
}

// ---------------------------------------------------------------------------------------------------------------

interface Options {
  readonly only: Group[];
  readonly keep: boolean;
  readonly reuse?: string;
}

function parseArgs(argv: string[]): Options {
  let only: Group[] = [...GROUPS];
  let keep = false;
  let reuse: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep') keep = true;
    else if (arg === '--reuse') reuse = argv[++i];
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg.includes('=') ? arg.split('=')[1] : argv[++i];
      only = (value ?? '').split(',').filter(Boolean) as Group[];
      const unknown = only.filter((g) => !GROUPS.includes(g));
      if (unknown.length > 0 || only.length === 0) throw new Error(`--only takes ${GROUPS.join(', ')} (comma-separated), got ${value}`);
    } else throw new Error(`unknown argument ${arg}; see the comment at the top of scripts/packed-consumer.ts`);
  }
  return { only, keep: keep || reuse !== undefined, reuse };
}

async function packAll(work: string): Promise<Packs> {
  const dest = join(work, 'packs');
  mkdirSync(dest, { recursive: true });
  const packs: Packs = {};
  // The CLI's build reads the runtime's declarations, so the runtime is packed (built) first.
  for (const key of ['constructs', 'runtime', 'cli'] as PackageKey[]) {
    const { name } = PACKAGES[key];
    const existing = join(dest, `${name}-${repoVersion(key)}.tgz`);
    await check('pack', `npm pack ${name}${key === 'constructs' ? ' (prepack: jsii build + Lambda bundle)' : ''}`, async () => {
      if (existsSync(existing)) {
        packs[key] = { key, name, version: repoVersion(key), tarball: existing };
        return 'reused';
      }
      const packed = await packPackage(key, dest);
      packs[key] = packed;
      const kib = Number((await runCommand('du', ['-k', packed.tarball], { cwd: dest })).stdout.split('\t')[0]);
      return `${relative(work, packed.tarball)} (${kib} KiB)`;
    });
  }
  return packs;
}

function printReport(work: string, options: Options): number {
  const failed = results.filter((r) => !r.ok);
  console.log('\n| # | check | result | s | detail |');
  console.log('|---:|---|---|---:|---|');
  results.forEach((r, i) => {
    const detail = r.detail.split('\n')[0].replace(/\|/g, '\\|').slice(0, 160);
    console.log(`| ${i + 1} | ${r.name} | ${r.ok ? 'pass' : '**FAIL**'} | ${r.seconds.toFixed(1)} | ${detail} |`);
  });
  console.log('\n| part | wall s | checks | sum of check s |');
  console.log('|---|---:|---:|---:|');
  for (const group of ['pack', 'install', ...GROUPS]) {
    const mine = results.filter((r) => r.group === group);
    // Checks of a part may run side by side (installs, type-checks): the wall time is what CI waits.
    if (mine.length > 0) {
      const sum = mine.reduce((s, r) => s + r.seconds, 0);
      console.log(`| ${group} | ${(partSeconds.get(group) ?? sum).toFixed(1)} | ${mine.length} | ${sum.toFixed(1)} |`);
    }
  }
  console.log(
    `\npacked consumer: ${results.length - failed.length} passed, ${failed.length} failed (${options.only.join(', ')})${options.keep ? `; apps kept in ${work}` : ''}`,
  );
  return failed.length > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const work = options.reuse ?? mkdtempSync(join(tmpdir(), 'cdk-elasticache-consumer-'));
  mkdirSync(work, { recursive: true });
  const started = Date.now();
  try {
    console.log(`packed consumer in ${work}: ${options.only.join(', ')}\n`);
    const packs = await part('pack', () => packAll(work));
    const wants = (g: Group) => options.only.includes(g);
    const apps = (['constructs', 'handler', 'cli'] as AppKey[]).filter((app) =>
      app === 'cli' ? wants('cli') : wants('typecheck') || wants('import') || (app === 'constructs' && wants('synth')),
    );
    const installed = await part('install', () =>
      Promise.all(
        apps.map((app) =>
          check('install', `npm install ${app} app from the tarballs`, () => installApp(app, packs, work)).then((ok) =>
            ok ? app : undefined,
          ),
        ),
      ),
    );
    const ready = installed.filter((a): a is AppKey => a !== undefined);
    writeConsumerFiles(work);
    const builders = ready.filter((a) => a !== 'cli');
    if (wants('manifest')) await part('manifest', () => manifestChecks(packs));
    if (wants('typecheck')) await part('typecheck', () => typecheckChecks(work, builders));
    if (wants('import')) await part('import', () => importChecks(work, ready));
    if (wants('synth') && ready.includes('constructs')) await part('synth', () => synthChecks(work));
    if (wants('cli') && ready.includes('cli')) await part('cli', () => cliChecks(work));
    const code = printReport(work, options);
    console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return code;
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
