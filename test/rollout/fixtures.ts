import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge, acknowledgeKnownWildcards } from '../../lib/private/nag';
import { BuiltInAlgorithm, ContainerImage, Model, ModelData, ModelEndpoint, ModelEndpointProps, ProductionVariantProps } from '../../lib/serving';

/** A stack with an artifact bucket and three models; the fixture's own nag findings are acknowledged. */
export function rolloutFixture(id = 'Test') {
  const app = new App();
  const stack = new Stack(app, id, { env: { account: '111111111111', region: 'us-east-1' } });
  const bucket = new s3.Bucket(stack, 'Artifacts', { enforceSSL: true });
  acknowledge(bucket, 'AwsSolutions-S1', 'Test fixture: model artifacts bucket; access logging is the data lake\'s concern.');
  // Model roles' S3 grants on the artifacts bucket (known wildcards of aws-cdk-lib grants).
  acknowledgeKnownWildcards(stack);
  const image = ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7);
  const model = (name: string) => {
    const m = new Model(stack, `Model-${name}`, { image, modelData: ModelData.fromBucket(bucket, `${name}/model.tar.gz`) });
    // lib/private/nag.ts knows this wildcard with <AWS::Region>:<AWS::AccountId> only; this stack has a concrete env.
    acknowledge(m, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:111111111111:log-group:/aws/sagemaker/*]',
      'SageMaker names its log groups after endpoints and jobs at run time, all under /aws/sagemaker/.');
    return m;
  };
  const models = { blue: model('blue'), green: model('green'), shadow: model('shadow') };
  return { app, stack, bucket, models };
}

/** A blue (stable, all traffic) / green (candidate, weight 0) endpoint. */
export function blueGreenEndpoint(f: ReturnType<typeof rolloutFixture>, extra: Partial<ModelEndpointProps> = {},
  variants?: ProductionVariantProps[]): ModelEndpoint {
  return new ModelEndpoint(f.stack, 'Endpoint', {
    variants: variants ?? [
      { variantName: 'blue', model: f.models.blue, initialWeight: 1, initialInstanceCount: 2 },
      { variantName: 'green', model: f.models.green, initialWeight: 0, initialInstanceCount: 2 },
    ],
    ...extra,
  });
}

/**
 * The state machine's ASL with CloudFormation references replaced by sample values (partition 'aws', a sample
 * Lambda ARN), so it can be validated like a deployed definition.
 */
export function resolvedDefinition(template: Template): any {
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const [machine] = Object.entries(machines).filter(([id]) => /RolloutControllerStateMachine[0-9A-F]{8}$/.test(id)).map(([, m]) => m);
  return JSON.parse(resolveCfn(machine.Properties.DefinitionString));
}

function resolveCfn(v: any): string {
  if (typeof v === 'string') return v;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as any[]).map(resolveCfn).join(v['Fn::Join'][0]);
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (v.Ref === 'AWS::Region') return 'us-east-1';
  if (v.Ref === 'AWS::AccountId') return '111111111111';
  if (v.Ref || v['Fn::GetAtt']) return 'arn:aws:lambda:us-east-1:111111111111:function:sample';
  throw new Error(`unexpected CloudFormation value in the definition: ${JSON.stringify(v)}`);
}
