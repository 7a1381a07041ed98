// Reading review inputs: Jest .snap files (modern and legacy pretty-format), cdk.out directories, stack pairing.
import * as fs from 'fs';
import * as path from 'path';
import { saveSnapshotFile } from '@jest/snapshot-utils';
import { format } from 'pretty-format';
import { parsePrettyFormat, readSnapshotEntries } from '../../src/review/jest-snapshot';
import { pairStacks } from '../../src/review/stack-pairing';
import { loadStackTemplates } from '../../src/review/template-loader';
import { FIXTURES, baseTemplate, removeWrittenTemplates, writeTemplates } from './fixtures/variants';

afterAll(removeWrittenTemplates);

/** Jest's snapshotFormat defaults since Jest 29, and the format older snapshots were written in. */
const MODERN = { escapeString: false, printBasicPrototype: false };
const LEGACY = { escapeString: true, printBasicPrototype: true };

describe('Jest .snap input', () => {
  test('reads the template entry of a snapshot file and skips entries that are not templates', async () => {
    const stacks = await loadStackTemplates(path.join(FIXTURES, 'sample.snap'));

    expect([...stacks.keys()]).toEqual(['sample 1']);
    expect(stacks.get('sample 1')).toEqual(baseTemplate());
  });

  test('reads a legacy snapshot (Object { / Array [ prefixes, escaped strings)', async () => {
    const stacks = await loadStackTemplates(path.join(FIXTURES, 'legacy.snap'));

    expect(stacks.get('legacy sample 1')).toEqual(baseTemplate());
  });

  test('undoes the backtick escaping Jest writes into .snap files', () => {
    const dir = writeTemplates({}).dir;
    const file = path.join(dir, 'tricky.test.ts.snap');
    const value = 'a `backtick`, a ${placeholder} and a \\ backslash';
    saveSnapshotFile({ 'tricky `name` 1': `\n${format({ Resources: {}, Description: value }, MODERN)}\n` }, file);

    const entries = readSnapshotEntries(fs.readFileSync(file, 'utf8'), file);

    expect(parsePrettyFormat(entries.get('tricky `name` 1')!)).toEqual({ Resources: {}, Description: value });
  });

  test('a file that is not a snapshot is an input error', () => {
    expect(() => readSnapshotEntries('module.exports = require("fs");', 'x.snap')).toThrow(/^x\.snap: not a Jest snapshot file \(/);
  });
});

describe('parsePrettyFormat', () => {
  const tricky = {
    Resources: {
      Dashboard: {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: {
          DashboardBody: { 'Fn::Join': ['', ['{"widgets":[{"type":"metric","properties":{"region":"', { Ref: 'AWS::Region' }, '"}}]}']] },
          Description: 'ends with a quote",\n  "and": "a line that looks like the next key"',
          Empty: { List: [], Map: {} },
          Numbers: [0, -1.5, 2e21, 6379],
          Flags: [true, false, null],
          'key: with colon': 'value',
        },
      },
    },
  };

  test.each([
    ['modern', MODERN],
    ['legacy', LEGACY],
  ])('round-trips what pretty-format prints (%s format)', (_name, options) => {
    expect(parsePrettyFormat(`\n${format(tricky, options)}\n`)).toEqual(tricky);
  });

  test('a value pretty-format cannot print as data is an error that names the line', () => {
    expect(() => parsePrettyFormat('\n{\n  "id": Symbol(cache),\n}\n')).toThrow(
      'cannot read snapshot value at line 2: unsupported value (only plain JSON-like data can be read back)',
    );
  });
});

describe('cdk.out directory input', () => {
  test('takes every *.template.json, named by file name, and ignores other files', async () => {
    const out = writeTemplates({
      'StackA.template.json': baseTemplate(),
      'StackB.template.json': baseTemplate(),
      'manifest.json': { version: '48.0.0' },
      'StackA.assets.json': { files: {} },
    });

    expect([...(await loadStackTemplates(out.dir)).keys()]).toEqual(['StackA', 'StackB']);
  });

  test('a JSON file that is not a template is an input error', async () => {
    const out = writeTemplates({ 'manifest.json': { version: '48.0.0' } });

    await expect(loadStackTemplates(out['manifest.json'])).rejects.toThrow(
      /manifest\.json: not a CloudFormation template \(no "Resources" object\)$/,
    );
  });
});

describe('pairStacks', () => {
  const t = baseTemplate();

  test('pairs by name and lists the stacks only one side has', () => {
    const paired = pairStacks(
      new Map([
        ['A', t],
        ['B', t],
      ]),
      new Map([
        ['B', t],
        ['C', t],
      ]),
    );

    expect(paired.pairs.map((p) => p.name)).toEqual(['B']);
    expect(paired.onlyOld).toEqual(['A']);
    expect(paired.onlyNew).toEqual(['C']);
  });

  test('pairs one template with one template whatever their names', () => {
    const paired = pairStacks(new Map([['before', t]]), new Map([['after', t]]));

    expect(paired.pairs.map((p) => p.name)).toEqual(['before → after']);
    expect(paired.onlyOld).toEqual([]);
    expect(paired.onlyNew).toEqual([]);
  });
});
