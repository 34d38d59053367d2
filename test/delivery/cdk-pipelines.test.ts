/**
 * The library inside CDK Pipelines: the reference stage (the whole platform) as a stage of a
 * `pipelines.CodePipeline` synthesizes with its Lambda bundles and model artifact published as assets, no token
 * crossing from the stage into the pipeline stack, and a post-deployment step that reads the stage's outputs
 * (endpoint and rollout table) the way the GitHub workflow does.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { ReferenceStage } from '../../bin/reference-stage';

const context = require('../../cdk.json').context;
const ENV = { account: '123456789012', region: 'eu-west-1' };

let assembly: ReturnType<App['synth']>;
let pipeline: Template;

beforeAll(() => {
  const app = new App({ context });
  const stack = new Stack(app, 'Delivery', { env: ENV });
  const codePipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
    synth: new pipelines.ShellStep('Synth', {
      input: pipelines.CodePipelineSource.connection('acme/ml-platform', 'main', {
        connectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/0e4a9ec5-7a2d-4f4c-9d84-1b1f2bb4f4a1',
      }),
      commands: ['npm ci', 'npx cdk synth'],
    }),
  });
  const staging = new ReferenceStage(app, 'Staging', { env: ENV });
  codePipeline.addStage(staging, {
    post: [new pipelines.ShellStep('FollowRollout', {
      envFromCfnOutputs: { ENDPOINT: staging.stack.endpointNameOutput, TABLE: staging.stack.rolloutTableOutput },
      commands: ['npx cdk-mlops rollout get "$ENDPOINT" --table "$TABLE" --watch --timeout 14400'],
    })],
  });
  // A cross-stage token or an unpublishable asset fails here.
  assembly = app.synth();
  pipeline = Template.fromStack(stack);
});

test('the stage stack synthesizes inside the pipeline with its own environment', () => {
  const stageAssembly = assembly.getNestedAssembly('assembly-Staging');
  const stackArtifact = stageAssembly.getStackByName('Staging-CdkMlops');
  expect(stackArtifact.environment).toMatchObject({ account: ENV.account, region: ENV.region });
  expect(Object.keys(stackArtifact.template.Resources).length).toBeGreaterThan(100);
});

test('the pipeline deploys the stage stack after publishing its file assets (Lambda bundles, model)', () => {
  const [resource] = Object.values(pipeline.findResources('AWS::CodePipeline::Pipeline')) as any[];
  const stages: Array<{ Name: string; Actions: Array<{ Name: string; ActionTypeId: { Category: string; Provider: string } }> }> =
    resource.Properties.Stages;
  const names = stages.map((s) => s.Name);
  expect(names).toEqual(expect.arrayContaining(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Staging']));
  expect(names.indexOf('Assets')).toBeLessThan(names.indexOf('Staging'));
  const assets = stages.find((s) => s.Name === 'Assets')!.Actions;
  // One publishing action per file asset, named after it: the model artifact and each Lambda bundle.
  const assetNames = assets.map((a) => a.Name);
  expect(assetNames).toEqual(expect.arrayContaining(['Platform_Blue_ModelData', 'CdkMlopsRolloutController_Controller_Code',
    'CdkMlopsRolloutController_Rollback_Code', 'Platform_RetrainingTriggers_Function_Code', 'Platform_Drift_Job_Function_Code']));
  expect(assets.every((a) => a.ActionTypeId.Category === 'Build' && a.ActionTypeId.Provider === 'CodeBuild')).toBe(true);
  const deploy = stages.find((s) => s.Name === 'Staging')!.Actions.map((a) => a.Name);
  expect(deploy).toEqual(expect.arrayContaining(['CdkMlops.Prepare', 'CdkMlops.Deploy', 'FollowRollout']));
});

test('the post-deployment step reads the endpoint and rollout table from the stage\'s outputs', () => {
  const [resource] = Object.values(pipeline.findResources('AWS::CodePipeline::Pipeline')) as any[];
  const follow = (resource.Properties.Stages as any[]).find((s) => s.Name === 'Staging').Actions
    .find((a: any) => a.Name === 'FollowRollout');
  const env = JSON.parse(follow.Configuration.EnvironmentVariables) as Array<{ name: string; value: string }>;
  const byName = Object.fromEntries(env.map((e) => [e.name, e.value]));
  const deploy = (resource.Properties.Stages as any[]).find((s) => s.Name === 'Staging').Actions
    .find((a: any) => a.Name === 'CdkMlops.Deploy');
  expect(byName.ENDPOINT).toBe(`#{${deploy.Namespace}.EndpointName}`);
  expect(byName.TABLE).toBe(`#{${deploy.Namespace}.RolloutTable}`);
});
