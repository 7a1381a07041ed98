/**
 * jsii check of the construct library, which is a jsii package (issue 16, Architecture 1.0): its `.jsii` assembly is
 * what Python, Java, .NET and Go users and Construct Hub get.
 *
 *   npm ci --prefix jsii                      # once: jsii-rosetta, jsii-docgen, jsii-pacmak (jsii/package-lock.json)
 *   npx tsx scripts/jsii-check.ts             # jsii compile of this package (warnings fail) + the API-surface rules below
 *   npx tsx scripts/jsii-check.ts --rosetta   # also: every README / @example `ts` snippet compiles (jsii-rosetta --strict)
 *   npx tsx scripts/jsii-check.ts --pacmak    # also: jsii-pacmak generates the Python, Java, .NET and Go bindings
 *   npx tsx scripts/jsii-check.ts --docs      # also: API.md with jsii-docgen
 *   npx tsx scripts/jsii-check.ts --control   # self-test: a union-typed prop injected into a staged copy must fail
 *
 * The compile is the package's own build (`jsii`, configured by the "jsii" section of package.json): the check runs on
 * the package users install, not on a copy. Only the control stages a copy (lib/, README.md, package.json), because it
 * edits a source file.
 *
 * jsii accepts some TypeScript that the project's API conventions forbid or that other languages silently lose, so
 * the API surface is also checked with the TypeScript compiler:
 * - unions (`A | B`, `'a' | 'b'`) in public members: jsii 6 accepts `A | B` and turns a literal union into `string`;
 * - exports of lib/index.ts that are not a class, interface or enum (functions, consts, type aliases): jsii skips
 *   them, so they exist in TypeScript only;
 * - overloaded methods: jsii keeps only the first signature;
 * - public types, members and enum members without a doc comment (awslint's docs rule; a member documented by the
 *   interface member it implements or the base member it overrides counts as documented).
 *
 * jsii-pacmak runs with --code-only: building the Python wheel, the Maven artifact, the NuGet package and the Go module
 * needs those languages' registries, which this project's machines cannot reach. The generated sources are checked to
 * exist (and the Python module to parse).
 *
 * Options: --keep (keep the control's staging directory and the pacmak output), --allow-warnings,
 * --write-api-md FILE (write the jsii-docgen API reference there), --verify-api-md FILE (fail when it is stale).
 * Exit status: 0 when everything passes (with --control: when the injected union is caught), 1 otherwise.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const TOOLING = path.join(ROOT, 'jsii');
/** TypeScript-only parts of lib/ (excluded from the jsii compile by package.json's jsii.excludeTypescript). */
const TS_ONLY = ['lib/sample', 'lib/auth/rotation'];
/** The jsii-pacmak targets and a file each must generate. */
const PACMAK_TARGETS: Record<string, string> = {
  python: 'python/src/cdk_elasticache/__init__.py',
  java: 'java/pom.xml',
  dotnet: 'dotnet/CdkElastiCache/CdkElastiCache.csproj',
  go: 'go/cdkelasticache/go.mod',
};
const CONTROL_PROP = 'jsiiCheckControlUnion';

interface Options {
  readonly rosetta: boolean;
  readonly docs: boolean;
  readonly control: boolean;
  readonly keep: boolean;
  readonly allowWarnings: boolean;
  readonly pacmak: boolean;
  /** Write the generated API reference to this file (implies docs). */
  readonly writeApiMd?: string;
  /** Fail when this committed API reference differs from a fresh one (implies docs). */
  readonly verifyApiMd?: string;
}

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
  readonly message: string;
}

