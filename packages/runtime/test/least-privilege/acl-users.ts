/**
 * Test helper: users made from the constructs' own access strings (lib/auth/access-string.ts), applied to real servers
 * with ACL SETUSER, the way ElastiCache applies a user group; a connection as each user through connectFromEnvironment
 * (the variables grantAccess sets, an RBAC secret); and the ACL LOG entries every server kept for a user.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Redis } from 'ioredis';
import { AccessString } from '../../../../lib/auth/access-string';
import type { CacheClient } from '../../src/connection';
import { connectFromEnvironment } from '../../src/connect-from-environment';
import { toEnvironment } from '../../src/variables';

export const KEY_PATTERN = 'app:*';
export const USERS = {
  writer: { name: 'app', accessString: AccessString.readWrite(KEY_PATTERN), password: 'app-password-0123456789' },
  reader: { name: 'reporting', accessString: AccessString.readOnly(KEY_PATTERN), password: 'reporting-password-0123456789' },
} as const;
export type UserRole = keyof typeof USERS;

/** Creates (or resets) both users on every server, from the access strings alone. */
export async function applyUsers(admins: readonly Redis[]): Promise<void> {
  for (const admin of admins) {
    for (const user of Object.values(USERS)) {
      await admin.acl('SETUSER', user.name, 'reset', ...user.accessString.value.split(' '), `>${user.password}`);
    }
    await admin.acl('LOG', 'RESET');
  }
}

/** A client as `role`, connected by connectFromEnvironment from the variables grantAccess would set. */
export function connectAs(role: UserRole, endpoint: { address: string; port: number; cluster: boolean }): Promise<CacheClient> {
  const user = USERS[role];
  const secretArn = `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${user.name}`;
  const secretsManager = {
    send: (command: GetSecretValueCommand) => {
      if (command.input.SecretId !== secretArn) throw new Error(`unexpected secret ${command.input.SecretId}`);
      return Promise.resolve({ SecretString: JSON.stringify({ username: user.name, password: user.password }) });
    },
  } as unknown as SecretsManagerClient;
  const env = toEnvironment({
    endpointKind: endpoint.cluster ? 'cluster' : 'single',
    address: endpoint.address,
    port: String(endpoint.port),
    tls: false,
    readOnly: role === 'reader',
    authMode: 'rbac',
    secretArn,
    region: 'eu-west-1',
  });
  return connectFromEnvironment({ env, secretsManager, connectTimeoutMs: 2_000 });
}

export interface AclLogEntry {
  readonly username: string;
  readonly reason: string;
  readonly object: string;
}

/** What every server's ACL LOG holds for `username` (denied commands, keys and channels). */
export async function aclLog(admins: readonly Redis[], username: string): Promise<AclLogEntry[]> {
  const entries: AclLogEntry[] = [];
  for (const admin of admins) {
    for (const raw of (await admin.acl('LOG')) as unknown[][]) {
      const fields = new Map<string, unknown>();
      for (let i = 0; i + 1 < raw.length; i += 2) fields.set(String(raw[i]), raw[i + 1]);
      if (fields.get('username') !== username) continue;
      entries.push({ username, reason: String(fields.get('reason')), object: String(fields.get('object')) });
    }
  }
  return entries;
}
