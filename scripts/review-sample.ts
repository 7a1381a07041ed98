// `npm run review [-- --allow-replacement <logicalId>]...`: reviews what deploying the sample app as it is now would
// replace or delete, relative to the committed Jest snapshot of its template. Exits with the reviewer's code (0 safe,
// 1 usage/input error, 2 data loss, 3 replaced, 4 may be replaced, 5 an update the service rejects), so it can gate a PR.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSampleApp, SAMPLE_STACK_ID } from '../bin/sample-app-factory';
import { parseReviewArgs, reviewAndReport, UsageError } from '../packages/cli/src/cli/review-command';
import { loadStackTemplates, type CfnTemplate } from '../packages/cli/src/review/template-loader';
import * as assetHashes from '../test/helpers/asset-hash-serializer';

const USAGE = 'usage: npm run review [-- --allow-replacement <logicalId>]...';
const SNAPSHOT_FILE = path.join(__dirname, '..', 'test', '__snapshots__', 'sample-stack.test.ts.snap');

async function main(): Promise<number> {
  const args = parseReviewArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.inputs.length > 0) {
    throw new UsageError(`unexpected argument '${args.inputs[0]}' (${USAGE})`);
  }
  const [entryName, committed] = await committedSampleTemplate();
  process.stdout.write(
    `Reviewing a fresh synth of ${SAMPLE_STACK_ID} against snapshot "${entryName}" ` +
      `in ${path.relative(process.cwd(), SNAPSHOT_FILE)}\n\n`,
  );
  return reviewAndReport(
    new Map([[SAMPLE_STACK_ID, committed]]),
    new Map([[SAMPLE_STACK_ID, maskAssetHashes(synthesizeSample())]]),
    args.allowReplacement,
    { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
  );
}

/** The one snapshot entry whose name contains the sample stack id. */
async function committedSampleTemplate(): Promise<[string, CfnTemplate]> {
  const entries = [...(await loadStackTemplates(SNAPSHOT_FILE))].filter(([name]) => name.includes(SAMPLE_STACK_ID));
  if (entries.length !== 1) {
    throw new Error(`${SNAPSHOT_FILE}: expected one template snapshot named after ${SAMPLE_STACK_ID}, found ${entries.length}`);
  }
  return entries[0];
}

/**
 * Synthesizes the sample app into a temporary cloud assembly and returns the sample stack's template. Validation is
 * off unless the caller set CDK_VALIDATION, as in the unit tests that wrote the snapshot: it costs seconds and does
 * not change the template.
 */
function synthesizeSample(): CfnTemplate {
  process.env.CDK_VALIDATION ??= 'false';
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-review-sample-'));
  try {
    return buildSampleApp({}, { outdir }).synth().getStackArtifact(SAMPLE_STACK_ID).template as CfnTemplate;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Applies the snapshot serializer's asset-hash masking, so a fresh template compares equal to its snapshot. */
function maskAssetHashes<T>(value: T): T {
  if (typeof value === 'string') {
    return (assetHashes.test(value) ? JSON.parse(assetHashes.serialize(value)) : value) as T;
  }
  if (Array.isArray(value)) {
    return value.map(maskAssetHashes) as T;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskAssetHashes(v)])) as T;
  }
  return value;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`review-sample: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
