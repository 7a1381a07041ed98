import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccessString, CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup, UserAuthentication } from '../../lib';
import { isolatedVpc, newStack } from '../helpers/stacks';

/** Every value CloudFormation would send as a password or token, anywhere in a template. */
function secretValues(template: Template): unknown[] {
  const found: unknown[] = [];
  const walk = (node: unknown, key?: string): void => {
    if (key === 'AuthToken' || key === 'Passwords') found.push(...[node].flat());
    if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(template.toJSON());
  return found;
}

type Stack = ReturnType<typeof newStack>;

/** Each mode, with at least one secret value (a token or a password user) so the check cannot pass vacuously. */
const MODES: [string, (stack: Stack) => CacheAuthentication][] = [
  ['AUTH token', () => CacheAuthentication.authToken()],
  ['AUTH token with rotation', () => CacheAuthentication.authToken({ rotation: { automaticallyAfter: Duration.days(7) } })],
  [
    'RBAC',
    (stack) =>
      CacheAuthentication.rbac(
        new CacheUserGroup(stack, 'Users', {
          users: [new CacheUser(stack, 'App', { userName: 'app', accessString: AccessString.readOnly() })],
        }),
      ),
  ],
  [
    'IAM',
    (stack) =>
      CacheAuthentication.iam(
        new CacheUserGroup(stack, 'Users', {
          users: [
            new CacheUser(stack, 'Iam', { userName: 'app-iam', authentication: UserAuthentication.iam() }),
            new CacheUser(stack, 'Pw', { userName: 'ops' }),
          ],
        }),
      ),
  ],
];

describe('no plaintext password or token in any template', () => {
  test.each(MODES)('%s: every AuthToken and password is a Secrets Manager dynamic reference', (_mode, make) => {
    const stack = newStack();
    new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), authentication: make(stack) });
    const values = secretValues(Template.fromStack(stack));
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect(JSON.stringify(value)).toMatch(
        /^\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:",\{"Ref":"\w+"\},":SecretString:(password)?::\}\}"\]\]\}$/,
      );
    }
  });
});
