import { Token } from 'aws-cdk-lib';

/** The ElastiCache identifier rule, for messages. */
const ID_RULE = '1-40 letters, digits or hyphens, starting with a letter, with no trailing or consecutive hyphens';

/**
 * Whether `id` breaks ElastiCache's identifier rule (replication group, user and user group ids): 1–40 letters,
 * digits or hyphens, starting with a letter, no trailing or double hyphen; `lowercase` for replication group ids.
 * Returns the message naming `prop`, or undefined when the id is valid or a token.
 */
export function identifierProblem(prop: string, id: string | undefined, lowercase = false): string | undefined {
  if (id === undefined || Token.isUnresolved(id)) return undefined;
  const pattern = lowercase ? /^[a-z][a-z0-9-]{0,39}$/ : /^[a-zA-Z][a-zA-Z0-9-]{0,39}$/;
  return !pattern.test(id) || id.endsWith('-') || id.includes('--')
    ? `${prop} '${id}' is invalid: use ${lowercase ? ID_RULE.replace('letters', 'lowercase letters') : ID_RULE}`
    : undefined;
}
