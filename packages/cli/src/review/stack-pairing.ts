import type { CfnTemplate, StackTemplates } from './template-loader';

/** One stack as it was and as it would be. */
export interface StackPair {
  /** The stack name; `old → new` when a single old template is compared with a differently named new one. */
  readonly name: string;
  readonly oldTemplate: CfnTemplate;
  readonly newTemplate: CfnTemplate;
}

export interface PairedStacks {
  readonly pairs: StackPair[];
  /** Stacks only the old input has. `cdk deploy` never deletes a stack, so these are listed, not diffed. */
  readonly onlyOld: string[];
  /** Stacks only the new input has: new stacks, whose resources are all additions. */
  readonly onlyNew: string[];
}

/**
 * Pairs the stacks of two inputs by name. When each side holds exactly one template, they are paired whatever their
 * names: `review before.json after.json` is the common case, and the names then say nothing.
 */
export function pairStacks(oldStacks: StackTemplates, newStacks: StackTemplates): PairedStacks {
  if (oldStacks.size === 1 && newStacks.size === 1) {
    const [[oldName, oldTemplate]] = oldStacks;
    const [[newName, newTemplate]] = newStacks;
    const name = oldName === newName ? newName : `${oldName} → ${newName}`;
    return { pairs: [{ name, oldTemplate, newTemplate }], onlyOld: [], onlyNew: [] };
  }
  const pairs: StackPair[] = [];
  for (const [name, oldTemplate] of oldStacks) {
    const newTemplate = newStacks.get(name);
    if (newTemplate) {
      pairs.push({ name, oldTemplate, newTemplate });
    }
  }
  return {
    pairs,
    onlyOld: [...oldStacks.keys()].filter((name) => !newStacks.has(name)),
    onlyNew: [...newStacks.keys()].filter((name) => !oldStacks.has(name)),
  };
}
