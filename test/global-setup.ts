import { bundleLambdas } from '../scripts/bundle-lambdas';

/** Bundles the Lambda code the constructs ship, once per test run. */
export default async function globalSetup(): Promise<void> {
  await bundleLambdas();
}
