import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The TypeScript snippets of the documentation, found the way jsii-rosetta finds them (jsii/README.md): every
 * ` ```ts ` / ` ```typescript ` block of README.md (indented ones too) and every `@example` of a doc comment in the
 * construct library's sources (lib/, less what jsii leaves out: package.json `jsii.excludeTypescript`).
 *
 * Parameters, as rosetta reads them: the words after the language (` ```ts fixture=no-imports `), an `@exampleMetadata`
 * tag, or a first line `/// fixture=...`. `fixture=<name>` uses `rosetta/<name>.ts-fixture`, `nofixture` none, and no
 * parameter the default fixture. One more, ours: `fragment` marks a snippet that is not meant to synthesize on its
 * own (it still compiles under rosetta, which ignores the word).
 */
export interface Snippet {
  /** Stable across prose edits: `README › <heading> #<n>` (n counts the heading's snippets) or `@example <Api>`. */
  readonly id: string;
  /** `README.md:<line>` or `lib/<file>.ts:<line>`: where it starts. */
  readonly location: string;
  /** The code as written. */
  readonly source: string;
  /** The rosetta fixture name; undefined for `nofixture` (a complete program). */
  readonly fixture?: string;
  /** Marked `fragment`: not synthesized. */
  readonly fragment: boolean;
}

/** A fenced block of another language that still matters: ` ```tsx ` blocks hold the runtime companion's code. */
export interface FencedBlock {
  readonly id: string;
  readonly location: string;
  readonly language: string;
  readonly params: Record<string, string>;
  readonly source: string;
}

const ROOT = path.join(__dirname, '..', '..');

/** Every fenced block of a Markdown file, with an id from its heading: `<label> › <heading> #<n>`. */
export function fencedBlocks(file = path.join(ROOT, 'README.md'), label = 'README'): FencedBlock[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const name = path.relative(ROOT, file).split(path.sep).join('/');
  const blocks: FencedBlock[] = [];
  let heading = '(top)';
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]);
    if (!open) {
      const h = /^#{1,6}\s+(.*)$/.exec(lines[i]);
      if (h) heading = h[1].replace(/`/g, '').trim();
      continue;
    }
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(lines[j])) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    const [language = '', ...params] = info
      .trim()
      .split(/\s+/)
      .filter((p) => p !== '');
    blocks.push({
      id: `${label} › ${heading}`,
      location: `${name}:${i + 1}`,
      language,
      params: keyValues(params),
      source: body.join('\n'),
    });
    i = j;
  }
  return numbered(blocks);
}

/** The README's ` ```ts ` snippets. */
export function readmeSnippets(file = path.join(ROOT, 'README.md')): Snippet[] {
  return fencedBlocks(file)
    .filter((b) => b.language === 'ts' || b.language === 'typescript')
    .map((b) => toSnippet(b.id, b.location, b.source, b.params));
}

/** The `@example`s of the construct library's doc comments. */
export function exampleSnippets(libDir = path.join(ROOT, 'lib')): Snippet[] {
  const excluded = jsiiExcludes();
  const snippets: Snippet[] = [];
  for (const file of tsFiles(libDir)) {
    const relative = path.relative(ROOT, file).split(path.sep).join('/');
    if (excluded.some((pattern) => pattern.test(relative))) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('@example')) continue;
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node, owner?: string) => {
      const name = declarationName(node);
      const api = name ? (owner ? `${owner}.${name}` : name) : owner;
      for (const doc of (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []) {
        const example = parseExample(doc.getText());
        if (!example) continue;
        const line = sourceFile.getLineAndCharacterOfPosition(doc.getStart()).line + 1 + example.lineOffset;
        snippets.push(toSnippet(`@example ${api ?? relative}`, `${relative}:${line}`, example.source, example.params));
      }
      const isContainer = ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node);
      ts.forEachChild(node, (child) => visit(child, isContainer ? name : owner));
    };
    visit(sourceFile);
  }
  return snippets;
}

