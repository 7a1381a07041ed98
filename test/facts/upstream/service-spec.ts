/**
 * @aws-cdk/aws-service-spec as installed, read as @aws-cdk/cloudformation-diff (`cdk diff`, the reviewer) reads it:
 * each property's causesReplacement, `yes` (replacing) or `maybe` (conditional).
 */
import { loadResourceModel } from '@aws-cdk/cloudformation-diff/lib/diff/util';
import { Upstream, UpstreamType } from './upstream';

function typeOf(resourceType: string): UpstreamType | undefined {
  const model = loadResourceModel(resourceType);
  if (!model) return undefined;
  const entries = Object.entries(model.properties);
  const withReplacement = (value: string) => new Set(entries.filter(([, p]) => p.causesReplacement === value).map(([name]) => name));
  return { properties: new Set(entries.map(([name]) => name)), replacing: withReplacement('yes'), conditional: withReplacement('maybe') };
}

export function serviceSpec(resourceTypes: readonly string[]): Upstream {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('@aws-cdk/aws-service-spec/package.json') as { version: string };
  return {
    source: 'aws-service-spec',
    version: `@aws-cdk/aws-service-spec ${version}`,
    saysConditional: true,
    types: new Map(resourceTypes.map((type) => [type, typeOf(type)])),
  };
}
