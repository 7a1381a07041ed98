/**
 * esbuild settings for every Lambda bundle this project builds (the shipped rotation Lambda and the sample's API):
 * one self-contained, minified CommonJS file for the Node.js Lambda runtime.
 */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  logLevel: 'warning',
} as const;
