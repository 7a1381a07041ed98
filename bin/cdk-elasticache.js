#!/usr/bin/env node
// CLI launcher: the compiled CLI when the package is built (npm pack / install), the TypeScript source in a checkout.
const fs = require('fs');
const path = require('path');

const built = path.join(__dirname, '..', 'dist', 'lib', 'cli', 'main.js');
let cli;
if (fs.existsSync(built)) {
  cli = require(built);
} else {
  require('tsx/cjs');
  cli = require(path.join(__dirname, '..', 'lib', 'cli', 'main.ts'));
}
cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`cdk-elasticache: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
