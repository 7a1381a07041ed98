import { SHARED_MODULES, staleCopies } from '../../scripts/sync-contract';

// The construct library compiles generated copies of the runtime's shared data modules (scripts/sync-contract.ts).
test(`the generated copies (${SHARED_MODULES.map((m) => m.copy).join(', ')}) are current`, () => {
  const stale = staleCopies();
  if (stale.length > 0) throw new Error(`stale generated copies: ${stale.join(', ')}; run \`npm run contract:sync\``);
});
