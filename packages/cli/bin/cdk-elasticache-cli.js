#!/usr/bin/env node
// CLI launcher: the TypeScript source in a checkout (always current), the compiled CLI in an installed package
// (which ships dist/ only).
const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
let cli;
if (fs.existsSync(source)) {
  // The checkout's tsconfig maps cdk-elasticache-runtime to its source, so no build is needed.
  process.env.TSX_TSCONFIG_PATH ??= path.join(__dirname, '..', '..', '..', 'tsconfig.json');
  require('tsx/cjs');
  cli = require(source);
} else {
  cli = require(path.join(__dirname, '..', 'dist', 'cli', 'main.js'));
}
cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`cdk-elasticache-cli: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
