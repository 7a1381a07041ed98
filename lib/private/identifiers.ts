import { Token } from 'aws-cdk-lib';

/** The ElastiCache identifier rule, for messages. */
const idRule = (maxLength: number) =>
  `1-${maxLength} letters, digits or hyphens, starting with a letter, with no trailing or consecutive hyphens`;

/**
 * Whether `id` breaks ElastiCache's identifier rule (replication group, user and user group ids; cache cluster names up
 * to 50): 1–`maxLength` letters, digits or hyphens, starting with a letter, no trailing or double hyphen; `lowercase`
 * for replication group ids. Returns the message naming `prop`, or undefined when the id is valid or a token.
 */
export function identifierProblem(prop: string, id: string | undefined, lowercase = false, maxLength = 40): string | undefined {
  if (id === undefined || Token.isUnresolved(id)) return undefined;
  const pattern = new RegExp(`^${lowercase ? '[a-z][a-z0-9-]' : '[a-zA-Z][a-zA-Z0-9-]'}{0,${maxLength - 1}}$`);
  const rule = idRule(maxLength);
  return !pattern.test(id) || id.endsWith('-') || id.includes('--')
    ? `${prop} '${id}' is invalid: use ${lowercase ? rule.replace('letters', 'lowercase letters') : rule}`
    : undefined;
}
