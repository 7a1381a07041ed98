// `cdk-elasticache-cli review <old> <new> [--allow-replacement <logicalId>]...`: flags replacements and deletions of
// stateful resources between two synthesized templates (files, cdk.out directories or Jest .snap files).
import { formatReport } from '../review/report-format';
import { exitCodeOf, reviewStack, unusedAcknowledgements } from '../review/review';
import { pairStacks } from '../review/stack-pairing';
import { loadStackTemplates, type StackTemplates } from '../review/template-loader';

export interface ReviewIo {
  /** Receives the report; each call is a complete chunk of text that ends with a newline. */
  readonly stdout?: (text: string) => void;
  /** Receives one-line errors and notes, each ending with a newline. */
  readonly stderr?: (text: string) => void;
}

export interface ReviewArgs {
  readonly inputs: string[];
  readonly allowReplacement: string[];
  readonly help: boolean;
}

/** Exit code for a usage or input error; the review itself exits 0, 2, 3, 4 or 5 (see HELP and lib/review/review.ts). */
export const EXIT_USAGE = 1;

const USAGE =
  'usage: cdk-elasticache-cli review <old.template.json|cdk.out|.snap> <new.template.json|cdk.out|.snap> ' +
  '[--allow-replacement <logicalId>]...';

const HELP = [
  USAGE,
  '',
  'Diffs two synthesized templates and flags every resource a deployment would replace or delete, with the',
  'property that causes it and its update behaviour: from the CloudFormation resource spec, corrected for',
  'ElastiCache replication groups by documented rules (online resharding, AuthToken, Engine, Durability).',
  '',
  'exit codes (the first that applies, in this order: 2, 3, 4, 5):',
  '  0  safe: no stateful resource is replaced or deleted (a deletion with Retain only warns)',
  '  1  usage or input error',
  '  2  a stateful resource is replaced or deleted without a Snapshot or Retain policy (data loss)',
  '  3  a stateful resource is replaced (comes back empty) or deleted with only a final snapshot left',
  '  4  a stateful resource may be replaced: a conditional update behaviour the reviewer cannot settle',
  '  5  the service rejects an update (e.g. switching ElastiCache durability on or off): the deploy fails',
  '',
  '--allow-replacement <logicalId>   accept the replacement (certain or possible) or deletion of that resource (repeatable)',
].join('\n');

/** Thrown for malformed command lines; its message is one line. */
export class UsageError extends Error {}

/** Entry point used by lib/cli/main.ts. Never throws: every failure becomes a one-line message and exit code 1. */
export async function runReviewCommand(args: string[], io: ReviewIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => process.stderr.write(text));
  try {
    const parsed = parseReviewArgs(args);
    if (parsed.help) {
      stdout(HELP + '\n');
      return 0;
    }
    if (parsed.inputs.length !== 2) {
      throw new UsageError(`expected an old and a new input, got ${parsed.inputs.length}`);
    }
    const [oldStacks, newStacks] = await Promise.all(parsed.inputs.map(loadStackTemplates));
    return reviewAndReport(oldStacks, newStacks, parsed.allowReplacement, { stdout, stderr });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    stderr(`cdk-elasticache-cli review: ${message}${err instanceof UsageError ? ` (${USAGE})` : ''}\n`);
    return EXIT_USAGE;
  }
}

/** Reviews every stack pair, prints the report and returns the exit code. Shared with scripts/review-sample.ts. */
export function reviewAndReport(
  oldStacks: StackTemplates,
  newStacks: StackTemplates,
  allowReplacement: readonly string[],
  io: Required<ReviewIo>,
): number {
  const paired = pairStacks(oldStacks, newStacks);
  if (paired.pairs.length === 0) {
    throw new Error(`no stack is in both inputs (old: ${[...oldStacks.keys()].join(', ')}; new: ${[...newStacks.keys()].join(', ')})`);
  }
  const stacks = paired.pairs.map((pair) => reviewStack(pair, { allowReplacement }));
  io.stdout(formatReport(stacks, paired));
  for (const id of unusedAcknowledgements(stacks, allowReplacement)) {
    io.stderr(`cdk-elasticache-cli review: note: --allow-replacement ${id} matched no replaced or deleted stateful resource\n`);
  }
  return exitCodeOf(stacks);
}

/** Parses `<old> <new>`, `--allow-replacement <id>` / `--allow-replacement=<id>` (repeatable) and `--help`. */
export function parseReviewArgs(args: readonly string[]): ReviewArgs {
  const inputs: string[] = [];
  const allowReplacement: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg === '--allow-replacement') {
      const id = args[++i];
      if (!id || id.startsWith('-')) {
        throw new UsageError('--allow-replacement needs a logical id');
      }
      allowReplacement.push(id);
    } else if (arg.startsWith('--allow-replacement=')) {
      const id = arg.slice('--allow-replacement='.length);
      if (!id) {
        throw new UsageError('--allow-replacement needs a logical id');
      }
      allowReplacement.push(id);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      inputs.push(arg);
    }
  }
  return { inputs, allowReplacement, help };
}
