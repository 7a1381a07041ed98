// `npx cdk-elasticache-cli <command>`: dispatches to one module per subcommand.
import { runEndpointsCommand } from './endpoints-command';
import { runReviewCommand } from './review-command';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  endpoints: runEndpointsCommand,
  review: runReviewCommand,
};

const USAGE = [
  'usage: cdk-elasticache-cli <command> [options]',
  '',
  'commands:',
  "  endpoints <replication-group-id> [--region R] [--wait] [--json]   show a replication group's endpoints",
  '  review <old.template.json|dir> <new.template.json|dir> [--allow-replacement <logicalId>]',
  '                                                                    flag replacements of stateful resources',
].join('\n');

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const run = COMMANDS[command];
  if (!run) {
    console.error(`cdk-elasticache-cli: unknown command '${command}' (expected one of: ${Object.keys(COMMANDS).join(', ')})`);
    return 1;
  }
  return run(rest);
}
