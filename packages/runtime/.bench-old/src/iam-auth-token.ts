/**
 * IAM authentication tokens for ElastiCache (Valkey 7.2+ / Redis OSS 7+ with an IAM-enabled user).
 *
 * The token is what AWS's documented `IAMAuthTokenRequest` sample produces: a SigV4 query-presigned
 * `GET http://<replication-group-id>/?Action=connect&User=<user-id>` for service `elasticache`, valid for
 * 15 minutes, with the `http://` scheme stripped. It is sent as the password in AUTH/HELLO, with the user id as
 * the username. There is no SDK helper for it (unlike RDS's signer), hence this module.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** ElastiCache rejects tokens older than 15 minutes; its sample signs for exactly that. */
const MAX_EXPIRES_IN_SECONDS = 900;

export interface IamAuthTokenOptions {
  /** The ElastiCache user id of an IAM-enabled user (for IAM users, user id and user name are the same). */
  readonly userId: string;
  /** The replication group id, or with `serverless` the serverless cache name. */
  readonly replicationGroupId: string;
  /**
   * Sign for a serverless cache: the request then carries `ResourceType=ServerlessCache` (as AWS's IAMAuthTokenRequest
   * sample does with isServerless; https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html).
   * @default false
   */
  readonly serverless?: boolean;
  readonly region: string;
  /** Credentials of the identity allowed `elasticache:Connect` on the group and the user. */
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** @default 900 (the maximum ElastiCache accepts) */
  readonly expiresInSeconds?: number;
  /** Signing time; injectable for tests. @default - now */
  readonly now?: Date;
}

/** Sign a fresh IAM auth token, e.g. `my-group/?Action=connect&User=app&X-Amz-Algorithm=AWS4-HMAC-SHA256&...`. */
export async function createIamAuthToken(options: IamAuthTokenOptions): Promise<string> {
  const expiresIn = options.expiresInSeconds ?? MAX_EXPIRES_IN_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN_SECONDS) {
    throw new RangeError(`expiresInSeconds must be an integer from 1 to ${MAX_EXPIRES_IN_SECONDS}, got ${expiresIn}`);
  }
  // Replication group ids are lowercase in ElastiCache; the signed host must match what the service expects.
  const host = options.replicationGroupId.toLowerCase();
  const signer = new SignatureV4({
    service: 'elasticache',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: host,
      path: '/',
      query: { Action: 'connect', User: options.userId, ...(options.serverless ? { ResourceType: 'ServerlessCache' } : {}) },
      headers: { host },
    },
    { expiresIn, signingDate: options.now },
  );
  const query = Object.keys(presigned.query ?? {})
    .sort()
    .map((name) => `${encodeRfc3986(name)}=${encodeRfc3986(String(presigned.query?.[name]))}`)
    .join('&');
  return `${host}/?${query}`;
}

/** SigV4's URI encoding: encodeURIComponent plus the characters it leaves alone but RFC 3986 reserves. */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface IamAuthTokenProviderOptions extends Omit<IamAuthTokenOptions, 'now'> {
  /**
   * Sign a new token once the cached one is this old, so a token handed out is never close to expiry.
   * @default 600 (10 of the token's 15 minutes)
   */
  readonly refreshAfterSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. @default Date.now */
  readonly clock?: () => number;
}

/**
 * Caches an IAM auth token and signs a new one before the old one expires.
 *
 * `getToken()` is for code that can await. `currentToken()` exists because Redis clients read their password
 * synchronously on every (re)connect: it returns the cached token and refreshes it in the background when stale.
 */
export class IamAuthTokenProvider {
  private token?: { value: string; signedAt: number };
  private refreshing?: Promise<string>;
  private readonly clock: () => number;
  private readonly refreshAfterMs: number;

  constructor(private readonly options: IamAuthTokenProviderOptions) {
    this.clock = options.clock ?? Date.now;
    this.refreshAfterMs = (options.refreshAfterSeconds ?? 600) * 1000;
    const lifetime = options.expiresInSeconds ?? MAX_EXPIRES_IN_SECONDS;
    if (this.refreshAfterMs >= lifetime * 1000) {
      throw new RangeError(`refreshAfterSeconds (${this.refreshAfterMs / 1000}) must be below the token lifetime (${lifetime})`);
    }
  }

  /** A token younger than `refreshAfterSeconds`, signing a new one when needed (concurrent callers share it). */
  async getToken(): Promise<string> {
    if (this.token && !this.isStale(this.token.signedAt)) {
      return this.token.value;
    }
    this.refreshing ??= this.sign().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /**
   * The cached token, for synchronous password reads. A stale token is still returned (it stays valid for the
   * rest of its 15 minutes) while a new one is signed in the background; a failed background refresh is retried
   * on the next call, and a token that did expire meanwhile shows up as an AUTH error that makes the client
   * reconnect with the refreshed token.
   * @throws Error when `getToken()` has not completed once yet
   */
  currentToken(): string {
    if (!this.token) {
      throw new Error('IamAuthTokenProvider.currentToken() called before getToken() resolved');
    }
    if (this.isStale(this.token.signedAt)) {
      this.getToken().catch(() => undefined);
    }
    return this.token.value;
  }

  private isStale(signedAt: number): boolean {
    return this.clock() - signedAt >= this.refreshAfterMs;
  }

  private async sign(): Promise<string> {
    const signedAt = this.clock();
    const value = await createIamAuthToken({ ...this.options, now: new Date(signedAt) });
    this.token = { value, signedAt };
    return value;
  }
}
