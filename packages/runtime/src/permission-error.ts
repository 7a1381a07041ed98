/**
 * NOPERM replies turned into a {@link CachePermissionError} that names the permission to add, from the runtime's
 * permission table (permissions.ts). Wordings (Redis OSS 7.0; Valkey and 7.2+ start "NOPERM User <name> has no ..."):
 * - `NOPERM this user has no permissions to run the 'evalsha' command`
 * - `NOPERM this user has no permissions to access one of the keys used as arguments` (or `channels`)
 * - `ERR The user executing the script can't run this command or subcommand script: ...` (a command inside Lua)
 */
import { CachePermissionError } from './errors';
import { permissionFor } from './permissions';

const COMMAND_DENIED = /^NOPERM .*no permissions to run the '([^']+)' command/;
const PATTERN_DENIED = /^NOPERM .*no permissions to access one of the (keys|channels)/;
const SCRIPT_COMMAND_DENIED = /The user executing the script can't run this command/;

/** `err` as a {@link CachePermissionError} when it is a permission denial, else `undefined`. */
export function toPermissionError(err: unknown): CachePermissionError | undefined {
  if (err instanceof CachePermissionError) return err;
  if (!(err instanceof Error)) return undefined;
  const command = COMMAND_DENIED.exec(err.message)?.[1]?.toLowerCase();
  if (command !== undefined) return commandDenied(command, err);
  const pattern = PATTERN_DENIED.exec(err.message)?.[1];
  if (pattern !== undefined) {
    const rule = pattern === 'keys' ? '~<pattern>' : '&<pattern>';
    return new CachePermissionError(
      `the cache user may not access one of the ${pattern} of this call (NOPERM): its access string's ${rule} must cover them (check the pattern's key prefix or channel names)`,
      undefined,
      [],
      { cause: err },
    );
  }
  if (SCRIPT_COMMAND_DENIED.test(err.message)) {
    const rules = permissionFor('time')?.rules.readWrite ?? [];
    return new CachePermissionError(
      `a command inside one of the runtime's Lua scripts was denied: a script runs with the user's permissions, and the scripts need the @read and @write commands they call and ${rules.join(' ')}; AccessString.readWrite() grants them`,
      undefined,
      rules,
      { cause: err },
    );
  }
  return undefined;
}

function commandDenied(command: string, cause: Error): CachePermissionError {
  const permission = permissionFor(command);
  const name = command.toUpperCase().replace('|', ' ');
  if (!permission) {
    return new CachePermissionError(
      `the cache user may not run ${name} (NOPERM): add +${command} to its access string`,
      command,
      [`+${command}`],
      {
        cause,
      },
    );
  }
  const rules = permission.rules.readOnly ?? permission.rules.readWrite; // the narrower set where there are two
  const levels = permission.rules.readOnly ? 'AccessString.readOnly() and readWrite() grant it' : 'AccessString.readWrite() grants it';
  return new CachePermissionError(
    `the cache user may not run ${name}, which the runtime needs for ${permission.feature} (NOPERM): ${levels}; in a custom access string add ${rules.join(' ')}`,
    command,
    rules,
    { cause },
  );
}
