/**
 * The rotation Lambda in its user-password mode (USER_ID set), against a stateful model of Secrets Manager and of one
 * ElastiCache user behind aws-sdk-client-mock. The model records every SDK call in one order and checks, after each,
 * that the password a client reads (AWSCURRENT) is one the user accepts, now and once a pending change applies.
 */
import {
  DescribeUsersCommand,
  ElastiCacheClient,
  InvalidUserStateFault,
  ModifyUserCommand,
  ModifyUserCommandInput,
} from '@aws-sdk/client-elasticache';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { AuthProbe } from '../../lib/auth/rotation/auth-probe';
import { RotationEnv } from '../../lib/auth/rotation/config';
import { RetryableRotationError } from '../../lib/auth/rotation/errors';
import { createRotationHandler } from '../../lib/auth/rotation/handler';

const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:app-password-AbCdEf';
const USER_ID = 'app-c8c8939abb25';
const OLD_VERSION = 'v-old';
const NEW_VERSION = 'v-new';
const OLD_PASSWORD = 'OldPasswordOldPasswordOldPassword0123456789';
/** How long the fake takes to apply a ModifyUser. */
const MODIFY_MS = 20_000;
const LAMBDA_MS = 120_000;
const ENV: RotationEnv = { USER_ID, TEST_CONNECT: 'true', CACHE_HOST: 'master.orders.abc123.use1.cache.amazonaws.com', CACHE_PORT: '6380' };

interface Call {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

interface Version {
  value?: string;
  readonly stages: Set<string>;
}

/** Secrets Manager and one ElastiCache password user, with the semantics the rotation relies on. */
class FakeAws {
  now = Date.parse('2026-12-04T00:00:00Z');
  readonly calls: Call[] = [];
  readonly violations: string[] = [];
  readonly versions = new Map<string, Version>();
  readonly user = {
    status: 'active',
    type: 'password',
    passwords: [OLD_PASSWORD],
    pending: undefined as undefined | { passwords: string[]; appliesAt: number },
  };
  /** When set, the next ModifyUser whose list has this many passwords fails (after recording the call). */
  failNextModifyWith?: number;
  private generated = 0;

  constructor() {
    this.versions.set(OLD_VERSION, {
      value: JSON.stringify({ username: 'app', password: OLD_PASSWORD, engine: 'valkey' }),
      stages: new Set(['AWSCURRENT']),
    });
    const sm = mockClient(SecretsManagerClient);
    const ec = mockClient(ElastiCacheClient);
    sm.on(DescribeSecretCommand).callsFake((i) => this.record('DescribeSecret', i, () => this.describeSecret()));
    sm.on(GetSecretValueCommand).callsFake((i) => this.record('GetSecretValue', i, () => this.getSecretValue(i)));
    sm.on(GetRandomPasswordCommand).callsFake((i) => this.record('GetRandomPassword', i, () => this.randomPassword(i)));
    sm.on(PutSecretValueCommand).callsFake((i) => this.record('PutSecretValue', i, () => this.putSecretValue(i)));
    sm.on(UpdateSecretVersionStageCommand).callsFake((i) => this.record('UpdateSecretVersionStage', i, () => this.updateStage(i)));
    ec.on(DescribeUsersCommand).callsFake((i) => this.record('DescribeUsers', i, () => this.describeUsers()));
    ec.on(ModifyUserCommand).callsFake((i) => this.record('ModifyUser', i, () => this.modifyUser(i)));
  }

  beginRotation(versionId = NEW_VERSION): void {
    this.versions.set(versionId, { stages: new Set(['AWSPENDING']) });
  }

  advance(ms: number): void {
    this.now += ms;
    const p = this.user.pending;
    if (p && this.now >= p.appliesAt) {
      this.user.passwords = p.passwords;
      this.user.pending = undefined;
      this.user.status = 'active';
    }
  }

  passwordAt(stage: string): string | undefined {
    const value = [...this.versions.values()].find((v) => v.stages.has(stage))?.value;
    try {
      return value === undefined ? undefined : (JSON.parse(value) as { password: string }).password;
    } catch {
      return value; // not JSON: the test of a malformed secret
    }
  }

  secretAt(stage: string): Record<string, unknown> | undefined {
    const value = [...this.versions.values()].find((v) => v.stages.has(stage))?.value;
    return value === undefined ? undefined : (JSON.parse(value) as Record<string, unknown>);
  }

  stagesOf(versionId: string): string[] {
    return [...(this.versions.get(versionId)?.stages ?? [])].sort();
  }

  eventualPasswords(): string[] {
    return this.user.pending?.passwords ?? this.user.passwords;
  }

  commands(): string[] {
    return this.calls.map((c) => c.command);
  }

