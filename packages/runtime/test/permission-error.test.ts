import { CachePermissionError } from '../src/errors';
import { toPermissionError } from '../src/permission-error';
import { RUNTIME_PERMISSIONS, runtimeAccessRules } from '../src/permissions';

const reply = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });

describe('toPermissionError', () => {
  test.each([
    ['Redis OSS 7.0', "NOPERM this user has no permissions to run the 'evalsha' command"],
    ['Valkey / Redis OSS 7.2+', "NOPERM User app has no permissions to run the 'evalsha' command"],
  ])('names the permission of a denied command (%s wording)', (_, message) => {
    const error = toPermissionError(reply(message));
    expect(error).toBeInstanceOf(CachePermissionError);
    expect(error).toMatchObject({ code: 'PermissionDenied', command: 'evalsha', rules: ['+evalsha', '+eval', '+script|load'] });
    expect(error?.message).toBe(
      'the cache user may not run EVALSHA, which the runtime needs for scripts (NOPERM): AccessString.readWrite() grants it; ' +
        'in a custom access string add +evalsha +eval +script|load',
    );
  });

  test('a subcommand, granted to both levels, gets the narrower rules', () => {
    expect(toPermissionError(reply("NOPERM this user has no permissions to run the 'client|tracking' command"))).toMatchObject({
      command: 'client|tracking',
      rules: ['+@connection'],
      message: expect.stringContaining('may not run CLIENT TRACKING') as unknown,
    });
  });

  test('a command the runtime does not send is named as it is', () => {
    expect(toPermissionError(reply("NOPERM this user has no permissions to run the 'flushall' command"))).toMatchObject({
      command: 'flushall',
      rules: ['+flushall'],
    });
  });

  test('a key or channel outside the user patterns points at the pattern', () => {
    expect(toPermissionError(reply('NOPERM this user has no permissions to access one of the keys used as arguments'))?.message).toMatch(
      /access one of the keys .* ~<pattern> must cover them/,
    );
    expect(
      toPermissionError(reply('NOPERM this user has no permissions to access one of the channels used as arguments'))?.message,
    ).toMatch(/&<pattern>/);
  });

  test('a command denied inside a Lua script names what the scripts need', () => {
    const error = toPermissionError(
      reply("ERR The user executing the script can't run this command or subcommand script: 1a2b, on @user_script:4."),
    );
    expect(error).toMatchObject({ rules: ['+time'], message: expect.stringContaining('AccessString.readWrite() grants them') as unknown });
  });

  test('anything else is not a permission error', () => {
    expect(toPermissionError(reply('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBeUndefined();
    expect(toPermissionError('NOPERM')).toBeUndefined();
  });
});

describe('the permission table', () => {
  test('every command the runtime sends belongs to one feature only', () => {
    const commands = RUNTIME_PERMISSIONS.flatMap((p) => p.commands);
    expect(new Set(commands).size).toBe(commands.length);
  });

  test('a level lists its single commands after -@dangerous, which would take them back', () => {
    for (const level of ['readOnly', 'readWrite'] as const) {
      const rules = runtimeAccessRules(level);
      expect(rules.indexOf('-@dangerous')).toBeLessThan(rules.indexOf('+info'));
      expect(rules.filter((rule) => rule.startsWith('+@')).every((rule) => rules.indexOf(rule) < rules.indexOf('-@dangerous'))).toBe(true);
    }
  });
});