/** The jsii build's `excludeTypescript` globs (package.json), as regular expressions over repository paths. */
function jsiiExcludes(): RegExp[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { jsii: { excludeTypescript: string[] } };
  return pkg.jsii.excludeTypescript.map(
    (glob) =>
      new RegExp(
        '^' +
          glob
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*\*/g, '<globstar>')
            .replace(/\*/g, '[^/]*')
            .replace(/<globstar>/g, '.*') +
          '$',
      ),
  );
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function declarationName(node: ts.Node): string | undefined {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const name = (node as { name?: ts.Node }).name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

/** The `@example` of a raw doc comment: the lines after the tag up to the next tag, and `@exampleMetadata`. */
function parseExample(comment: string): { source: string; params: Record<string, string>; lineOffset: number } | undefined {
  const lines = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''));
  const start = lines.findIndex((l) => /^\s*@example\b/.test(l));
  if (start < 0) return undefined;
  const body: string[] = [];
  const sameLine = lines[start].replace(/^\s*@example\b\s?/, '');
  if (sameLine.trim() !== '') body.push(sameLine);
  for (let i = start + 1; i < lines.length && !/^\s*@\w/.test(lines[i]); i++) body.push(lines[i]);
  const metadata = lines.find((l) => /^\s*@exampleMetadata\b/.test(l));
  const params = metadata
    ? keyValues(
        metadata
          .replace(/^\s*@exampleMetadata\b/, '')
          .trim()
          .split(/\s+/),
      )
    : {};
  return { source: body.join('\n').trim(), params, lineOffset: start + (sameLine.trim() === '' ? 1 : 0) };
}

/** rosetta's parseKeyValueList: `key=value` or a bare `key` (value ''). */
function keyValues(words: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const word of words.filter((w) => w !== '')) {
    const eq = word.indexOf('=');
    if (eq < 0) params[word] = '';
    else params[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return params;
}

function toSnippet(id: string, location: string, source: string, params: Record<string, string>): Snippet {
  // rosetta: a first line `/// key=value ...` adds parameters and is dropped from the source.
  const [first, ...rest] = source.split('\n');
  const directive = /^\s*\/{3}(?!\s*!)(.*)$/.exec(first);
  const all = directive ? { ...params, ...keyValues(directive[1].trim().split(/\s+/)) } : params;
  return {
    id,
    location,
    source: directive ? rest.join('\n') : source,
    fixture: 'nofixture' in all ? undefined : all.fixture || 'default',
    fragment: 'fragment' in all,
  };
}

/** Numbers the blocks of a heading per language (`#1`, `#2`; other languages say theirs), so prose edits keep ids. */
function numbered(blocks: FencedBlock[]): FencedBlock[] {
  const counts = new Map<string, number>();
  return blocks.map((b) => {
    const family = b.language === 'ts' || b.language === 'typescript' ? 'ts' : b.language;
    const heading = b.id;
    const key = `${heading}\u0000${family}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return { ...b, id: family === 'ts' ? `${heading} #${n}` : `${heading} (${family}) #${n}` };
  });
}

/** A snippet placed in its fixture: TypeScript source, and the names its `declare const`s need at run time. */
export interface SnippetProgram {
  /** The complete module. A fixture's class is exported as `__SnippetFixture`. */
  readonly source: string;
  /** Names declared (`declare const`) by the fixture or the snippet that the snippet uses, with their types. */
  readonly values: { readonly name: string; readonly type: string }[];
}

/**
 * Places a snippet in its fixture as rosetta does (fixtures.js `loadAndSubFixture`): the snippet's imports and
 * `declare const`s are hoisted, its statements replace `/// here`. One change makes it runnable: a `declare const`
 * (a value the snippet takes for granted) becomes a `const` at the top of the fixture's constructor, whose value
 * `__fixtureValue(this, name)` supplies, and the statements go in a block of their own below them (so a snippet may
 * declare a name the fixture declares, as it may in rosetta, where the fixture's is module-level).
 */
export function snippetProgram(snippet: Snippet, rosettaDir = path.join(ROOT, 'rosetta')): SnippetProgram {
  if (snippet.fixture === undefined) {
    const declared = declaredConsts(parse(snippet.source));
    if (declared.length > 0) {
      throw new Error(`${snippet.location}: a nofixture snippet cannot declare values (${declared.map((d) => d.name).join(', ')})`);
    }
    return { source: snippet.source, values: [] };
  }
  const fixtureFile = path.join(rosettaDir, `${snippet.fixture}.ts-fixture`);
  if (!fs.existsSync(fixtureFile)) throw new Error(`${snippet.location}: no fixture ${fixtureFile}`);
  const fixtureText = fs.readFileSync(fixtureFile, 'utf8');
  const fixture = parse(fixtureText);
  const snippetFile = parse(snippet.source);

  const hoisted: string[] = [];
  const statements: string[] = [];
  for (const statement of snippetFile.statements) {
    const text = statement.getFullText(snippetFile);
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) hoisted.push(text);
    else if (!isDeclare(statement)) statements.push(text);
  }
  const declared = [...declaredConsts(fixture), ...declaredConsts(snippetFile)];
  const own = topLevelNames(snippetFile);
  const used = identifiers(snippetFile);
  const values = declared.filter((d, i) => used.has(d.name) && !own.has(d.name) && declared.findIndex((x) => x.name === d.name) === i);

  // The fixture without its module-level `declare const`s, and the class that holds `/// here`.
  let body = fixtureText;
  for (const statement of [...fixture.statements].reverse()) {
    if (isDeclare(statement)) body = body.slice(0, statement.getFullStart()) + body.slice(statement.getEnd());
  }
  const classes = fixture.statements.filter(ts.isClassDeclaration);
  const fixtureClass = classes.find((c) => /\/{3}\s*here/.test(c.getText(fixture)))?.name?.text;
  if (!fixtureClass) throw new Error(`${fixtureFile}: no class holds '/// here'`);
  const here = /^[ \t]*\/{3}[ \t]*here[ \t]*$/m;
  if (!here.test(body)) throw new Error(`${fixtureFile}: no '/// here'`);
  const insert = [
    ...values.map((v) => `const ${v.name}: ${v.type} = __fixtureValue(this, '${v.name}');`),
    '{',
    statements.join('').replace(/^\n+/, ''),
    '}',
  ].join('\n');
  body = body.replace(here, () => insert);
  return { source: `${hoisted.join('')}\n${body}\nexport { ${fixtureClass} as __SnippetFixture };\n`, values };
}

