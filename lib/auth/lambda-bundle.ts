import * as fs from 'fs';
import * as path from 'path';

/**
 * The directory of a Lambda bundle the package ships pre-built (`dist/lambda/<name>`, made by
 * scripts/bundle-lambdas.ts during `npm run build` and `npm ci`), found from this file in both the source tree
 * (lib/auth) and the compiled package (dist/lib/auth).
 */
export function lambdaBundleDir(name: string): string {
  const candidates = [path.join(__dirname, '..', '..', 'dist', 'lambda', name), path.join(__dirname, '..', '..', 'lambda', name)];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'index.js')));
  if (!found) {
    throw new Error(
      `the pre-bundled '${name}' Lambda is missing (looked in ${candidates.join(', ')}): run 'npm run build' in cdk-elasticache`,
    );
  }
  return found;
}
