import { readFileSync } from 'node:fs';
import { CONTRACT_COPY, expectedCopy } from '../../scripts/sync-contract';

// The construct library compiles a generated copy of the runtime's variable contract (scripts/sync-contract.ts).
test('lib/connect/variables.ts is the current copy of packages/runtime/src/variables.ts', () => {
  const copy = readFileSync(CONTRACT_COPY, 'utf8');
  if (copy !== expectedCopy()) {
    throw new Error('lib/connect/variables.ts differs from packages/runtime/src/variables.ts: run `npm run contract:sync`');
  }
});
