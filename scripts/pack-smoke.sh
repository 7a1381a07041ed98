#!/usr/bin/env bash
# Installs the `npm pack` tarball into a fresh CDK app and synthesizes a cache into a VPC with only isolated
# subnets, as a consumer would: `require('cdk-elasticache')`, no TypeScript, no esbuild.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
npm run -s build
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
cdk_lib="$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")"
constructs="$(node -p "require('./package.json').devDependencies['constructs']")"

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "./$tarball" "aws-cdk-lib@$cdk_lib" "constructs@$constructs"
cat > app.js <<'JS'
const { App, Stack, aws_ec2: ec2 } = require('aws-cdk-lib');
const { ReplicationGroup } = require('cdk-elasticache');

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'Consumer');
const vpc = new ec2.Vpc(stack, 'Vpc', {
  natGateways: 0,
  subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});
const cache = new ReplicationGroup(stack, 'Cache', { vpc });
const clients = new ec2.SecurityGroup(stack, 'Clients', { vpc });
cache.connections.allowDefaultPortFrom(clients);
const template = app.synth().getStackByName('Consumer').template;
const types = Object.values(template.Resources).map((r) => r.Type);
for (const type of ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::SubnetGroup', 'AWS::EC2::SecurityGroupIngress']) {
  if (!types.includes(type)) throw new Error(`missing ${type}`);
}
const runtime = require('cdk-elasticache/runtime');
for (const name of ['discoverEndpoints', 'createIamAuthToken', 'createCacheClient', 'CacheAside', 'RateLimiter', 'Leaderboard']) {
  if (typeof runtime[name] !== 'function') throw new Error(`cdk-elasticache/runtime does not export ${name}`);
}
const sample = require('cdk-elasticache/package.json');
console.log(`pack smoke test: ${sample.name}@${sample.version} synthesized ${types.length} resources, ingress on port ${cache.port}`);
JS
CDK_VALIDATION=false node app.js
# The CLI runs from the installed package (compiled JS, no tsx).
npx --no-install cdk-elasticache --help | head -n 1
