/**
 * One broken rule: its id (stable, kebab-case, listed in the README) and a message that names the prop, the bad value
 * and the allowed values.
 */
export interface ValidationProblem {
  /** The rule's id, e.g. `port-range`. */
  readonly ruleId: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/**
 * The error cdk-elasticache throws at synth for props that CloudFormation or ElastiCache would reject at deploy time.
 * Every problem of a construct is reported at once, each line prefixed with its rule id (`[port-range] port must
 * be ...`), and `ruleIds` lists them for code that catches the error. The library's own class, because aws-cdk-lib's
 * `ValidationError` is internal and its signature changes between releases.
 *
 * TypeScript-only: jsii cannot export a subclass of `Error`, so other CDK languages see the same message (rule ids
 * included) as their runtime's error type.
 * @jsii ignore
 */
export class CacheValidationError extends Error {
  /** The ids of the broken rules, in the order reported. */
  public readonly ruleIds: string[];

  /**
   * @param subject what was validated, e.g. `ReplicationGroup Stack/Cache`
   * @param problems every broken rule (at least one)
   * @param heading what kind of problems they are
   */
  constructor(subject: string, problems: ValidationProblem[], heading = 'invalid props') {
    super(`${subject}: ${heading}:\n  - ${problems.map((p) => `[${p.ruleId}] ${p.message}`).join('\n  - ')}`);
    this.name = 'CacheValidationError';
    this.ruleIds = problems.map((p) => p.ruleId);
    Object.setPrototypeOf(this, CacheValidationError.prototype);
  }
}

/** Throws a {@link CacheValidationError} when `problems` is not empty. */
export function throwIfInvalid(subject: string, problems: ValidationProblem[]): void {
  if (problems.length > 0) throw new CacheValidationError(subject, problems);
}

/** A problem, for the one-line checks: `problem('port-range', 'port must be ...')`. */
export function problem(ruleId: string, message: string): ValidationProblem {
  return { ruleId, message };
}
