import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnElement, Stack, Stage, aws_ec2 as ec2, aws_ecs as ecs, aws_kms as kms, aws_lambda as lambda } from 'aws-cdk-lib';
import * as library from '../../lib';
import type { BatchCase } from '../helpers/synth-batch';
import { Snippet, snippetProgram, transpile } from './snippets';

/**
 * The values the rosetta fixtures declare (`declare const vpc: ec2.IVpc;`) and the snippets' own `declare const`s,
 * made real in the snippet's stack, each what a snippet takes for granted: a VPC with the three kinds of subnets
 * (caches go to the private ones by default, Memcached to the isolated ones; the NAT is how a function reaches
 * Secrets Manager), Lambda functions in it, a key, a default ReplicationGroup. A snippet that declares a name missing
 * here fails with that name: add it.
 */
const FIXTURE_VALUES: Record<string, (stack: Stack, value: (name: string) => unknown) => unknown> = {
  // rosetta/default.ts-fixture declares `app: App`: the snippet's Stage stands in for it (a Stage of the test's App).
  app: (stack) => Stage.of(stack),
  vpc: (stack) =>
    new ec2.Vpc(stack, 'FixtureVpc', {
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    }),
  fn: (stack, value) => fixtureFunction(stack, 'FixtureFn', value('vpc') as ec2.IVpc),
  appFunction: (stack, value) => fixtureFunction(stack, 'FixtureAppFunction', value('vpc') as ec2.IVpc),
  key: (stack) => new kms.Key(stack, 'FixtureKey', { enableKeyRotation: true }),
  cache: (stack, value) => new library.ReplicationGroup(stack, 'FixtureCache', { vpc: value('vpc') as ec2.IVpc }),
  // Declared by the README's public-endpoint snippet: a function outside any VPC.
  outsideVpc: (stack) =>
    new lambda.Function(stack, 'FixtureOutsideVpc', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    }),
  // Declared by the README's ECS snippet.
  cluster: (stack, value) => new ecs.Cluster(stack, 'FixtureCluster', { vpc: value('vpc') as ec2.IVpc }),
  image: () => ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
};

function fixtureFunction(stack: Stack, id: string, vpc: ec2.IVpc): lambda.Function {
  return new lambda.Function(stack, id, {
    vpc,
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
}

/** The packages snippets import, as a user's app resolves them: `cdk-elasticache` is this checkout's lib/. */
function snippetRequire(id: string): unknown {
  if (id === 'cdk-elasticache') return library;
  if (id === 'cdk-elasticache-runtime' || id.startsWith('cdk-elasticache/')) {
    throw new Error(`a construct snippet imports '${id}': runtime code belongs in a tsx block (jsii/README.md)`);
  }
  // Snippets import any aws-cdk-lib module: resolved by name, as the user's app would.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id) as unknown;
}

/**
 * Files of the user's project that snippets reference (`lambda.Code.fromAsset('dist/fn')`): snippets are built with
 * this directory as the working directory, as `cdk synth` runs in the project.
 */
const PROJECT_FILES: Record<string, string> = {
  'dist/fn/index.js': 'exports.handler = async () => ({});\n',
};

let projectDir: string | undefined;
function userProject(): string {
  if (!projectDir) {
    projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snippet-project-'));
    for (const [file, content] of Object.entries(PROJECT_FILES)) {
      fs.mkdirSync(path.dirname(path.join(projectDir, file)), { recursive: true });
      fs.writeFileSync(path.join(projectDir, file), content);
    }
  }
  return projectDir;
}

/** Removes the project directory (call in afterAll). */
export function cleanUpSnippetProject(): void {
  if (projectDir) fs.rmSync(projectDir, { recursive: true, force: true });
  projectDir = undefined;
}

/**
 * A snippet as a batch case: placed in its fixture, transpiled, and run in its Stage. With a fixture, the fixture's
 * Stack class is instantiated (`this` of the snippet); without one, every exported Stack class of the program is.
 */
export function snippetCase(snippet: Snippet): BatchCase {
  return {
    id: snippet.id,
    build: (stage) => {
      const program = snippetProgram(snippet);
      const js = transpile(program.source, snippet.location.replace(/:\d+$/, '.snippet.ts'));
      const values = new Map<Stack, Map<string, unknown>>();
      const fixtureValue = (stack: Stack, name: string): unknown => {
        const cache = values.get(stack) ?? new Map<string, unknown>();
        values.set(stack, cache);
        if (!cache.has(name)) {
          const make = FIXTURE_VALUES[name];
          if (!make) throw new Error(`${snippet.location} declares '${name}', which test/docs/run-snippet.ts has no value for`);
          cache.set(
            name,
            make(stack, (other) => fixtureValue(stack, other)),
          );
        }
        return cache.get(name);
      };
      const module = { exports: {} as Record<string, unknown> };
      const cwd = process.cwd();
      process.chdir(userProject());
      try {
        // The snippet is the code under test. new Function runs it in this test's realm (unlike vm.runInThisContext),
        // so `instanceof` works across it.
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        const run = new Function('require', 'module', 'exports', '__fixtureValue', `${js}\n//# sourceURL=${snippet.location}`) as (
          ...args: unknown[]
        ) => void;
        run(snippetRequire, module, module.exports, fixtureValue);
        const Fixture = module.exports.__SnippetFixture;
        if (Fixture) {
          const stack = new (Fixture as new (scope: Stage, id: string) => Stack)(stage, 'Snippet');
          // A snippet that builds its own stacks (in `app`) leaves the fixture's empty: an artefact of the fixture,
          // which no app would deploy (and CloudFormation refuses a template without resources).
          if (!stack.node.findAll().some((c) => CfnElement.isCfnElement(c))) stage.node.tryRemoveChild(stack.node.id);
        } else {
          const stacks = Object.entries(module.exports).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Stack);
          if (stacks.length === 0) throw new Error(`${snippet.location}: a nofixture snippet must export a Stack class (or be a fragment)`);
          for (const [name, StackClass] of stacks) new (StackClass as new (scope: Stage, id: string) => Stack)(stage, name);
        }
      } finally {
        process.chdir(cwd);
      }
    },
  };
}