  mutatingCalls(): Call[] {
    return this.calls.filter((c) => ['GetRandomPassword', 'PutSecretValue', 'UpdateSecretVersionStage', 'ModifyUser'].includes(c.command));
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  private record<T>(command: string, input: object, run: () => T): T {
    this.calls.push({ command, input: { ...input } });
    try {
      return run();
    } finally {
      const current = this.passwordAt('AWSCURRENT');
      if (
        current &&
        current !== 'plain-text-secret-value' &&
        (!this.user.passwords.includes(current) || !this.eventualPasswords().includes(current))
      ) {
        this.violations.push(`after ${command} the AWSCURRENT password is not accepted by the user`);
      }
    }
  }

  private describeSecret() {
    const VersionIdsToStages: Record<string, string[]> = {};
    for (const [id, v] of this.versions) if (v.stages.size > 0) VersionIdsToStages[id] = [...v.stages];
    return { ARN: SECRET_ID, RotationEnabled: true, VersionIdsToStages };
  }

  private getSecretValue(i: { VersionId?: string; VersionStage?: string }) {
    const entry = i.VersionId
      ? this.versions.get(i.VersionId)
      : [...this.versions.values()].find((v) => v.stages.has(i.VersionStage ?? 'AWSCURRENT'));
    if (!entry || entry.value === undefined || (i.VersionStage && !entry.stages.has(i.VersionStage))) {
      throw new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret value", $metadata: {} });
    }
    return { ARN: SECRET_ID, SecretString: entry.value, CreatedDate: new Date(this.now) };
  }

  private randomPassword(i: { PasswordLength?: number }) {
    this.generated += 1;
    return { RandomPassword: `New${this.generated}`.padEnd(i.PasswordLength ?? 32, 'x') };
  }

  private putSecretValue(i: { ClientRequestToken?: string; SecretString?: string; VersionStages?: string[] }) {
    const v = this.versions.get(i.ClientRequestToken!) ?? { stages: new Set<string>() };
    v.value = i.SecretString;
    this.versions.set(i.ClientRequestToken!, v);
    for (const stage of i.VersionStages ?? []) this.attach(stage, i.ClientRequestToken!);
    return { ARN: SECRET_ID };
  }

  private updateStage(i: { VersionStage?: string; MoveToVersionId?: string; RemoveFromVersionId?: string }) {
    const stage = i.VersionStage!;
    if (i.RemoveFromVersionId) {
      this.versions.get(i.RemoveFromVersionId)?.stages.delete(stage);
      if (stage === 'AWSCURRENT') this.attach('AWSPREVIOUS', i.RemoveFromVersionId);
    }
    if (i.MoveToVersionId) this.attach(stage, i.MoveToVersionId);
    return { ARN: SECRET_ID };
  }

  private attach(stage: string, versionId: string): void {
    for (const v of this.versions.values()) v.stages.delete(stage);
    this.versions.get(versionId)!.stages.add(stage);
  }

  private describeUsers() {
    return {
      Users: [
        {
          UserId: USER_ID,
          UserName: 'app',
          Status: this.user.status,
          Authentication: { Type: this.user.type as 'password', PasswordCount: this.user.passwords.length },
        },
      ],
    };
  }

  private modifyUser(i: ModifyUserCommandInput) {
    const passwords = i.AuthenticationMode?.Passwords ?? [];
    if (this.failNextModifyWith === passwords.length) {
      this.failNextModifyWith = undefined;
      throw new Error(`simulated ModifyUser failure (${passwords.length} passwords)`);
    }
    if (this.user.status !== 'active') {
      throw new InvalidUserStateFault({ message: 'User is not in active state', $metadata: {} });
    }
    if (i.AuthenticationMode?.Type !== 'password' || passwords.length < 1 || passwords.length > 2) {
      throw new Error(`invalid ModifyUser: ${JSON.stringify(i)}`);
    }
    this.user.status = 'modifying';
    this.user.pending = { passwords: [...passwords], appliesAt: this.now + MODIFY_MS };
    return { UserId: USER_ID, Status: 'modifying' };
  }
}

let aws: FakeAws;
let probe: jest.MockedFunction<AuthProbe>;

beforeEach(() => {
  aws = new FakeAws();
  probe = jest.fn<ReturnType<AuthProbe>, Parameters<AuthProbe>>().mockResolvedValue(undefined);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

async function step(name: string, env: RotationEnv = ENV, token = NEW_VERSION): Promise<void> {
  const deadline = aws.now + LAMBDA_MS;
  await createRotationHandler({
    secretsManager: new SecretsManagerClient({ region: 'us-east-1' }),
    elastiCache: new ElastiCacheClient({ region: 'us-east-1' }),
    sleep: async (ms) => aws.advance(ms),
    now: () => aws.now,
    env,
    probeAuth: probe,
  })({ SecretId: SECRET_ID, ClientRequestToken: token, Step: name }, { getRemainingTimeInMillis: () => deadline - aws.now });
}

async function rotateThroughTest(): Promise<string> {
  aws.beginRotation();
  await step('createSecret');
  await step('setSecret');
  await step('testSecret');
  return aws.passwordAt('AWSPENDING')!;
}

describe('a full rotation of a user password', () => {
  test('adds the new password, AUTHs with it, then removes the old one, and clients always read a valid password', async () => {
    aws.beginRotation();
    await step('createSecret');
    expect(aws.commands()).toEqual(['DescribeSecret', 'GetSecretValue', 'GetSecretValue', 'GetRandomPassword', 'PutSecretValue']);
    expect(aws.calls[2].input).toEqual({ SecretId: SECRET_ID, VersionStage: 'AWSCURRENT' });
    expect(aws.calls[3].input).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
    // The other fields of the secret are kept; only the password is new.
    const pending = aws.secretAt('AWSPENDING')!;
    expect(pending).toEqual({ username: 'app', engine: 'valkey', password: expect.stringMatching(/^New1x+$/) });
    const newPassword = pending.password as string;

    aws.clearCalls();
    await step('setSecret');
    expect(aws.commands()).toEqual(['DescribeSecret', 'GetSecretValue', 'GetSecretValue', 'DescribeUsers', 'ModifyUser']);
    expect(aws.calls[4].input).toEqual({
      UserId: USER_ID,
      AuthenticationMode: { Type: 'password', Passwords: [OLD_PASSWORD, newPassword] },
    });

    aws.clearCalls();
    await step('testSecret');
    // The change takes 20 s: polls at 0 and 10 s see 'modifying', the one at 20 s sees it applied.
    expect(aws.commands()).toEqual(['DescribeSecret', 'GetSecretValue', 'DescribeUsers', 'DescribeUsers', 'DescribeUsers']);
    expect(aws.user.passwords).toEqual([OLD_PASSWORD, newPassword]);
    expect(probe).toHaveBeenCalledWith({ host: ENV.CACHE_HOST, port: 6380 }, newPassword, 'app');

    aws.clearCalls();
    await step('finishSecret');
    expect(aws.calls).toEqual([
      { command: 'DescribeSecret', input: { SecretId: SECRET_ID } },
      { command: 'GetSecretValue', input: { SecretId: SECRET_ID, VersionId: NEW_VERSION, VersionStage: 'AWSPENDING' } },
      { command: 'DescribeUsers', input: { UserId: USER_ID } },
      {
        command: 'UpdateSecretVersionStage',
        input: { SecretId: SECRET_ID, VersionStage: 'AWSCURRENT', MoveToVersionId: NEW_VERSION, RemoveFromVersionId: OLD_VERSION },
      },
      { command: 'ModifyUser', input: { UserId: USER_ID, AuthenticationMode: { Type: 'password', Passwords: [newPassword] } } },
      { command: 'UpdateSecretVersionStage', input: { SecretId: SECRET_ID, VersionStage: 'AWSPENDING', RemoveFromVersionId: NEW_VERSION } },
    ]);
    aws.advance(MODIFY_MS);
    expect(aws.user.passwords).toEqual([newPassword]);
    expect(aws.stagesOf(NEW_VERSION)).toEqual(['AWSCURRENT']);
    expect(aws.stagesOf(OLD_VERSION)).toEqual(['AWSPREVIOUS']);
    expect(aws.violations).toEqual([]);
  });

  test('PASSWORD_LENGTH sets the length of the new password', async () => {
    aws.beginRotation();
    await step('createSecret', { ...ENV, PASSWORD_LENGTH: '32' });
    expect(aws.passwordAt('AWSPENDING')).toHaveLength(32);
  });
});

describe('each step is idempotent', () => {
  test('a second createSecret keeps the stored password', async () => {
    aws.beginRotation();
    await step('createSecret');
    const first = aws.passwordAt('AWSPENDING');
    aws.clearCalls();
    await step('createSecret');
    expect(aws.commands()).toEqual(['DescribeSecret', 'GetSecretValue']);
    expect(aws.passwordAt('AWSPENDING')).toBe(first);
  });

  test('a second setSecret after the first applied sets the same two passwords again: the old one stays valid', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    aws.advance(MODIFY_MS);
    const both = [...aws.user.passwords];
    await step('setSecret');
    aws.advance(MODIFY_MS);
    expect(aws.user.passwords).toEqual(both);
    expect(aws.violations).toEqual([]);
  });

  test('setSecret while the user is still modifying is retryable and modifies nothing', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    aws.clearCalls();
    await expect(step('setSecret')).rejects.toBeInstanceOf(RetryableRotationError);
    expect(aws.mutatingCalls()).toEqual([]);
  });

  test('finishSecret interrupted after moving AWSCURRENT leaves both passwords valid, and its retry removes the old one', async () => {
    const newPassword = await rotateThroughTest();
    aws.failNextModifyWith = 1;
    await expect(step('finishSecret')).rejects.toThrow('simulated ModifyUser failure (1 passwords)');
    expect(aws.stagesOf(NEW_VERSION)).toEqual(['AWSCURRENT', 'AWSPENDING']);
    expect(aws.user.passwords).toEqual([OLD_PASSWORD, newPassword]);
    aws.clearCalls();
    await step('finishSecret');
    expect(aws.commands()).toEqual(['DescribeSecret', 'GetSecretValue', 'DescribeUsers', 'ModifyUser', 'UpdateSecretVersionStage']);
    aws.advance(MODIFY_MS);
    expect(aws.user.passwords).toEqual([newPassword]);
    expect(aws.stagesOf(NEW_VERSION)).toEqual(['AWSCURRENT']);
    expect(aws.violations).toEqual([]);
  });

  test('every step does nothing once the version is AWSCURRENT', async () => {
    for (const name of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
      aws.clearCalls();
      await step(name, ENV, OLD_VERSION);
      expect(aws.commands()).toEqual(['DescribeSecret']);
    }
  });
});

describe('a failed testSecret keeps the old password working', () => {
  function expectOldPasswordUntouched(): void {
    expect(aws.calls.filter((c) => c.command === 'UpdateSecretVersionStage')).toEqual([]);
    expect(aws.passwordAt('AWSCURRENT')).toBe(OLD_PASSWORD);
    expect(aws.eventualPasswords()).toContain(OLD_PASSWORD);
  }

  test('when the AUTH probe rejects the new password', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    probe.mockRejectedValue(new Error("AUTH with user app's pending password was rejected: -WRONGPASS"));
    await expect(step('testSecret')).rejects.toThrow(/WRONGPASS/);
    expectOldPasswordUntouched();
  });

  test('when the user no longer holds two passwords (another change replaced them)', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    aws.advance(MODIFY_MS);
    aws.user.passwords = [OLD_PASSWORD];
    await expect(step('testSecret')).rejects.toThrow(`testSecret: user ${USER_ID} holds 1 password(s), not the 2 setSecret gave it`);
    expect(probe).not.toHaveBeenCalled();
    expectOldPasswordUntouched();
  });

