import * as path from 'path';
import { DockerImage, aws_lambda as lambda } from 'aws-cdk-lib';
import { buildSync } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from '../lambda/esbuild-options';

/**
 * Lambda code bundled at synth time by esbuild's JS API, in-process: no Docker, no NodejsFunction shell-out. The
 * Docker image is required by the type but never used, because local bundling always succeeds.
 */
export function esbuildCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(path.dirname(entry), {
    bundling: {
      image: DockerImage.fromRegistry('unused-local-bundling'),
      local: {
        tryBundle(outputDir: string): boolean {
          buildSync({
            entryPoints: [entry],
            outfile: path.join(outputDir, 'index.js'),
            ...LAMBDA_ESBUILD_OPTIONS,
          });
          return true;
        },
      },
    },
  });
}
