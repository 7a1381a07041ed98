#!/usr/bin/env node
// `cdk synth` / `cdk deploy` entry (cdk.json "app"). Context comes from the CDK CLI (-c key=value).
import { ensureLambdaBundles } from '../scripts/bundle-lambdas';
import { buildSampleApp } from './sample-app-factory';

// The rotation Lambda the constructs ship is pre-bundled by `npm run build`; a fresh checkout bundles it here.
ensureLambdaBundles();
buildSampleApp().synth();
