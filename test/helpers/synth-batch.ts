import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stage } from 'aws-cdk-lib';
import { SynthesisMessageLevel } from 'aws-cdk-lib/cx-api';

/** Makes every finding of aws-cdk-lib's built-in CloudFormation validation an error (as test/strict-validation.test.ts). */
export const STRICT_VALIDATION = { '@aws-cdk/core:strictCfnValidateErrors': true };

/** A context value a synth pass found missing (a lookup the CDK CLI would make): its key, provider and query. */
export interface MissingLookup {
  readonly key: string;
  readonly provider: string;
  readonly props: Record<string, unknown>;
}

/**
 * App settings whose absence aws-cdk-lib warns about once per App, on whichever construct comes first: in a batch that
 * would be a warning on one case for all of them. They are the app's concern (cdk.json), not a case's; set here to
 * aws-cdk-lib's default, so nothing changes but the warning.
 */
const ONCE_PER_APP = { '@aws-cdk/core:defaultCrossStackReferences': 'strong' };

/** One configuration to synthesize: it builds its stacks in a Stage of its own, which stands in for an App. */
export interface BatchCase {
  readonly id: string;
  readonly build: (stage: Stage) => void;
  /**
   * Answers the lookups of an env-specific stack, as the CDK CLI does between its two synth passes: the case is first
   * built and synthesized without context (CDK's placeholder values, e.g. zones `dummy1a`; reported as `firstPass`),
   * then built again, with the answers as context, for the validated synth.
   */
  readonly lookup?: (missing: MissingLookup) => unknown;
}

/** A warning annotation: `id` is what acknowledges it (`cdk-elasticache:<name>`, `@aws-cdk/aws-ecs:...`). */
export interface CaseWarning {
  readonly id: string;
  readonly path: string;
  readonly message: string;
}

/** What happened to one case. It synthesized cleanly when `error` is undefined and `findings` and `errors` are empty. */
export interface CaseResult {
  readonly id: string;
  /** The exception thrown while the case was built or synthesized on its own (it then took no part in validation). */
  readonly error?: string;
  /** Findings of the built-in CloudFormation validation, strict mode: `<rule> <construct path>: <description>`. */
  readonly findings: string[];
  /** Error annotations (`Annotations.of(x).addError`): `cdk synth` fails on them. */
  readonly errors: string[];
  /** Warning annotations. */
  readonly warnings: CaseWarning[];
  /** Context keys the synth recorded as missing (the CLI would look them up and synthesize again). */
  readonly missingContext: string[];
  /** With `lookup`: the first pass, without context. */
  readonly firstPass?: { readonly error?: string; readonly missingContext: string[] };
}

/** The cases' results by id, and the time the one validated synth took. */
export interface BatchResult {
  readonly results: Map<string, CaseResult>;
  readonly validationSeconds: number;
}

/**
 * Synthesizes many independent configurations at the cost of one: aws-cdk-lib's built-in CloudFormation validation
 * costs seconds per `app.synth()` however many templates it reads, so every case gets a Stage of one App, and the App
 * is synthesized once with the validation on (CDK_VALIDATION is 'false' in every other test, see test/setup-env.ts) in
 * strict mode.
 *
 * One broken case must not hide the others: each Stage is first built and synthesized on its own (a nested Stage's
 * synth skips the CloudFormation validation, which only an App runs); a case that throws there is reported and removed
 * from its Stage before the validated synth. Findings are attributed to cases by construct path or template path.
 */
