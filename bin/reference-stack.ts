import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MlPlatform } from '../lib/platform';

/**
 * The reference stack: the whole cdk-mlops platform. Environment-agnostic (no account or region is hard-coded):
 * `cdk deploy` targets the account and region of the credentials in use.
 */
export class ReferenceStack extends Stack {
  public readonly platform: MlPlatform;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      description: 'cdk-mlops reference ML platform: data lake, serving with A/B variants, alarms',
      ...props,
    });
    const alarmEmail = this.node.tryGetContext('alarmEmail');
    this.platform = new MlPlatform(this, 'Platform', { alarmEmail });
  }
}

/** Builds the reference app (used by bin/app.ts and by the tests). */
export function buildReferenceApp(app: App = new App()): { app: App; stack: ReferenceStack } {
  const stack = new ReferenceStack(app, 'CdkMlops');
  return { app, stack };
}
