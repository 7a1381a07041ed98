import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ValidationProblem, throwIfInvalid } from './errors';
import { addWarning } from '../private/warnings';

/**
 * A synth-time check of a construct's props, one row of a rule table (`validation-rules.ts` of each shape).
 * `error` findings throw a CacheValidationError; `warning` findings become acknowledgeable warnings.
 */
export interface Rule<I> {
  /** Stable kebab-case id: the CacheValidationError rule id, or the warning name (`cdk-elasticache:<id>`). */
  readonly id: string;
  readonly severity: 'error' | 'warning';
  /** Returns a message naming the prop and the allowed values, or undefined when the input passes. */
  readonly check: (input: I) => string | undefined;
}

/** True when `value` holds no unresolved token (the rules skip tokens: their value is known only at deploy time). */
export const isResolved = (value: unknown): boolean => !Token.isUnresolved(value);

/** True when a resolved `value` is not an integer from `min` to `max`. */
export function integerOutside(value: number, min: number, max: number): boolean {
  return isResolved(value) && (!Number.isInteger(value) || value < min || value > max);
}

/** The port rule every node-based shape shares: 1024–65535 (below 1024 ElastiCache refuses). */
export function portProblem(port: number): string | undefined {
  return integerOutside(port, 1024, 65535) ? `port must be an integer from 1024 to 65535, got ${port}` : undefined;
}

/**
 * A placement rule shared by Multi-AZ replication groups and cross-AZ Memcached clusters: the selected subnets must
 * span at least 2 Availability Zones. `azs` are the known (resolved) zones, or undefined when unknown.
 */
export function twoZonesProblem(requirement: string, azs: readonly string[] | undefined): string | undefined {
  if (!azs || new Set(azs).size >= 2) return undefined;
  return `${requirement} needs subnets in at least 2 Availability Zones, but vpcSubnets selects only ${[...new Set(azs)].join(', ') || 'none'}`;
}

/** Runs every rule; returns the broken rules, errors and warnings apart, each with its rule id. */
export function runRuleTable<I>(input: I, rules: readonly Rule<I>[]): { errors: ValidationProblem[]; warnings: ValidationProblem[] } {
  const errors: ValidationProblem[] = [];
  const warnings: ValidationProblem[] = [];
  for (const rule of rules) {
    const message = rule.check(input);
    if (message === undefined) continue;
    (rule.severity === 'error' ? errors : warnings).push({ ruleId: rule.id, message });
  }
  return { errors, warnings };
}

/** Runs the rules for `scope`: throws every error at once (prefixed with `subject`), then adds the warnings. */
export function applyRuleTable<I>(scope: IConstruct, subject: string, input: I, rules: readonly Rule<I>[]): void {
  const { errors, warnings } = runRuleTable(input, rules);
  throwIfInvalid(subject, errors);
  for (const warning of warnings) addWarning(scope, warning.ruleId, warning.message);
}
