#!/usr/bin/env node
// `cdk synth` / `cdk deploy` entry (cdk.json "app"). Context comes from the CDK CLI (-c key=value).
import { buildSampleApp } from './sample-app-factory';

buildSampleApp().synth();
