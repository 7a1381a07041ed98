import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';

/** Where the version being rotated (the event's ClientRequestToken) stands. */
export interface VersionState {
  /** The version already carries AWSCURRENT. */
  readonly isCurrent: boolean;
  /** The version carries AWSPENDING (alone, or together with AWSCURRENT after an interrupted finishSecret). */
  readonly isPending: boolean;
  /** The version that carries AWSCURRENT now, needed to move the label away from it. */
  readonly currentVersionId?: string;
}

/**
 * The standard rotation-contract checks every step starts with: rotation must be enabled and the
 * token must be a version of this secret staged AWSPENDING (or already AWSCURRENT, when the caller
 * decides whether there is anything left to do).
 */
export async function inspectVersion(sm: SecretsManagerClient, secretId: string, token: string): Promise<VersionState> {
  const meta = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!meta.RotationEnabled) {
    throw new Error(`Secret ${secretId} is not enabled for rotation`);
  }
  const versions = meta.VersionIdsToStages ?? {};
  const stages = versions[token];
  if (!stages) {
    throw new Error(`Secret version ${token} has no stage for rotation of secret ${secretId}`);
  }
  const isCurrent = stages.includes(AWSCURRENT);
  const isPending = stages.includes(AWSPENDING);
  if (!isCurrent && !isPending) {
    throw new Error(`Secret version ${token} is not staged AWSPENDING for rotation of secret ${secretId}`);
  }
  const currentVersionId = Object.keys(versions).find((id) => versions[id].includes(AWSCURRENT));
  return { isCurrent, isPending, currentVersionId };
}

/** The AWSPENDING value of this version and when Secrets Manager stored it. */
export interface PendingToken {
  readonly value: string;
  readonly createdDate?: Date;
}

export async function getPendingToken(sm: SecretsManagerClient, secretId: string, token: string): Promise<PendingToken> {
  const found = await findPendingToken(sm, secretId, token);
  if (!found) {
    throw new Error(`Secret version ${token} of ${secretId} has no AWSPENDING value; createSecret has not run`);
  }
  return found;
}

/**
 * Like {@link getPendingToken}, but `undefined` when the version has no value yet. Secrets Manager
 * stages the token AWSPENDING before createSecret stores a value, so "not found" here is the normal
 * first-run case, not an error.
 */
export async function findPendingToken(sm: SecretsManagerClient, secretId: string, token: string): Promise<PendingToken | undefined> {
  try {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: AWSPENDING }));
    if (out.SecretString === undefined) {
      throw new Error(`Secret version ${token} of ${secretId} has no SecretString`);
    }
    return { value: out.SecretString, createdDate: out.CreatedDate };
  } catch (err) {
    if (err instanceof ResourceNotFoundException) {
      return undefined;
    }
    throw err;
  }
}

/**
 * A fresh secret of `length` letters and digits: ElastiCache forbids / " @ (and most other punctuation) in tokens and
 * passwords, and alphanumeric also keeps it safe inside redis-cli arguments, URLs and RESP.
 */
export async function randomAlphanumeric(sm: SecretsManagerClient, length: number): Promise<string> {
  const random = await sm.send(new GetRandomPasswordCommand({ PasswordLength: length, ExcludePunctuation: true, IncludeSpace: false }));
  if (!random.RandomPassword) {
    throw new Error('GetRandomPassword returned no password');
  }
  return random.RandomPassword;
}

/** Stores `value` as the AWSPENDING value of version `token` (createSecret's last step). */
export async function putPending(sm: SecretsManagerClient, secretId: string, token: string, value: string): Promise<void> {
  await sm.send(
    new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: value, VersionStages: [AWSPENDING] }),
  );
}

/** finishSecret's first move: AWSCURRENT to version `token`, unless it is there already (a retried finishSecret). */
export async function promoteToCurrent(sm: SecretsManagerClient, secretId: string, token: string, version: VersionState): Promise<void> {
  if (version.isCurrent) return;
  await sm.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: AWSCURRENT,
      MoveToVersionId: token,
      RemoveFromVersionId: version.currentVersionId,
    }),
  );
}

/** finishSecret's last move: AWSPENDING off version `token`, which until then marks the old secret as still to revoke. */
export async function dropPending(sm: SecretsManagerClient, secretId: string, token: string): Promise<void> {
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: AWSPENDING, RemoveFromVersionId: token }));
}
