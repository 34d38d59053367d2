#!/usr/bin/env node
// The reference app: the whole cdk-mlops platform in one stack. Environment-agnostic (no account or region is
// hard-coded): `cdk deploy` targets the credentials' account and region.
import { App, Stack } from 'aws-cdk-lib';
import { MlPlatform } from '../lib/platform';

const app = new App();
const stack = new Stack(app, 'CdkMlops', {
  description: 'cdk-mlops reference ML platform: data, serving with A/B variants, alarms',
});
new MlPlatform(stack, 'Platform', {
  alarmEmail: app.node.tryGetContext('alarmEmail'),
});
app.synth();
