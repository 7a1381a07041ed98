import { bundleLambdas } from '../scripts/bundle-lambdas';
import { ensureRedisServer } from '../packages/runtime/test/ensure-redis-server';

/**
 * Once per test run, before any test: make sure the runtime tests have a redis-server (installing Debian's package
 * when running as root with apt-get, failing at once with install instructions otherwise), and bundle the Lambda
 * code the constructs ship.
 */
export default async function globalSetup(): Promise<void> {
  process.env.REDIS_SERVER_BIN = ensureRedisServer();
  await bundleLambdas();
}
