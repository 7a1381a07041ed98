/**
 * The `app` user a serverless cache makes when no authentication is given: what its docs say it may do is what its
 * access string grants. The docs used to call it "full access" while it had `AccessString.readWrite()`.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { AccessString, ServerlessCache } from '../../lib';
import { isolatedVpc, newStack } from '../helpers/stacks';

const source = (file: string) => readFileSync(join(__dirname, '..', '..', file), 'utf8');

test("the generated app user's access string is AccessString.readWrite() on every key", () => {
  const stack = newStack();
  const cache = new ServerlessCache(stack, 'Sessions', { vpc: isolatedVpc(stack) });
  Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::User', {
    UserName: 'app',
    AccessString: AccessString.readWrite().value,
  });
  expect(cache.appUser?.userName).toBe('app');
});

test.each(['lib/serverless/props.ts', 'lib/serverless/serverless-cache.ts', 'README.md'])(
  '%s describes the app user by that access string, not as full access',
  (file) => {
    const text = source(file)
      .replace(/\s*\*\s*/g, ' ')
      .replace(/\s+/g, ' ');
    // The `app` user is introduced with its access level, and nowhere called full access.
    const mentions = [...text.matchAll(/user `app`/g)].map((m) => text.slice(m.index, m.index + 250));
    expect(mentions.some((mention) => mention.includes('AccessString.readWrite()'))).toBe(true);
    expect(text).not.toMatch(/`app`[^`]{0,20}\(full access/);
  },
);
