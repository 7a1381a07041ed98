import * as vm from 'vm';

/**
 * Reads the entries of a Jest `.snap` file, so a reviewer can diff committed template snapshots without running Jest.
 *
 * A `.snap` file is a CommonJS module of `exports[`name`] = `...`;` assignments whose template literals Jest escaped
 * (backtick, backslash, `${`). Evaluating it is the only exact way to undo that escaping. It runs in a fresh `vm`
 * context that offers nothing but an `exports` object (no `require`, no `process`) and a timeout. `vm` is not a
 * security boundary, but a `.snap` file is repository content that `jest` already executes the same way.
 */
export function readSnapshotEntries(source: string, fileName: string): Map<string, string> {
  const exportsObject: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  try {
    vm.runInNewContext(source, { exports: exportsObject }, { filename: fileName, timeout: 1000 });
  } catch (err) {
    throw new Error(`${fileName}: not a Jest snapshot file (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const entries = new Map<string, string>();
  for (const [name, value] of Object.entries(exportsObject)) {
    if (typeof value === 'string') {
      entries.set(name, value);
    }
  }
  return entries;
}

/**
 * Parses one snapshot entry, as Jest's pretty-format printed it, back into a plain value.
 *
 * Why not "strip `Object {`, drop trailing commas, JSON.parse": Jest ≥ 29 prints strings with `escapeString: false`,
 * so a string holding a quote or a newline (a dashboard body, an inline policy fragment of an `Fn::Join`) is printed
 * verbatim and is not valid JSON. pretty-format's layout is strict, though: one entry per line, two spaces of indent
 * per level, every entry ending in `,` + newline. So a string ends at the first `"` followed by `,` + newline and a line
 * that starts the next entry at the same indent or closes the container. A string would have to contain exactly that
 * sequence to be misread.
 *
 * The legacy format (`printBasicPrototype: true`, which printed `Object {` / `Array [`) went with `escapeString: true`
 * in every Jest default that used it, so when the prefixes are present, `\"` and `\\` are unescaped as well.
 */
export function parsePrettyFormat(text: string): unknown {
  const body = text.replace(/^\n/, '').replace(/\n$/, '');
  const parser = new PrettyFormatParser(body, /^(?:Object \{|Array \[)/.test(body));
  return parser.parseDocument();
}

const LEADING_SPACES = / */y;

/** Recursive-descent reader over pretty-format's indented layout; `indent` is the column of the current entry. */
class PrettyFormatParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly legacyEscapes: boolean,
  ) {}

  parseDocument(): unknown {
    const value = this.parseValue(0);
    if (this.pos !== this.text.length) {
      this.fail('unexpected text after the value');
    }
    return value;
  }

  private parseValue(indent: number): unknown {
    const prefix = /^(?:Object |Array )/.exec(this.text.slice(this.pos, this.pos + 7));
    if (prefix) {
      this.pos += prefix[0].length;
    }
    switch (this.text[this.pos]) {
      case '{':
        return this.parseContainer(
          indent,
          '}',
          (entries) => {
            // defineProperty: a key such as `__proto__` must become data, not change the object's prototype.
            const key = this.parseKey();
            Object.defineProperty(entries, key, {
              value: this.parseValue(indent + 2),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          },
          {},
        );
      case '[':
        return this.parseContainer(
          indent,
          ']',
          (items) => {
            items.push(this.parseValue(indent + 2));
          },
          [] as unknown[],
        );
      case '"':
        return this.parseString(indent);
      default:
        return this.parseLiteral();
    }
  }

  /** `{}` / `[]`, or an opening bracket, one entry a line at `indent + 2`, and the closing bracket at `indent`. */
  private parseContainer<T>(indent: number, close: string, readEntry: (into: T) => void, into: T): T {
    this.pos += 1;
    if (this.text[this.pos] === close) {
      this.pos += 1;
      return into;
    }
    this.expect('\n');
    const closingLine = ' '.repeat(indent) + close;
    const entryIndent = ' '.repeat(indent + 2);
    while (!this.text.startsWith(closingLine, this.pos)) {
      this.expect(entryIndent);
      readEntry(into);
      this.expect(',\n');
    }
    this.pos += closingLine.length;
    return into;
  }

  private parseKey(): string {
    this.expect('"');
    const end = this.text.indexOf('": ', this.pos);
    if (end < 0) {
      this.fail('unterminated key');
    }
    const key = this.unescape(this.text.slice(this.pos, end));
    this.pos = end + 3;
    return key;
  }

  private parseString(indent: number): string {
    const start = this.pos + 1;
    for (let quote = this.text.indexOf('"', start); quote >= 0; quote = this.text.indexOf('"', quote + 1)) {
      if (this.endsValue(quote + 1, indent)) {
        this.pos = quote + 1;
        return this.unescape(this.text.slice(start, quote));
      }
    }
    return this.fail('unterminated string');
  }

  /** Whether `at` is where a value at `indent` ends: end of text, or `,\n` then a sibling entry or the closing line. */
  private endsValue(at: number, indent: number): boolean {
    if (indent === 0) {
      return at === this.text.length;
    }
    if (!this.text.startsWith(',\n', at)) {
      return false;
    }
    LEADING_SPACES.lastIndex = at + 2;
    const lead = LEADING_SPACES.exec(this.text)![0].length;
    const nextChar = this.text[at + 2 + lead];
    const sibling = lead === indent && nextChar !== undefined;
    const closing = lead === indent - 2 && (nextChar === '}' || nextChar === ']');
    return sibling || closing;
  }

  private parseLiteral(): unknown {
    const match = /^(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|null|undefined|NaN|-?Infinity)/.exec(
      this.text.slice(this.pos, this.pos + 40),
    );
    if (!match) {
      return this.fail('unsupported value (only plain JSON-like data can be read back)');
    }
    this.pos += match[0].length;
    const token = match[0];
    if (token === 'undefined') {
      return undefined;
    }
    return token === 'true' ? true : token === 'false' ? false : token === 'null' ? null : Number(token);
  }

  private unescape(raw: string): string {
    return this.legacyEscapes ? raw.replace(/\\(["\\])/g, '$1') : raw;
  }

  private expect(literal: string): void {
    if (!this.text.startsWith(literal, this.pos)) {
      this.fail(`expected ${JSON.stringify(literal)}`);
    }
    this.pos += literal.length;
  }

  private fail(message: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    throw new Error(`cannot read snapshot value at line ${line}: ${message}`);
  }
}