  test('when the change does not apply within the Lambda time (retryable)', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    aws.user.pending!.appliesAt = Number.POSITIVE_INFINITY;
    await expect(step('testSecret')).rejects.toBeInstanceOf(RetryableRotationError);
    expectOldPasswordUntouched();
  });
});

describe('configuration and refusals', () => {
  test('a user that does not authenticate with a password is not modified', async () => {
    aws.beginRotation();
    await step('createSecret');
    aws.user.type = 'iam';
    await expect(step('setSecret')).rejects.toThrow(
      `setSecret: user ${USER_ID} authenticates with 'iam', not 'password': nothing to rotate`,
    );
    expect(aws.calls.filter((c) => c.command === 'ModifyUser')).toEqual([]);
  });

  test('a secret that is not JSON with a password is refused without echoing it', async () => {
    aws.versions.get(OLD_VERSION)!.value = 'plain-text-secret-value';
    aws.beginRotation();
    const error = await step('createSecret').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe(`The AWSCURRENT version of ${SECRET_ID} is not a JSON object {"username": ..., "password": ...}`);
    expect(aws.mutatingCalls()).toEqual([]);
  });

  test('TEST_CONNECT without CACHE_HOST and CACHE_PORT fails before any call', async () => {
    aws.beginRotation();
    await expect(step('createSecret', { USER_ID, TEST_CONNECT: 'true' })).rejects.toThrow(
      /TEST_CONNECT=true needs CACHE_HOST and CACHE_PORT/,
    );
    expect(aws.calls).toEqual([]);
  });

  test('without USER_ID or REPLICATION_GROUP_ID the function says which to set', async () => {
    aws.beginRotation();
    await expect(step('createSecret', {})).rejects.toThrow(
      'REPLICATION_GROUP_ID must be set to the replication group whose AUTH token is rotated (or USER_ID to the user whose password is)',
    );
  });

  test.each(['15', '129'])('PASSWORD_LENGTH %s (outside 16-128) fails before any call', async (length) => {
    aws.beginRotation();
    await expect(step('createSecret', { ...ENV, PASSWORD_LENGTH: length })).rejects.toThrow(
      /PASSWORD_LENGTH must be an integer from 16 to 128/,
    );
    expect(aws.calls).toEqual([]);
  });
});
