import { MAX_TOKEN_LENGTH, MIN_TOKEN_LENGTH } from './config';

/**
 * ElastiCache's AUTH token rule: 16–128 printable characters, and the only non-alphanumerics allowed
 * are `! & # $ ^ < > -`. Generated tokens are alphanumeric; this check catches a value someone put into
 * the secret by hand before it reaches ModifyReplicationGroup, where the error would be less clear.
 */
const AUTH_TOKEN = new RegExp(`^[A-Za-z0-9!&#$^<>-]{${MIN_TOKEN_LENGTH},${MAX_TOKEN_LENGTH}}$`);

export function assertValidAuthToken(token: string, versionId: string): void {
  if (!AUTH_TOKEN.test(token)) {
    // Never echo the token itself: this message ends up in CloudWatch Logs.
    throw new Error(
      `Secret version ${versionId} is not a valid ElastiCache AUTH token ` +
        `(${MIN_TOKEN_LENGTH}-${MAX_TOKEN_LENGTH} characters of A-Z a-z 0-9 ! & # $ ^ < > -; got ${token.length} characters)`,
    );
  }
}