function parseArgs(argv: string[]): Options {
  const flags = new Set(argv.filter((arg) => arg.startsWith('--')));
  const valueOf = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index >= 0 ? path.resolve(ROOT, argv[index + 1] ?? '') : undefined;
  };
  const known = ['--rosetta', '--docs', '--pacmak', '--control', '--keep', '--allow-warnings', '--write-api-md', '--verify-api-md'];
  const unknown = [...flags].filter((flag) => !known.includes(flag));
  if (unknown.length > 0) throw new Error(`unknown option(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const writeApiMd = valueOf('--write-api-md');
  const verifyApiMd = valueOf('--verify-api-md');
  return {
    rosetta: flags.has('--rosetta'),
    docs: flags.has('--docs') || writeApiMd !== undefined || verifyApiMd !== undefined,
    control: flags.has('--control'),
    writeApiMd,
    verifyApiMd,
    keep: flags.has('--keep'),
    allowWarnings: flags.has('--allow-warnings'),
    pacmak: flags.has('--pacmak'),
  };
}

function toolBin(name: string): string {
  // jsii itself is the package's build tool (a root devDependency); the other tools are CI-only (jsii/).
  const bin = path.join(name === 'jsii' ? ROOT : TOOLING, 'node_modules', '.bin', name);
  if (!fs.existsSync(bin)) throw new Error(`${name} is not installed: run 'npm ci --prefix jsii' first (see jsii/README.md)`);
  return bin;
}

/** Copies the construct sources (every lib/**\/*.ts outside TS_ONLY) into the staging directory. */
function copyConstructSources(stage: string): number {
  let count = 0;
  const walk = (relative: string): void => {
    if (TS_ONLY.includes(relative)) return;
    for (const entry of fs.readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        fs.mkdirSync(path.join(stage, relative), { recursive: true });
        fs.copyFileSync(path.join(ROOT, child), path.join(stage, child));
        count++;
      }
    }
  };
  walk('lib');
  return count;
}

function stagePackage(stage: string): void {
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(stage, 'package.json'));
}

function stageProject(stage: string): number {
  for (const entry of [
    'lib',
    'out',
    'dist',
    'rosetta',
    '.jsii',
    '.jsii.tabl.json',
    'tsconfig.json',
    'package.json',
    'README.md',
    'API.md',
  ]) {
    fs.rmSync(path.join(stage, entry), { recursive: true, force: true });
  }
  fs.mkdirSync(stage, { recursive: true });
  const count = copyConstructSources(stage);
  fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(stage, 'README.md'));
  fs.mkdirSync(path.join(stage, 'rosetta'));
  for (const fixture of fs.readdirSync(path.join(ROOT, 'rosetta'))) {
    fs.copyFileSync(path.join(ROOT, 'rosetta', fixture), path.join(stage, 'rosetta', fixture));
  }
  stagePackage(stage);
  const link = path.join(stage, 'node_modules');
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(ROOT, 'node_modules'), link, 'dir');
  return count;
}

/** The control case: a union-typed prop in ReplicationGroupProps, in the staged copy only. */
function injectControl(stage: string): void {
  const file = path.join(stage, 'lib', 'replication-group', 'props.ts');
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const props = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'ReplicationGroupProps',
  );
  if (!props) throw new Error('control: ReplicationGroupProps not found in lib/replication-group/props.ts');
  const end = props.getEnd() - 1; // the closing brace
  const prop = `\n  /**\n   * Control case of scripts/jsii-check.ts: a union-typed prop.\n   * @default - none\n   */\n  readonly ${CONTROL_PROP}?: number | string;\n`;
  fs.writeFileSync(file, text.slice(0, end) + prop + text.slice(end));
}

const JSII_ENV = {
  ...process.env,
  // jsii 6 prints a large banner on Node 20 (end of jsii support); the project runs on Node 20.
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
  JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
  JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION: '1',
};

/** Runs a tool in the staging directory; its output is printed when it ends, so parallel steps do not interleave. */
function run(label: string, command: string, args: string[], cwd: string): Promise<{ ok: boolean; seconds: number; output: string }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: JSII_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const seconds = (Date.now() - started) / 1000;
      const header = `$ ${path.relative(ROOT, command)} ${args.join(' ')}   (${label}, ${seconds.toFixed(1)} s, exit ${status})`;
      resolve({ ok: status === 0, seconds, output: `\n${header}\n${Buffer.concat(chunks).toString('utf8').trimEnd()}` });
    });
  });
}

function isInternal(declaration: ts.Declaration, name: string): boolean {
  if (name.startsWith('_')) return true;
  if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Private) return true;
  return ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'internal');
}

/** Describes a union in `type` that jsii would accept or collapse; undefined for optional, boolean and enum types. */
function unionIn(type: ts.Type, checker: ts.TypeChecker, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  if (type.isUnion()) {
    const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)));
    if (parts.length === 1) return unionIn(parts[0], checker, depth + 1);
    if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return undefined;
    if (
      parts.every((t) => t.flags & ts.TypeFlags.EnumLiteral) &&
      new Set(parts.map((t) => checker.getBaseTypeOfLiteralType(t))).size === 1
    ) {
      return undefined;
    }
    return parts.map((t) => checker.typeToString(t)).join(' | ');
  }
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return element ? unionIn(element, checker, depth + 1) : undefined;
  }
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  return index ? unionIn(index.type, checker, depth + 1) : undefined;
}

/** The TypeScript-level rules over the staged API surface (see the header). */
function checkSurface(stage: string): Finding[] {
  const entry = path.join(stage, 'lib', 'index.ts');
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const libDir = path.join(stage, 'lib') + path.sep;
  const findings: Finding[] = [];
  const add = (node: ts.Node, rule: string, message: string): void => {
    const source = node.getSourceFile();
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart());
    findings.push({ file: path.relative(stage, source.fileName), line: line + 1, column: character + 1, rule, message });
  };
  const inLib = (declaration: ts.Declaration): boolean => path.resolve(declaration.getSourceFile().fileName).startsWith(libDir);

  const checkSignature = (owner: string, declaration: ts.SignatureDeclaration): void => {
    const signature = checker.getSignatureFromDeclaration(declaration);
    if (!signature) return;
    for (const parameter of signature.getParameters()) {
      const union = unionIn(checker.getTypeOfSymbolAtLocation(parameter, declaration), checker);
      const node = parameter.valueDeclaration ?? declaration;
      if (union) add(node, 'union', `parameter '${parameter.name}' of ${owner} has the union type '${union}'`);
    }
    const union = unionIn(checker.getReturnTypeOfSignature(signature), checker);
    if (union && !ts.isConstructorDeclaration(declaration)) add(declaration, 'union', `${owner} returns the union type '${union}'`);
  };

  const checkMembers = (typeName: string, type: ts.Type, isStatic: boolean): void => {
    for (const member of checker.getPropertiesOfType(type)) {
      if (isStatic && member.name === 'prototype') continue;
      const declarations = (member.getDeclarations() ?? []).filter(inLib);
      const first = declarations[0];
      if (!first || isInternal(first, member.name)) continue;
      const owner = `${typeName}.${member.name}`;
      // awslint's docs rule: every public member is documented, itself or by the member it implements or overrides.
      if (member.getDocumentationComment(checker).length === 0) add(first, 'docs', `${owner} has no doc comment`);
      const signatures = declarations.filter(
        (d): d is ts.MethodDeclaration | ts.MethodSignature => ts.isMethodDeclaration(d) || ts.isMethodSignature(d),
      );
      if (signatures.length > 0) {
        // Overloads are the declarations without a body; an implementation with a body follows them in a class.
        const overloads = signatures.filter((d) => !(ts.isMethodDeclaration(d) && d.body));
        if (overloads.length > 1) {
          add(first, 'overload', `${owner} is overloaded: jsii keeps only its first signature; use distinct method names`);
        }
        for (const signature of overloads.length > 0 ? overloads : signatures) checkSignature(owner, signature);
        continue;
      }
      const union = unionIn(checker.getTypeOfSymbolAtLocation(member, first), checker);
      if (union) add(first, 'union', `${owner} has the union type '${union}'`);
    }
  };

  const entryModule = checker.getSymbolAtLocation(program.getSourceFile(entry)!);
  if (!entryModule) throw new Error(`cannot read the exports of ${entry}`);
  for (const exported of checker.getExportsOfModule(entryModule)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.getDeclarations()?.[0];
    if (!declaration) continue;
    if (symbol.getDocumentationComment(checker).length === 0) {
      add(ts.getNameOfDeclaration(declaration) ?? declaration, 'docs', `${symbol.name} has no doc comment`);
    }
    if (ts.isEnumDeclaration(declaration)) {
      for (const member of declaration.members) {
        const memberSymbol = checker.getSymbolAtLocation(member.name);
        if (memberSymbol && memberSymbol.getDocumentationComment(checker).length === 0) {
          add(member, 'docs', `${symbol.name}.${member.name.getText()} has no doc comment`);
        }
      }
    }
    if (ts.isClassDeclaration(declaration)) {
      checkMembers(symbol.name, checker.getDeclaredTypeOfSymbol(symbol), false);
      checkMembers(symbol.name, checker.getTypeOfSymbolAtLocation(symbol, declaration), true);
      for (const ctor of declaration.members.filter(ts.isConstructorDeclaration)) {
        if (!isInternal(ctor, 'constructor')) checkSignature(`new ${symbol.name}()`, ctor);
      }
    } else if (ts.isInterfaceDeclaration(declaration)) {
      checkMembers(symbol.name, checker.getDeclaredTypeOfSymbol(symbol), false);
    } else if (!ts.isEnumDeclaration(declaration) && !ts.isModuleDeclaration(declaration)) {
      const kind = ts.isFunctionDeclaration(declaration)
        ? 'function'
        : ts.isVariableDeclaration(declaration)
          ? 'const'
          : ts.isTypeAliasDeclaration(declaration)
            ? 'type alias'
            : ts.SyntaxKind[declaration.kind];
      add(
        ts.getNameOfDeclaration(declaration) ?? declaration,
        'ts-only-export',
        `lib/index.ts exports the ${kind} '${exported.name}', which jsii skips (only classes, interfaces and enums reach other languages): stop re-exporting it, or make it a static method of a class`,
      );
    }
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** The control: stage a copy with a union-typed prop and expect the API-surface rules to catch it. */
function runControl(options: Options): void {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-jsii-'));
  const files = stageProject(stage);
  injectControl(stage);
  console.log(`staged ${files} construct source files (lib/ without ${TS_ONLY.join(', ')}) in ${stage}`);
  const findings = checkSurface(stage);
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column} - error JSII-CHECK(${f.rule}): ${f.message}`);
  if (options.keep) console.log(`staging directory kept: ${stage}`);
  else fs.rmSync(stage, { recursive: true, force: true });
  const caught = findings.some((f) => f.message.includes(CONTROL_PROP));
  console.log(
    caught
      ? `control: OK, the union-typed prop '${CONTROL_PROP}' was caught`
      : `control: FAILED, the union-typed prop '${CONTROL_PROP}' was not caught`,
  );
  process.exitCode = caught ? 0 : 1;
}

