import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  InvalidReplicationGroupStateFault,
  ModifyReplicationGroupCommand,
  ModifyReplicationGroupCommandInput,
} from '@aws-sdk/client-elasticache';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { RetryableRotationError } from '../../lib/auth/rotation/errors';
import { AuthProbe } from '../../lib/auth/rotation/auth-probe';
import { RotationEnv } from '../../lib/auth/rotation/config';
import { createRotationHandler } from '../../lib/auth/rotation/handler';

const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:cache-auth-AbCdEf';
const GROUP_ID = 'my-cache';
const OLD_VERSION = 'v-old';
const NEW_VERSION = 'v-new';
const OLD_TOKEN = 'OldTokenOldTokenOldTokenOldTokenOldTokenOldTokenOldTokenOldToken';
/** How long the fake takes to apply a ModifyReplicationGroup. */
const MODIFY_MS = 30_000;
/** The Lambda's remaining time at invocation; the handler keeps 15 s back, so it may wait 105 s. */
const LAMBDA_MS = 120_000;

interface Call {
  readonly service: 'SM' | 'EC';
  readonly command: string;
  readonly input: Record<string, unknown>;
}

interface Version {
  value?: string;
  created?: Date;
  readonly stages: Set<string>;
}

/**
 * A small stateful model of Secrets Manager and ElastiCache behind aws-sdk-client-mock: it records
 * every SDK call in one global order and tracks which tokens the cache accepts, so tests assert both
 * the call sequence and what a client reading AWSCURRENT would experience.
 *
 * ROTATE is modelled pessimistically as "new token + the previous *primary*": a second ROTATE with the
 * same token would drop the old one, which is why setSecret must not repeat it.
 */
class FakeAws {
  now = Date.parse('2025-06-01T00:00:00Z');
  readonly calls: Call[] = [];
  /** Moments where the AWSCURRENT token is (or, once the pending change applies, will be) rejected. */
  readonly violations: string[] = [];
  rotationEnabled = true;
  readonly versions = new Map<string, Version>();
  readonly group = {
    status: 'available',
    authTokenEnabled: true,
    tokens: [OLD_TOKEN],
    lastModified: new Date(Date.parse('2025-01-01T00:00:00Z')),
    pending: undefined as undefined | { strategy: 'ROTATE' | 'SET'; token: string; appliesAt: number },
  };
  /** When set, the next ModifyReplicationGroup with this strategy fails (after recording the call). */
  failNextModify?: 'ROTATE' | 'SET';
  private passwords = 0;

  constructor() {
    this.versions.set(OLD_VERSION, {
      value: OLD_TOKEN,
      created: new Date(Date.parse('2025-01-01T00:00:00Z')),
      stages: new Set(['AWSCURRENT']),
    });
    const sm = mockClient(SecretsManagerClient);
    const ec = mockClient(ElastiCacheClient);
    sm.on(DescribeSecretCommand).callsFake((i) => this.record('SM', 'DescribeSecret', i, () => this.describeSecret()));
    sm.on(GetSecretValueCommand).callsFake((i) => this.record('SM', 'GetSecretValue', i, () => this.getSecretValue(i)));
    sm.on(GetRandomPasswordCommand).callsFake((i) => this.record('SM', 'GetRandomPassword', i, () => this.randomPassword(i)));
    sm.on(PutSecretValueCommand).callsFake((i) => this.record('SM', 'PutSecretValue', i, () => this.putSecretValue(i)));
    sm.on(UpdateSecretVersionStageCommand).callsFake((i) => this.record('SM', 'UpdateSecretVersionStage', i, () => this.updateStage(i)));
    ec.on(DescribeReplicationGroupsCommand).callsFake((i) => this.record('EC', 'DescribeReplicationGroups', i, () => this.describeGroup()));
    ec.on(ModifyReplicationGroupCommand).callsFake((i) => this.record('EC', 'ModifyReplicationGroup', i, () => this.modifyGroup(i)));
  }