export function synthBatch(cases: readonly BatchCase[], context: Record<string, unknown> = {}): BatchResult {
  const ids = cases.map((c) => c.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`two cases have the id '${duplicate}'`);

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-batch-'));
  try {
    const app = new App({ outdir, context: { ...STRICT_VALIDATION, ...ONCE_PER_APP, ...context } });
    const partial = new Map<string, Omit<CaseResult, 'findings'>>();
    const stageIds = new Map<string, string>(); // stage id -> case id
    cases.forEach((c, index) => {
      const stageId = `Case${index}`;
      stageIds.set(stageId, c.id);
      const firstPass = c.lookup ? lookupPass(c, c.lookup, outdir) : undefined;
      const stage = new Stage(app, stageId);
      for (const [key, value] of Object.entries(firstPass?.answers ?? {})) stage.node.setContext(key, value);
      const first = firstPass && { error: firstPass.error, missingContext: Object.keys(firstPass.answers) };
      try {
        c.build(stage);
        const assembly = stage.synth();
        const messages = assembly.stacksRecursively.flatMap((stack) => stack.messages);
        partial.set(c.id, {
          id: c.id,
          errors: messages.filter((m) => m.level === SynthesisMessageLevel.ERROR).map((m) => `${m.id}: ${messageText(m.entry.data)}`),
          warnings: messages
            .filter((m) => m.level === SynthesisMessageLevel.WARNING)
            .map((m) => toWarning(m.id, messageText(m.entry.data))),
          missingContext: (assembly.manifest.missing ?? []).map((m) => m.key),
          firstPass: first,
        });
      } catch (e) {
        partial.set(c.id, { id: c.id, error: errorText(e), errors: [], warnings: [], missingContext: [], firstPass: first });
        // The App's manifest already lists the Stage's nested assembly (a Stage registers it when it is created), so
        // the Stage stays, emptied and synthesized empty.
        for (const child of [...stage.node.children]) stage.node.tryRemoveChild(child.node.id);
        stage.synth({ force: true });
      }
    });

    const started = Date.now();
    const findings = validatedFindings(app, outdir);
    const validationSeconds = (Date.now() - started) / 1000;
    const results = new Map<string, CaseResult>();
    for (const c of cases) results.set(c.id, { ...partial.get(c.id)!, findings: [] });
    for (const finding of findings) {
      const caseId = stageIds.get(finding.stageId);
      if (caseId === undefined) throw new Error(`a validation finding outside every case: ${finding.text}`);
      results.get(caseId)!.findings.push(finding.text);
    }
    return { results, validationSeconds };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The CLI's first pass: the case built without context in an App of its own; the answers to what it found missing. */
function lookupPass(c: BatchCase, lookup: (missing: MissingLookup) => unknown, outdir: string) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(outdir, 'first-pass-')) });
  const stage = new Stage(app, 'FirstPass');
  try {
    c.build(stage);
    const missing = stage.synth().manifest.missing ?? [];
    const answers = Object.fromEntries(
      missing.map((m) => [m.key, lookup({ key: m.key, provider: m.provider, props: m.props as unknown as Record<string, unknown> })]),
    );
    return { answers };
  } catch (e) {
    return { error: errorText(e), answers: {} as Record<string, unknown> };
  }
}

interface Finding {
  readonly stageId: string;
  readonly text: string;
}

interface ViolatingConstruct {
  readonly constructPath?: string;
  readonly cloudFormationResource?: { readonly templatePath?: string; readonly logicalId?: string };
}

interface ValidationReport {
  readonly pluginReports: {
    readonly pluginName: string;
    readonly violations: { readonly ruleName: string; readonly description: string; readonly violatingConstructs?: ViolatingConstruct[] }[];
  }[];
}

/** Synthesizes the App with aws-cdk-lib's CloudFormation validation on, and returns every finding of its report. */
function validatedFindings(app: App, outdir: string): Finding[] {
  const previous = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  // The validation also prints its report to stderr; the report file below has all of it, attributed to cases.
  const consoleError = console.error;
  console.error = () => undefined;
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  } finally {
    process.env.CDK_VALIDATION = previous;
    console.error = consoleError;
  }
  const reportFile = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(reportFile)) {
    // No report: the validation did not run (or the synth failed before it), so nothing here was validated.
    throw new Error(`the validated synth wrote no report${error ? `: ${errorText(error)}` : ''}`);
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ValidationReport;
  const findings = report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((v) =>
      (v.violatingConstructs ?? [{}]).map((c) => ({
        stageId: stageOf(c),
        text: `${v.ruleName} ${c.constructPath ?? c.cloudFormationResource?.logicalId ?? '?'}: ${v.description} (${plugin.pluginName})`,
      })),
    ),
  );
  if (error && findings.length === 0) throw new Error(`the validated synth failed without a finding: ${errorText(error)}`);
  return findings;
}

/** The stage (first path segment) of a violating construct, from its construct path or its template's directory. */
function stageOf(c: ViolatingConstruct): string {
  if (c.constructPath) return c.constructPath.split('/')[0];
  const match = /^assembly-([^/\\]+)/.exec(c.cloudFormationResource?.templatePath ?? '');
  return match ? match[1] : '?';
}

/** An annotation's text (annotations carry strings; anything else is shown as JSON). */
function messageText(data: unknown): string {
  return typeof data === 'string' ? data : JSON.stringify(data);
}

function toWarning(constructPath: string, data: string): CaseWarning {
  const ack = /\s*\[ack: ([^\]]+)\]\s*$/.exec(data);
  return { id: ack ? ack[1] : data, path: constructPath, message: ack ? data.slice(0, ack.index) : data };
}

/** An exception as one readable text (CDK's errors carry their message; anything else is stringified). */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
