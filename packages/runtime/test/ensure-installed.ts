/**
 * What the jest globalSetups (ensure-redis-server.ts, memcached/ensure-memcached.ts) share: a plan decided from the
 * environment (use what is there, install with apt-get, or fail with instructions), and carrying it out.
 */
import { spawnSync } from 'node:child_process';

export type SetupPlan<Use> =
  | ({ readonly action: 'use' } & Use)
  | { readonly action: 'install'; readonly notice: string; readonly commands: readonly (readonly string[])[] }
  | { readonly action: 'fail'; readonly message: string };

/** Runs one command; throws with the tail of its output when it fails. */
export type CommandRunner = (command: readonly string[]) => void;

export const runQuietly: CommandRunner = ([file, ...args]) => {
  const result = spawnSync(file, args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().slice(-1_500);
    throw new Error(`\`${[file, ...args].join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}): ${output}`);
  }
};

/**
 * Carries out `plan()`: returns what `binaryOf` reads from a 'use' plan, installing first when the plan says so (and
 * planning again after). Throws an error whose message is the whole explanation, with no stack trace to scroll past.
 */
export function ensureInstalled<Use>(
  plan: () => SetupPlan<Use>,
  binaryOf: (use: Use) => string,
  missingMessage: string,
  run: CommandRunner,
  notify: (line: string) => void,
): string {
  const first = plan();
  try {
    switch (first.action) {
      case 'use':
        return binaryOf(first);
      case 'fail':
        throw new Error(first.message);
      case 'install': {
        notify(first.notice);
        for (const command of first.commands) run(command);
        const after = plan();
        if (after.action === 'use') return binaryOf(after);
        throw new Error(after.action === 'fail' ? after.message : `apt-get ran, but ${missingMessage}`);
      }
    }
  } catch (err) {
    const error = new Error(`cdk-elasticache tests: ${(err as Error).message}`);
    error.stack = error.message; // jest prints the stack of a failed globalSetup; the message says it all
    throw error;
  }
}

export const printToStderr = (line: string) => process.stderr.write(`${line}\n`);
