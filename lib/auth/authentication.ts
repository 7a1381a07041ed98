import { aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { createAuthTokenSecret } from './auth-token-secret';

/** How clients authenticate to a replication group. Exactly one mode applies to a cache. */
export enum AuthenticationMode {
  /** A single AUTH token (password) shared by all clients, kept in Secrets Manager. */
  AUTH_TOKEN = 'auth-token',
}

/** Options for AUTH token authentication. */
export interface AuthTokenOptions {
  /**
   * An existing secret whose SecretString is the AUTH token: 16–128 printable characters without `/`, `"` or `@`.
   * @default - a new secret with a generated 64-character alphanumeric token, encrypted with the cache's KMS key
   */
  readonly secret?: secretsmanager.ISecret;
}

/** What an authentication mode contributes to the replication group. */
export interface AuthenticationConfig {
  /** The mode, for messages and rules. */
  readonly mode: AuthenticationMode;
  /** The AuthToken value: a Secrets Manager dynamic reference, never plaintext. */
  readonly authToken?: string;
  /** The secret that holds the AUTH token. */
  readonly secret?: secretsmanager.ISecret;
}

/** What a mode needs from the replication group when it is bound. */
export interface AuthenticationBindOptions {
  /** The key that encrypts the cache at rest; a generated secret uses it too. */
  readonly encryptionKey: kms.IKey;
}

/**
 * The authentication mode of a replication group (enum-like class: no unions in the construct API).
 *
 * AUTH token is the default. RBAC user groups and IAM authentication are separate modes with their own factories.
 */
export abstract class CacheAuthentication {
  /**
   * Clients send an AUTH token, stored in Secrets Manager and referenced from the template by a dynamic
   * reference only. Requires in-transit encryption.
   */
  public static authToken(options: AuthTokenOptions = {}): CacheAuthentication {
    return new AuthTokenAuthentication(options);
  }

  /** The mode. */
  public abstract readonly mode: AuthenticationMode;

  /**
   * Creates what the mode needs (e.g. the token secret) in `scope` and returns the L1 settings.
   * @internal
   */
  public abstract _bind(scope: Construct, options: AuthenticationBindOptions): AuthenticationConfig;
}

class AuthTokenAuthentication extends CacheAuthentication {
  public readonly mode = AuthenticationMode.AUTH_TOKEN;

  constructor(private readonly options: AuthTokenOptions) {
    super();
  }

  public _bind(scope: Construct, options: AuthenticationBindOptions): AuthenticationConfig {
    const secret = this.options.secret ?? createAuthTokenSecret(scope, 'AuthToken', options.encryptionKey);
    return {
      mode: this.mode,
      // A {{resolve:secretsmanager:...}} dynamic reference: CloudFormation resolves it at deploy time.
      authToken: secret.secretValue.unsafeUnwrap(),
      secret,
    };
  }
}
