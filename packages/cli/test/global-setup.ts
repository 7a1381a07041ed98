import { bundleLambdas } from '../../../scripts/bundle-lambdas';

/** The review tests synthesize the construct library's stacks, which reference the pre-bundled rotation Lambda. */
export default async function globalSetup(): Promise<void> {
  await bundleLambdas();
}
