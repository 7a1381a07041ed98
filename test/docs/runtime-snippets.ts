import * as path from 'path';
import * as ts from 'typescript';
import { Snippet, fencedBlocks, identifiers, importedNames, parse, topLevelNames, transpile } from './snippets';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The runtime companion's snippets: the README's ` ```tsx ` blocks (TypeScript-only code is kept out of ` ```ts `, which
 * rosetta translates into every CDK language) and the ` ```ts ` / ` ```tsx ` blocks of packages/runtime/README.md,
 * which is not a jsii package's README. `fragment` marks one that is not meant to run, as for construct snippets.
 */
export function runtimeSnippets(): Snippet[] {
  const root = fencedBlocks(path.join(ROOT, 'README.md'), 'README').filter((b) => b.language === 'tsx');
  const runtime = fencedBlocks(path.join(ROOT, 'packages', 'runtime', 'README.md'), 'runtime README').filter(
    (b) => b.language === 'ts' || b.language === 'typescript' || b.language === 'tsx',
  );
  return [...root, ...runtime].map((b) => ({ id: b.id, location: b.location, source: b.source, fragment: 'fragment' in b.params }));
}

/**
 * What the runtime snippets take for granted, as the rosetta fixtures are for construct snippets: a declaration for
 * the type check, and (for values) the name the test passes a value under. A snippet uses `redis` from the one before
 * it in the README's narrative, loads from an application's `db` or `table`, and so on.
 */
export const RUNTIME_PRELUDE: Record<string, string> = {
  redis: "declare const redis: import('cdk-elasticache-runtime').CacheClient;",
  UserProfile: 'interface UserProfile { readonly id: string; readonly name: string }',
  db: 'declare const db: { queryUserProfile(id: string): Promise<UserProfile> };',
  userId: 'declare const userId: string;',
  Item: 'interface Item { readonly id: string }',
  table: 'declare const table: { get(id: string): Promise<Item> };',
  id: 'declare const id: string;',
  Job: 'interface Job { readonly imageId: string }',
  imageId: 'declare const imageId: string;',
  resize: 'declare function resize(imageId: string): Promise<void>;',
};

/** A runtime snippet as a module: its imports, the prelude it needs, and its statements in `export async function __run()`. */
export interface RuntimeProgram {
  readonly source: string;
  /** Prelude names the snippet uses (values are passed under these names). */
  readonly uses: string[];
}

/**
 * Places a runtime snippet in the runtime fixture: like rosetta's default fixture for the constructs, every export of
 * `cdk-elasticache-runtime` is in scope (the README's snippets continue one another and import once), the prelude
 * declares what the snippet takes for granted, and the statements run in an async function (top-level await).
 */
export function runtimeProgram(snippet: Snippet, runtimeExports: readonly string[]): RuntimeProgram {
  const file = parse(snippet.source);
  const imports: string[] = [];
  const statements: string[] = [];
  for (const statement of file.statements) {
    (ts.isImportDeclaration(statement) ? imports : statements).push(statement.getFullText(file));
  }
  const own = new Set([...topLevelNames(file), ...importedNames(file)]);
  const used = identifiers(file);
  // A type the snippet names (UserProfile) is a reference too: take every prelude entry it mentions.
  const uses = Object.keys(RUNTIME_PRELUDE).filter((name) => used.has(name) && !own.has(name));
  const declarations = new Set(uses);
  // Declarations refer to each other (db returns UserProfile).
  for (const name of uses)
    for (const other of Object.keys(RUNTIME_PRELUDE)) if (RUNTIME_PRELUDE[name].includes(other)) declarations.add(other);
  const returned = [...topLevelNames(file)];
  const implicit = runtimeExports.filter((name) => used.has(name) && !own.has(name));
  return {
    source: [
      ...imports.map((i) => i.trim()),
      ...(implicit.length > 0 ? [`import { ${implicit.join(', ')} } from 'cdk-elasticache-runtime';`] : []),
      ...[...declarations].filter((name) => !own.has(name)).map((name) => RUNTIME_PRELUDE[name]),
      'export async function __run() {',
      statements.join('').replace(/^\n+/, ''),
      `  return { ${returned.join(', ')} };`,
      '}',
      '',
    ].join('\n'),
    uses,
  };
}

/**
 * Type-checks runtime programs against the runtime's sources (one ts.Program, the repository's compiler options):
 * an option renamed in the runtime but not in the README fails here, where running it would ignore the option.
 * Returns the diagnostics per snippet id.
 */
export function typeCheck(programs: { id: string; source: string }[]): Map<string, string[]> {
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const config = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = { ...config.options, noUnusedLocals: false, noEmit: true, types: ['node'] };
  const files = new Map(programs.map((p, i) => [path.join(ROOT, 'test', 'docs', `__runtime_snippet_${i}.ts`), p]));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => files.get(f)?.source ?? readFile(f);
  host.fileExists = (f) => files.has(f) || ts.sys.fileExists(f);
  host.getSourceFile = (f, languageVersion, onError) =>
    files.has(f) ? ts.createSourceFile(f, files.get(f)!.source, languageVersion, true) : getSourceFile(f, languageVersion, onError);
  const program = ts.createProgram([...files.keys()], options, host);
  const result = new Map<string, string[]>(programs.map((p) => [p.id, []]));
  for (const [fileName, p] of files) {
    const sourceFile = program.getSourceFile(fileName)!;
    for (const d of [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) {
      const line = d.start !== undefined ? sourceFile.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      result.get(p.id)!.push(`line ${line} of the program: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return result;
}

/** What running a snippet left behind: its top-level values, and the process signal handlers it registered. */
export interface RuntimeRun {
  readonly values: Record<string, unknown>;
  readonly signalHandlers: { event: string; handler: (...args: unknown[]) => unknown }[];
}

/**
 * Runs a runtime program: `cdk-elasticache-runtime` is this checkout's packages/runtime/src; `values` supplies the
 * prelude names; `process.on` is recorded, not registered (the caller runs the handlers, e.g. a SIGTERM shutdown).
 */
export async function runRuntimeProgram(
  snippet: Snippet,
  program: RuntimeProgram,
  values: Record<string, unknown>,
  requireModule: (id: string) => unknown,
): Promise<RuntimeRun> {
  const js = transpile(program.source, snippet.location.replace(/:\d+$/, '.snippet.ts'));
  const signalHandlers: RuntimeRun['signalHandlers'] = [];
  const processShadow = Object.create(process) as NodeJS.Process;
  processShadow.on = ((event: string, handler: (...args: unknown[]) => unknown) => {
    signalHandlers.push({ event, handler });
    return processShadow;
  }) as NodeJS.Process['on'];
  const module = { exports: {} as Record<string, unknown> };
  const names = program.uses;
  // The snippet is the code under test, run in this test's realm.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function('require', 'module', 'exports', 'process', ...names, `${js}\n//# sourceURL=${snippet.location}`) as (
    ...args: unknown[]
  ) => void;
  run(requireModule, module, module.exports, processShadow, ...names.map((n) => values[n]));
  const result = await (module.exports.__run as () => Promise<Record<string, unknown>>)();
  return { values: result, signalHandlers };
}