  /** What Secrets Manager does before invoking createSecret: stage the new version id AWSPENDING, no value yet. */
  beginRotation(versionId = NEW_VERSION): void {
    this.versions.set(versionId, { stages: new Set(['AWSPENDING']) });
  }

  advance(ms: number): void {
    this.now += ms;
    const p = this.group.pending;
    if (p && this.now >= p.appliesAt) {
      this.group.tokens = p.strategy === 'ROTATE' ? [p.token, this.group.tokens[0]] : [p.token];
      this.group.lastModified = new Date(this.now);
      this.group.pending = undefined;
      this.group.status = 'available';
    }
  }

  valueAt(stage: string): string | undefined {
    return [...this.versions.values()].find((v) => v.stages.has(stage))?.value;
  }

  stagesOf(versionId: string): string[] {
    return [...(this.versions.get(versionId)?.stages ?? [])].sort();
  }

  /** Tokens the cache accepts once any pending modification has applied. */
  eventualTokens(): string[] {
    const p = this.group.pending;
    if (!p) return this.group.tokens;
    return p.strategy === 'ROTATE' ? [p.token, this.group.tokens[0]] : [p.token];
  }

  commands(): string[] {
    return this.calls.map((c) => `${c.service}:${c.command}`);
  }

  mutatingCalls(): Call[] {
    return this.calls.filter((c) =>
      ['GetRandomPassword', 'PutSecretValue', 'UpdateSecretVersionStage', 'ModifyReplicationGroup'].includes(c.command),
    );
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  private record<T>(service: 'SM' | 'EC', command: string, input: object, run: () => T): T {
    this.calls.push({ service, command, input: { ...input } });
    try {
      return run();
    } finally {
      const current = this.valueAt('AWSCURRENT');
      if (current && (!this.group.tokens.includes(current) || !this.eventualTokens().includes(current))) {
        this.violations.push(`after ${service}:${command} AWSCURRENT is not accepted by the cache`);
      }
    }
  }

  private describeSecret() {
    const VersionIdsToStages: Record<string, string[]> = {};
    for (const [id, v] of this.versions) {
      if (v.stages.size > 0) VersionIdsToStages[id] = [...v.stages];
    }
    return { ARN: SECRET_ID, RotationEnabled: this.rotationEnabled, VersionIdsToStages };
  }

  private getSecretValue(i: { VersionId?: string; VersionStage?: string }) {
    const v = i.VersionId ? this.versions.get(i.VersionId) : undefined;
    if (!v || v.value === undefined || (i.VersionStage && !v.stages.has(i.VersionStage))) {
      throw new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret value", $metadata: {} });
    }
    return { ARN: SECRET_ID, VersionId: i.VersionId, SecretString: v.value, CreatedDate: v.created };
  }

  private randomPassword(i: { PasswordLength?: number }) {
    this.passwords += 1;
    return { RandomPassword: `New${this.passwords}`.padEnd(i.PasswordLength ?? 32, 'x') };
  }

  private putSecretValue(i: { ClientRequestToken?: string; SecretString?: string; VersionStages?: string[] }) {
    const v = this.versions.get(i.ClientRequestToken!) ?? { stages: new Set<string>() };
    v.value = i.SecretString;
    v.created = new Date(this.now);
    this.versions.set(i.ClientRequestToken!, v);
    for (const stage of i.VersionStages ?? []) this.attach(stage, i.ClientRequestToken!);
    return { ARN: SECRET_ID, VersionId: i.ClientRequestToken };
  }

  private updateStage(i: { VersionStage?: string; MoveToVersionId?: string; RemoveFromVersionId?: string }) {
    const stage = i.VersionStage!;
    const holder = [...this.versions.entries()].find(([, v]) => v.stages.has(stage))?.[0];
    if (holder && holder !== i.RemoveFromVersionId && holder !== i.MoveToVersionId) {
      throw new InvalidParameterException({ message: `${stage} is attached to ${holder}, not ${i.RemoveFromVersionId}`, $metadata: {} });
    }
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

  private describeGroup() {
    const g = this.group;
    return {
      ReplicationGroups: [
        {
          ReplicationGroupId: GROUP_ID,
          Status: g.status,
          AuthTokenEnabled: g.authTokenEnabled,
          AuthTokenLastModifiedDate: g.lastModified,
          PendingModifiedValues: g.pending
            ? { AuthTokenStatus: g.pending.strategy === 'ROTATE' ? ('ROTATING' as const) : ('SETTING' as const) }
            : {},
          NodeGroups: [{ PrimaryEndpoint: { Address: 'master.my-cache.abc123.use1.cache.amazonaws.com', Port: 6379 } }],
        },
      ],
    };
  }

  private modifyGroup(i: ModifyReplicationGroupCommandInput) {
    if (this.failNextModify === i.AuthTokenUpdateStrategy) {
      this.failNextModify = undefined;
      throw new Error(`simulated ${i.AuthTokenUpdateStrategy} failure`);
    }
    if (this.group.status !== 'available') {
      throw new InvalidReplicationGroupStateFault({ message: 'Replication group must be in available state', $metadata: {} });
    }
    this.group.status = 'modifying';
    this.group.pending = { strategy: i.AuthTokenUpdateStrategy as 'ROTATE' | 'SET', token: i.AuthToken!, appliesAt: this.now + MODIFY_MS };
    return { ReplicationGroup: { ReplicationGroupId: GROUP_ID, Status: 'modifying' } };
  }
}

let aws: FakeAws;
let probe: jest.MockedFunction<AuthProbe>;

beforeEach(() => {
  aws = new FakeAws();
  probe = jest.fn<ReturnType<AuthProbe>, Parameters<AuthProbe>>().mockResolvedValue(undefined);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

function makeHandler(env: RotationEnv = {}) {
  return createRotationHandler({
    secretsManager: new SecretsManagerClient({ region: 'us-east-1' }),
    elastiCache: new ElastiCacheClient({ region: 'us-east-1' }),
    sleep: async (ms) => aws.advance(ms),
    now: () => aws.now,
    env: { REPLICATION_GROUP_ID: GROUP_ID, ...env },
    probeAuth: probe,
  });
}

/** Runs one step the way Secrets Manager would, with a fresh Lambda time budget. */
async function step(name: string, env: RotationEnv = {}, token = NEW_VERSION): Promise<void> {
  const deadline = aws.now + LAMBDA_MS;
  await makeHandler(env)(
    { SecretId: SECRET_ID, ClientRequestToken: token, Step: name },
    {
      getRemainingTimeInMillis: () => deadline - aws.now,
    },
  );
}

async function rotateThroughTest(): Promise<void> {
  aws.beginRotation();
  await step('createSecret');
  await step('setSecret');
  await step('testSecret');
}

describe('full rotation', () => {
  test('calls the SDK in the designed order and ends with only the new token valid', async () => {
    aws.beginRotation();
    await step('createSecret');
    expect(aws.calls).toEqual([
      { service: 'SM', command: 'DescribeSecret', input: { SecretId: SECRET_ID } },
      { service: 'SM', command: 'GetSecretValue', input: { SecretId: SECRET_ID, VersionId: NEW_VERSION, VersionStage: 'AWSPENDING' } },
      { service: 'SM', command: 'GetRandomPassword', input: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false } },
      {
        service: 'SM',
        command: 'PutSecretValue',
        input: expect.objectContaining({ SecretId: SECRET_ID, ClientRequestToken: NEW_VERSION, VersionStages: ['AWSPENDING'] }),
      },
    ]);
    const newToken = aws.valueAt('AWSPENDING')!;
    expect(newToken).toHaveLength(64);

    aws.clearCalls();
    await step('setSecret');
    expect(aws.commands()).toEqual(['SM:DescribeSecret', 'SM:GetSecretValue', 'EC:DescribeReplicationGroups', 'EC:ModifyReplicationGroup']);
    expect(aws.calls[3].input).toEqual({
      ReplicationGroupId: GROUP_ID,
      AuthToken: newToken,
      AuthTokenUpdateStrategy: 'ROTATE',
      ApplyImmediately: true,
    });

    aws.clearCalls();
    await step('testSecret');
    // The ROTATE takes 30 s to apply: polls at 0, 10 and 20 s see 'modifying', the one at 30 s sees it applied.
    expect(aws.commands()).toEqual([
      'SM:DescribeSecret',
      'SM:GetSecretValue',
      'EC:DescribeReplicationGroups',
      'EC:DescribeReplicationGroups',
      'EC:DescribeReplicationGroups',
      'EC:DescribeReplicationGroups',
    ]);
    expect(aws.group.tokens.sort()).toEqual([newToken, OLD_TOKEN].sort());

    aws.clearCalls();
    await step('finishSecret');
    expect(aws.calls).toEqual([
      { service: 'SM', command: 'DescribeSecret', input: { SecretId: SECRET_ID } },
      { service: 'SM', command: 'GetSecretValue', input: { SecretId: SECRET_ID, VersionId: NEW_VERSION, VersionStage: 'AWSPENDING' } },
      { service: 'EC', command: 'DescribeReplicationGroups', input: { ReplicationGroupId: GROUP_ID } },
      {
        service: 'SM',
        command: 'UpdateSecretVersionStage',
        input: { SecretId: SECRET_ID, VersionStage: 'AWSCURRENT', MoveToVersionId: NEW_VERSION, RemoveFromVersionId: OLD_VERSION },
      },
      {
        service: 'EC',
        command: 'ModifyReplicationGroup',
        input: { ReplicationGroupId: GROUP_ID, AuthToken: newToken, AuthTokenUpdateStrategy: 'SET', ApplyImmediately: true },
      },
      {
        service: 'SM',
        command: 'UpdateSecretVersionStage',
        input: { SecretId: SECRET_ID, VersionStage: 'AWSPENDING', RemoveFromVersionId: NEW_VERSION },
      },
    ]);

    aws.advance(MODIFY_MS);
    expect(aws.group.tokens).toEqual([newToken]);
    expect(aws.stagesOf(NEW_VERSION)).toEqual(['AWSCURRENT']);
    expect(aws.stagesOf(OLD_VERSION)).toEqual(['AWSPREVIOUS']);
    // At no point did a client reading AWSCURRENT get a token the cache rejects (or was about to).
    expect(aws.violations).toEqual([]);
  });

  test('GetRandomPassword uses TOKEN_LENGTH and excludes punctuation', async () => {
    aws.beginRotation();
    await step('createSecret', { TOKEN_LENGTH: '40' });
    expect(aws.calls.find((c) => c.command === 'GetRandomPassword')?.input).toEqual({
      PasswordLength: 40,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(aws.valueAt('AWSPENDING')).toHaveLength(40);
  });
});

describe('idempotent re-runs', () => {
  test('a second createSecret keeps the stored token and writes nothing', async () => {
    aws.beginRotation();
    await step('createSecret');
    const token = aws.valueAt('AWSPENDING');
    aws.clearCalls();
    await step('createSecret');
    expect(aws.commands()).toEqual(['SM:DescribeSecret', 'SM:GetSecretValue']);
    expect(aws.valueAt('AWSPENDING')).toBe(token);
  });

  test('a second setSecret after the ROTATE applied sends no second ROTATE, so the old token stays valid', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    aws.advance(MODIFY_MS);
    aws.clearCalls();
    await step('setSecret');
    expect(aws.commands()).toEqual(['SM:DescribeSecret', 'SM:GetSecretValue', 'EC:DescribeReplicationGroups']);
    expect(aws.group.tokens).toContain(OLD_TOKEN);
    expect(aws.violations).toEqual([]);
  });

  test('a second setSecret while its ROTATE is still applying is retryable and modifies nothing', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    aws.clearCalls();
    await expect(step('setSecret')).rejects.toBeInstanceOf(RetryableRotationError);
    expect(aws.mutatingCalls()).toEqual([]);
  });

  test('a second testSecret only reads', async () => {
    await rotateThroughTest();
    aws.clearCalls();
    await step('testSecret');
    expect(aws.commands()).toEqual(['SM:DescribeSecret', 'SM:GetSecretValue', 'EC:DescribeReplicationGroups']);
  });

  test('a second finishSecret is a no-op once the version is AWSCURRENT', async () => {
    await rotateThroughTest();
    await step('finishSecret');
    aws.advance(MODIFY_MS);
    aws.clearCalls();
    await step('finishSecret');
    expect(aws.commands()).toEqual(['SM:DescribeSecret']);
  });

  test('finishSecret interrupted after moving AWSCURRENT leaves every client working, and its retry completes the SET', async () => {
    await rotateThroughTest();
    const newToken = aws.valueAt('AWSPENDING')!;
    aws.failNextModify = 'SET';
    await expect(step('finishSecret')).rejects.toThrow('simulated SET failure');
    // AWSCURRENT already moved; both tokens still work; AWSPENDING marks the SET as still owed.
    expect(aws.stagesOf(NEW_VERSION)).toEqual(['AWSCURRENT', 'AWSPENDING']);
    expect(aws.group.tokens.sort()).toEqual([newToken, OLD_TOKEN].sort());

    aws.clearCalls();
    await step('finishSecret');
    expect(aws.commands()).toEqual([
      'SM:DescribeSecret',
      'SM:GetSecretValue',
      'EC:DescribeReplicationGroups',
      'EC:ModifyReplicationGroup',
      'SM:UpdateSecretVersionStage',
    ]);
    expect(aws.calls[3].input).toMatchObject({ AuthTokenUpdateStrategy: 'SET', AuthToken: newToken });
    aws.advance(MODIFY_MS);
    expect(aws.group.tokens).toEqual([newToken]);
    expect(aws.stagesOf(NEW_VERSION)).toEqual(['AWSCURRENT']);
    expect(aws.violations).toEqual([]);
  });
});

describe('version checks', () => {
  test.each(['createSecret', 'setSecret', 'testSecret', 'finishSecret'])(
    '%s does nothing when the version is already AWSCURRENT',
    async (name) => {
      await step(name, {}, OLD_VERSION);
      expect(aws.commands()).toEqual(['SM:DescribeSecret']);
    },
  );

  test('fails when rotation is not enabled on the secret', async () => {
    aws.rotationEnabled = false;
    aws.beginRotation();
    await expect(step('createSecret')).rejects.toThrow(/not enabled for rotation/);
    expect(aws.mutatingCalls()).toEqual([]);
  });

  test('fails when the token is not a version of the secret', async () => {
    await expect(step('createSecret', {}, 'v-unknown')).rejects.toThrow(/has no stage for rotation/);
    expect(aws.mutatingCalls()).toEqual([]);
  });

  test('fails when the token version is not staged AWSPENDING', async () => {
    aws.versions.set('v-stale', { value: 'x'.repeat(64), stages: new Set(['AWSPREVIOUS']) });
    await expect(step('setSecret', {}, 'v-stale')).rejects.toThrow(/not staged AWSPENDING/);
    expect(aws.mutatingCalls()).toEqual([]);
  });

  test.each(['deleteSecret', 'toString'])('fails on the unknown step %s before any call', async (name) => {
    await expect(step(name)).rejects.toThrow(`Invalid rotation step '${name}'`);
    expect(aws.calls).toEqual([]);
  });

  test('fails when REPLICATION_GROUP_ID is missing', async () => {
    aws.beginRotation();
    const run = createRotationHandler({
      secretsManager: new SecretsManagerClient({ region: 'us-east-1' }),
      elastiCache: new ElastiCacheClient({ region: 'us-east-1' }),
      env: {},
    });
    await expect(
      run({ SecretId: SECRET_ID, ClientRequestToken: NEW_VERSION, Step: 'createSecret' }, { getRemainingTimeInMillis: () => LAMBDA_MS }),
    ).rejects.toThrow(/REPLICATION_GROUP_ID must be set/);
  });

  test.each(['15', '129', 'abc'])('fails when TOKEN_LENGTH is %s (outside 16-128)', async (length) => {
    aws.beginRotation();
    await expect(step('createSecret', { TOKEN_LENGTH: length })).rejects.toThrow(/TOKEN_LENGTH must be an integer from 16 to 128/);
    expect(aws.calls).toEqual([]);
  });

  test('setSecret refuses a pending value that is not a valid AUTH token, without echoing it', async () => {
    aws.beginRotation();
    aws.versions.get(NEW_VERSION)!.value = 'has/slash@and"quote-but-long-enough';
    await expect(step('setSecret')).rejects.toThrow(/not a valid ElastiCache AUTH token/);
    await expect(step('setSecret')).rejects.not.toThrow(/slash/);
    expect(aws.mutatingCalls()).toEqual([]);
  });
});

describe('the group is busy', () => {
  test('setSecret while the group is modifying throws a retryable error and sends no ModifyReplicationGroup', async () => {
    aws.beginRotation();
    await step('createSecret');
    aws.group.status = 'modifying';
    aws.clearCalls();
    await expect(step('setSecret')).rejects.toThrow(RetryableRotationError);
    expect(aws.commands()).toEqual(['SM:DescribeSecret', 'SM:GetSecretValue', 'EC:DescribeReplicationGroups']);
  });

  test('finishSecret while the group is modifying throws a retryable error and neither moves AWSCURRENT nor SETs', async () => {
    await rotateThroughTest();
    aws.group.status = 'modifying';
    aws.clearCalls();
    await expect(step('finishSecret')).rejects.toThrow(RetryableRotationError);
    expect(aws.mutatingCalls()).toEqual([]);
    expect(aws.stagesOf(NEW_VERSION)).toEqual(['AWSPENDING']);
  });
});

describe('failed testSecret keeps the old token working', () => {
  function expectOldTokenUntouched(): void {
    expect(aws.calls.filter((c) => c.command === 'UpdateSecretVersionStage')).toEqual([]);
    expect(aws.calls.filter((c) => c.input.AuthTokenUpdateStrategy === 'SET')).toEqual([]);
    expect(aws.valueAt('AWSCURRENT')).toBe(OLD_TOKEN);
    expect(aws.eventualTokens()).toContain(OLD_TOKEN);
  }

  test('throws a retryable error when the group stays modifying beyond the wait, polling within the Lambda time', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    aws.group.pending!.appliesAt = Number.POSITIVE_INFINITY;
    aws.clearCalls();
    const started = aws.now;
    await expect(step('testSecret')).rejects.toThrow(RetryableRotationError);
    // 105 s budget, 10 s interval: the first poll plus one after each of 10 sleeps.
    expect(aws.commands().filter((c) => c === 'EC:DescribeReplicationGroups')).toHaveLength(11);
    expect(aws.now - started).toBeLessThanOrEqual(LAMBDA_MS - 15_000);
    expectOldTokenUntouched();
  });

  test('throws when the AUTH probe rejects the pending token', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    probe.mockRejectedValue(new Error('AUTH with the pending token was rejected: -WRONGPASS'));
    aws.clearCalls();
    await expect(step('testSecret', { TEST_CONNECT: 'true', CACHE_HOST: 'cache.internal', CACHE_PORT: '6380' })).rejects.toThrow(
      /WRONGPASS/,
    );
    expect(probe).toHaveBeenCalledWith({ host: 'cache.internal', port: 6380 }, aws.valueAt('AWSPENDING'));
    expectOldTokenUntouched();
  });

  test('throws when the group no longer has AUTH enabled', async () => {
    aws.beginRotation();
    await step('createSecret');
    await step('setSecret');
    aws.group.authTokenEnabled = false;
    await expect(step('testSecret')).rejects.toThrow(/does not have AUTH enabled/);
    expectOldTokenUntouched();
  });

  test('probes the group primary endpoint when CACHE_HOST is not set, and skips the probe without TEST_CONNECT', async () => {
    await rotateThroughTest();
    expect(probe).not.toHaveBeenCalled();
    await step('testSecret', { TEST_CONNECT: 'true' });
    expect(probe).toHaveBeenCalledWith({ host: 'master.my-cache.abc123.use1.cache.amazonaws.com', port: 6379 }, aws.valueAt('AWSPENDING'));
  });
});
