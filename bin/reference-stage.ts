import { Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ReferenceStack } from './reference-stack';

/**
 * One environment of the reference app (Staging, Production, ...): the reference stack, deployable with
 * `cdk deploy '<Stage>/*'` or as a stage of a CDK Pipeline (`pipeline.addStage(new ReferenceStage(...))`), whose
 * post-deployment steps read the outputs exposed here.
 */
export class ReferenceStage extends Stage {
  public readonly stack: ReferenceStack;

  constructor(scope: Construct, id: string, props: StageProps = {}) {
    super(scope, id, props);
    this.stack = new ReferenceStack(this, 'CdkMlops');
  }
}