export function parse(source: string): ts.SourceFile {
  return ts.createSourceFile('snippet.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function isDeclare(statement: ts.Statement): boolean {
  return ts.isVariableStatement(statement) && (statement.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

function declaredConsts(file: ts.SourceFile): { name: string; type: string }[] {
  return file.statements.filter(isDeclare).flatMap((s) =>
    (s as ts.VariableStatement).declarationList.declarations.map((d) => ({
      name: d.name.getText(file),
      type: d.type?.getText(file) ?? 'any',
    })),
  );
}

/** Names the snippet's own top-level statements declare. */
export function topLevelNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (isDeclare(statement)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) bindingNames(d.name, names);
    } else if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    }
  }
  return names;
}

function bindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, into);
}

/** The names a snippet's statements refer to (not property names, object keys or member names). */
export function identifiers(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && isReference(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  for (const statement of file.statements) {
    if (!isDeclare(statement) && !ts.isImportDeclaration(statement) && !ts.isImportEqualsDeclaration(statement)) visit(statement);
  }
  return names;
}

function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) return parent.getChildAt(0) === node;
  if (ts.isPropertyAssignment(parent)) return parent.initializer === node;
  if (ts.isBindingElement(parent)) return parent.propertyName !== node;
  if (
    ts.isPropertyDeclaration(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isMethodSignature(parent) ||
    ts.isGetAccessor(parent) ||
    ts.isSetAccessor(parent) ||
    ts.isEnumMember(parent)
  ) {
    return parent.name !== node;
  }
  return true;
}

/** The names a module's import declarations bind. */
export function importedNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
    const clause = statement.importClause;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

/** Transpiles a program to CommonJS (types are rosetta's job: `npm run jsii:check -- --rosetta`). */
export function transpile(source: string, fileName: string): string {
  const output = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new Error(`${fileName}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
  }
  return output.outputText;
}
