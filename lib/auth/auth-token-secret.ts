import { RemovalPolicy, aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Length of generated AUTH tokens. ElastiCache accepts 16–128; 64 alphanumerics give ~380 bits of entropy. */
export const AUTH_TOKEN_LENGTH = 64;

/**
 * A Secrets Manager secret whose SecretString is a generated AUTH token.
 * Alphanumeric only: ElastiCache rejects `/`, `"` and `@`, and other punctuation breaks connection URLs.
 */
export function createAuthTokenSecret(
  scope: Construct,
  id: string,
  encryptionKey: kms.IKey,
  removalPolicy: RemovalPolicy,
): secretsmanager.Secret {
  return new secretsmanager.Secret(scope, id, {
    description: `AUTH token of the ElastiCache replication group ${scope.node.path}`,
    encryptionKey,
    removalPolicy,
    generateSecretString: {
      passwordLength: AUTH_TOKEN_LENGTH,
      excludePunctuation: true,
      includeSpace: false,
    },
  });
}
