import { App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { LakeZone } from '../lib/data/lake-zone';
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

    new CfnOutput(this, 'EndpointName', { value: this.platform.endpoint.endpointName });
    new CfnOutput(this, 'RawBucket', { value: this.platform.data.lake.bucket(LakeZone.RAW).bucketName });
    new CfnOutput(this, 'TrainingStateMachine', { value: this.platform.training.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AlarmTopic', { value: this.platform.alarmTopic.topicArn });
    new CfnOutput(this, 'RolloutTable', {
      value: this.platform.rollout.controller.table.tableName,
      description: 'export CDK_MLOPS_ROLLOUT_TABLE=<this> for npx cdk-mlops rollout ...',
    });
  }
}

/**
 * Builds the reference app (used by bin/app.ts and by the tests).
 *
 * aws-cdk-lib's built-in CloudFormation validation (a WebAssembly validator run at every synth) is off: it takes
 * about 2.7 s of every `cdk synth` of this stack on a 2-core machine, and every template here is already checked
 * by cfn-lint, AWS's own CloudFormation linter, in `npm test`. Run `CDK_VALIDATION=true npx cdk synth` to use it.
 */
export function buildReferenceApp(
  app: App = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' }),
): { app: App; stack: ReferenceStack } {
  const stack = new ReferenceStack(app, 'CdkMlops');
  return { app, stack };
}
