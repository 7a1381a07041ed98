/**
 * The CloudFormation registry schemas that cfn-lint (a Python package) bundles, for us-east-1: each type's
 * createOnlyProperties. Read through cfn-lint's own schema manager, so the on-disk layout of its versions does not
 * matter. cfn-lint is required: CI installs it, and without it this throws with how to install it (no silent skip).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Upstream, UpstreamType } from './upstream';

const READ_SCHEMAS = `
import json, sys
import cfnlint.version
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
types = {}
for name in sys.argv[1:]:
    try:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema('us-east-1', name).schema
    except Exception:
        types[name] = None
        continue
    create_only = [p[len('/properties/'):] for p in schema.get('createOnlyProperties', []) if p.startswith('/properties/')]
    types[name] = {'properties': sorted(schema.get('properties', {})), 'createOnly': create_only}
print(json.dumps({'version': cfnlint.version.__version__, 'types': types}))
`;

const INSTALL = 'install cfn-lint (`pip install cfn-lint`; .ci/run installs it on CI machines)';

/** The Python that can import cfnlint: python3, else the interpreter of the `cfn-lint` command (a pipx install). */
function pythonWithCfnLint(): string {
  const candidates = ['python3'];
  try {
    const command = execFileSync('sh', ['-c', 'command -v cfn-lint'], { encoding: 'utf8' }).trim();
    const shebang = /^#!\s*(\S+)/.exec(readFileSync(command, 'utf8').split('\n')[0]);
    if (shebang && !/\b(env|bash|sh)$/.test(shebang[1])) candidates.push(shebang[1]);
  } catch {
    // no cfn-lint command: python3 is the only candidate
  }
  for (const python of candidates) {
    try {
      execFileSync(python, ['-c', 'import cfnlint.schema'], { stdio: 'ignore' });
      return python;
    } catch {
      // try the next one
    }
  }
  throw new Error(`cannot import cfnlint with ${candidates.join(' or ')}: ${INSTALL}`);
}

interface Output {
  readonly version: string;
  readonly types: Record<string, { properties: string[]; createOnly: string[] } | null>;
}

export function cfnLint(resourceTypes: readonly string[]): Upstream {
  const output = JSON.parse(
    execFileSync(pythonWithCfnLint(), ['-c', READ_SCHEMAS, ...resourceTypes], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }),
  ) as Output;
  const typeOf = (raw: Output['types'][string]): UpstreamType | undefined =>
    raw ? { properties: new Set(raw.properties), replacing: new Set(raw.createOnly), conditional: new Set() } : undefined;
  return {
    source: 'cfn-lint',
    version: `cfn-lint ${output.version}`,
    saysConditional: false,
    types: new Map(resourceTypes.map((type) => [type, typeOf(output.types[type] ?? null)])),
  };
}