/** jsii-pacmak --code-only for every target; checks each generated its entry file (and the Python module parses). */
async function runPacmak(options: Options, timings: string[]): Promise<boolean> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-pacmak-'));
  const targets = Object.keys(PACMAK_TARGETS);
  const pacmak = await run('bindings', toolBin('jsii-pacmak'), ['--code-only', '--targets', targets.join(','), '-o', out], ROOT);
  console.log(pacmak.output);
  timings.push(`jsii-pacmak ${pacmak.seconds.toFixed(1)} s`);
  let ok = pacmak.ok;
  for (const [target, file] of Object.entries(PACMAK_TARGETS)) {
    const exists = fs.existsSync(path.join(out, file));
    console.log(`${target}: ${exists ? 'generated' : 'MISSING'} ${file}`);
    ok &&= exists;
  }
  const python = path.join(out, PACMAK_TARGETS.python);
  if (fs.existsSync(python)) {
    const parse = await run('python parse', 'python3', ['-c', `import ast,sys; ast.parse(open(sys.argv[1]).read())`, python], ROOT);
    console.log(`python: the generated module ${parse.ok ? 'parses' : 'does NOT parse'}`);
    ok &&= parse.ok;
  }
  if (options.keep) console.log(`bindings kept: ${out}`);
  else fs.rmSync(out, { recursive: true, force: true });
  return ok;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.control) return runControl(options);
  const started = Date.now();
  const timings: string[] = [];

  // jsii and the surface rules each parse aws-cdk-lib's declarations (most of their time): run them side by side.
  const compiling = run(
    'jsii compile',
    toolBin('jsii'),
    ['--generate-tsconfig', 'tsconfig.jsii.json', ...(options.allowWarnings ? [] : ['--fail-on-warnings'])],
    ROOT,
  );
  const surfaceStarted = Date.now();
  const findings = checkSurface(ROOT);
  const surfaceSeconds = (Date.now() - surfaceStarted) / 1000;
  const compile = await compiling;
  console.log(compile.output);
  timings.push(`jsii compile ${compile.seconds.toFixed(1)} s`, `API-surface rules ${surfaceSeconds.toFixed(1)} s (in parallel)`);
  console.log(`\nAPI-surface rules: ${findings.length} finding(s)`);
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column} - error JSII-CHECK(${f.rule}): ${f.message}`);

  let ok = compile.ok && findings.length === 0;
  const needsAssembly = (tool: string): void => console.log(`\n${tool} skipped: it needs the .jsii assembly, which jsii did not write`);
  if (options.rosetta) {
    if (compile.ok) {
      const rosetta = await run('examples compile', toolBin('jsii-rosetta'), ['extract', '--strict', '.jsii'], ROOT);
      console.log(rosetta.output);
      timings.push(`jsii-rosetta extract ${rosetta.seconds.toFixed(1)} s`);
      ok &&= rosetta.ok;
    } else needsAssembly('jsii-rosetta');
  }
  if (options.pacmak) {
    if (compile.ok) ok = (await runPacmak(options, timings)) && ok;
    else needsAssembly('jsii-pacmak');
  }
  if (options.docs) {
    if (compile.ok) {
      const generated = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-docgen-')), 'API.md');
      const docs = await run('API reference', toolBin('jsii-docgen'), ['-l', 'typescript', '-o', generated], ROOT);
      console.log(docs.output);
      timings.push(`jsii-docgen ${docs.seconds.toFixed(1)} s`);
      ok &&= docs.ok;
      if (docs.ok && options.writeApiMd) {
        fs.mkdirSync(path.dirname(options.writeApiMd), { recursive: true });
        fs.copyFileSync(generated, options.writeApiMd);
        console.log(`API reference written to ${path.relative(ROOT, options.writeApiMd)}`);
      }
      if (docs.ok && options.verifyApiMd) {
        const current = fs.existsSync(options.verifyApiMd) ? fs.readFileSync(options.verifyApiMd, 'utf8') : '';
        const fresh = current === fs.readFileSync(generated, 'utf8');
        console.log(
          fresh
            ? `API reference ${path.relative(ROOT, options.verifyApiMd)} is current`
            : `API reference ${path.relative(ROOT, options.verifyApiMd)} is stale: run npm run docs:api and commit it`,
        );
        ok &&= fresh;
      }
    } else needsAssembly('jsii-docgen');
  }

  console.log(`\n${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(ok ? 'jsii check: passed' : 'jsii check: FAILED');
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
