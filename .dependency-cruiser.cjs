/**
 * The import graph of the construct library (lib/): no loops, and no import from a lower layer to a higher one.
 * Run: `npx depcruise lib --config .dependency-cruiser.cjs` (CONTRIBUTING.md, "Layers"). Type-only imports count:
 * a type cycle is a loop of concepts all the same.
 *
 * Layers, lowest first. A file may import its own layer and the layers below it, never one above.
 */
const LAYERS = [
  // AWS facts with their sources and dates (lib/facts/): plain data, see the facts-plain-data rule.
  { name: 'facts', path: '^lib/facts/' },
  // Internals: names, identifiers, windows, removal-policy helpers, warnings, the cache key, node-type parsing.
  { name: 'private', path: '^lib/private/' },
  // Types every shape uses: CacheEndpoint, NetworkType, the engine base, errors, the rule table, imported attributes.
  { name: 'shared', path: '^lib/shared/' },
  // Plumbing the building blocks use: subnets and security groups, log-group keys, VPC Lambda functions.
  { name: 'plumbing', path: '^lib/(network|logs|lambda)/' },
  // Building blocks every shape uses: authentication and users; metrics, alarms, dashboards, log delivery, events.
  { name: 'blocks', path: '^lib/(auth|monitoring)/' },
  // grantAccess: one implementation for every shape and import (uses auth's users and modes).
  { name: 'connect', path: '^lib/connect/' },
  // The cache shapes. They never import each other.
  { name: 'shapes', path: '^lib/(replication-group|memcached|serverless)/' },
  // Global datastores: they join replication groups across regions.
  { name: 'global', path: '^lib/global/' },
  // Entry points: the public API and the deployable sample.
  { name: 'entry', path: '^lib/(index[.]ts$|sample/)' },
];

const SHAPES = ['replication-group', 'memcached', 'serverless'];

/** One rule per layer: it may not import any layer above it. */
const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} is below ${LAYERS.slice(index + 1)
    .map((l) => l.name)
    .join(', ')}: it must not import them`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(index + 1).map((l) => l.path) },
}));

/** Each shape stands alone: what two shapes share belongs in a lower layer. */
const shapeRules = SHAPES.map((shape) => ({
  name: `shape-${shape}-alone`,
  comment: `${shape} must not import another shape: move what they share to shared/ or a building block`,
  severity: 'error',
  from: { path: `^lib/${shape}/` },
  to: { path: `^lib/(${SHAPES.filter((s) => s !== shape).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import loop ties concepts together: cut it by moving what both sides need to a lower layer.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    {
      name: 'layer-unknown',
      comment: 'Every file of lib/ belongs to a layer: add its folder to LAYERS in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^lib/', pathNot: LAYERS.map((l) => l.path) },
      to: {},
    },
    {
      name: 'facts-plain-data',
      comment: 'lib/facts/ is plain data and types that other packages copy (scripts/sync-contract.ts): it imports nothing but other facts',
      severity: 'error',
      from: { path: '^lib/facts/' },
      to: { pathNot: '^lib/facts/' },
    },
    ...layerRules,
    ...shapeRules,
  ],
  options: {
    // The runtime, the reviewer and the CLI are packages of their own (packages/).
    exclude: { path: '^lib/(runtime|review|cli)/|^packages/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
