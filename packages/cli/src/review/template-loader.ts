import { promises as fs } from 'fs';
import * as path from 'path';
import { parsePrettyFormat, readSnapshotEntries } from './jest-snapshot';

/** A CloudFormation template as JSON: only `Resources` is inspected, the rest is passed to cloudformation-diff. */
export interface CfnTemplate {
  readonly Resources?: Record<string, unknown>;
  readonly [section: string]: unknown;
}

/** The templates one review input holds, keyed by the name used to pair them with the other input. */
export type StackTemplates = Map<string, CfnTemplate>;

const TEMPLATE_SUFFIX = '.template.json';

/**
 * Loads every stack template a review input holds. The input kind follows the path:
 * - a directory: a cdk.out, every `*.template.json` in it, named by file name without the suffix (nested assemblies
 *   of CDK stages live in `assembly-*` subdirectories; point the reviewer at those directly);
 * - a `*.snap` file: every Jest snapshot entry that holds a template (an object with `Resources`), named by entry;
 * - any other file: one JSON template, named by file name without `.template.json` / `.json`.
 *
 * Throws an Error with a one-line message for a missing path, unreadable JSON, or an input without templates.
 */
export async function loadStackTemplates(inputPath: string): Promise<StackTemplates> {
  const stat = await fs.stat(inputPath).catch(() => {
    throw new Error(`${inputPath}: no such file or directory`);
  });
  if (stat.isDirectory()) {
    return loadAssemblyDirectory(inputPath);
  }
  const text = await fs.readFile(inputPath, 'utf8');
  if (inputPath.endsWith('.snap')) {
    return loadSnapshotFile(text, inputPath);
  }
  return new Map([[stackNameOf(inputPath), parseTemplateJson(text, inputPath)]]);
}

async function loadAssemblyDirectory(dir: string): Promise<StackTemplates> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(TEMPLATE_SUFFIX)).sort();
  if (files.length === 0) {
    throw new Error(`${dir}: no *${TEMPLATE_SUFFIX} files (expected a cdk.out directory)`);
  }
  const templates: StackTemplates = new Map();
  for (const file of files) {
    const filePath = path.join(dir, file);
    templates.set(stackNameOf(file), parseTemplateJson(await fs.readFile(filePath, 'utf8'), filePath));
  }
  return templates;
}

function loadSnapshotFile(text: string, filePath: string): StackTemplates {
  const templates: StackTemplates = new Map();
  for (const [name, printed] of readSnapshotEntries(text, filePath)) {
    const value = parsePrettyFormat(printed);
    if (isTemplate(value)) {
      templates.set(name, value);
    }
  }
  if (templates.size === 0) {
    throw new Error(`${filePath}: no snapshot entry holds a CloudFormation template (an object with "Resources")`);
  }
  return templates;
}

function parseTemplateJson(text: string, filePath: string): CfnTemplate {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${filePath}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  if (!isTemplate(value)) {
    throw new Error(`${filePath}: not a CloudFormation template (no "Resources" object)`);
  }
  return value;
}

function isTemplate(value: unknown): value is CfnTemplate {
  const resources = (value as CfnTemplate | null)?.Resources;
  return typeof value === 'object' && value !== null && typeof resources === 'object' && resources !== null;
}

function stackNameOf(filePath: string): string {
  const base = path.basename(filePath);
  return base.endsWith(TEMPLATE_SUFFIX) ? base.slice(0, -TEMPLATE_SUFFIX.length) : base.replace(/\.json$/, '');
}
