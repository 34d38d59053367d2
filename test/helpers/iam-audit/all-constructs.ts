/**
 * A stack that uses every construct of the library at least once, in the configurations that add functions, state
 * machines, rules or grants the reference app does not have: registered champion slots, automatic approval and a
 * GitHub dispatch; an A/B analysis, a shadow analysis and an adaptive allocation (on its own endpoint, since it owns
 * the weights); a shadow-first rollout with an S3 request hook and native blue/green on a third endpoint; a streaming
 * ETL job, Redshift Serverless, a Lake Formation lake, a model in a VPC, Batch Transform, and the GitHub deploy role. In a concrete account and region, so
 * that literal ARNs are audited too (the reference app is environment-agnostic).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { DataLake, DataWarehouse, LakeZone, StreamingEtlJob, WarehouseEngine } from '../../../lib/data';
import { GitHubDeployRole } from '../../../lib/delivery';
import { AbTestAnalysis, AdaptiveAllocation, ShadowAnalysis, ShadowProblem } from '../../../lib/experiments';
import { MlPlatform } from '../../../lib/platform';
import { acknowledgeKnownWildcards } from '../../../lib/private/nag';
import { CapacitySize, DeploymentStrategy, NativeDeploymentConfig, RequestHook, VariantRollout } from '../../../lib/rollout';
import { BatchInference, BuiltInAlgorithm, ContainerImage, Model, ModelData, ModelEndpoint } from '../../../lib/serving';
import { ApprovalMode } from '../../../lib/training';

export const ALL_CONSTRUCTS_ENV = { account: '111122223333', region: 'eu-west-1' };

/** The stack (synthesize it with auditStack). */
export function allConstructsStack(): Stack {
  const app = new App();
  const stack = new Stack(app, 'AllConstructs', { env: ALL_CONSTRUCTS_ENV });
  acknowledgeKnownWildcards(stack);
  // The platform's registry group (its generated name), written in lower case as SageMaker writes version ARNs.
  const group = 'AllConstructs-Platform-Registry-3D768DAE';
  const version = (n: number) => `arn:aws:sagemaker:${ALL_CONSTRUCTS_ENV.region}:${ALL_CONSTRUCTS_ENV.account}:model-package/${group.toLowerCase()}/${n}`;
  const platform = new MlPlatform(stack, 'Platform', {
    championSlots: { blueModelPackageArn: version(1), greenModelPackageArn: version(2) },
    approvalMode: ApprovalMode.AUTOMATIC,
    githubRepository: 'acme/ml-platform',
    githubTokenParameterName: '/acme/github-token',
    alarmEmail: 'ml-oncall@example.com',
  });
  const { data } = platform;
  const outcomes = { bucket: data.lake.bucket(LakeZone.GROUND_TRUTH) };

  // Experiments on the platform's endpoint that do not move its weights.
  new AbTestAnalysis(stack, 'AbTest', {
    endpoint: platform.endpoint, experimentName: 'iris-challenger', outcomes, variantNames: ['blue', 'challenger'],
    metrics: [{ name: 'conversion' }], schedule: Duration.minutes(30),
  });
  new ShadowAnalysis(stack, 'Shadow', {
    endpoint: platform.endpoint, problem: ShadowProblem.CLASSIFICATION, productionVariant: 'blue', shadowVariant: 'challenger', threshold: 0.5,
  });

  // An endpoint whose weights an adaptive allocation owns.
  const image = ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7);
  const artifacts = platform.training.artifactBucket;
  const model = (id: string) => new Model(stack, id, { image, modelData: ModelData.fromBucket(artifacts, `${id}/model.tar.gz`), networkIsolation: true });
  const bandit = new ModelEndpoint(stack, 'BanditEndpoint', {
    variants: [{ variantName: 'a', model: model('BanditA'), initialWeight: 50 }, { variantName: 'b', model: model('BanditB'), initialWeight: 50 }],
    dataCapture: { bucket: data.lake.bucket(LakeZone.DATA_CAPTURE), prefix: 'bandit' },
  });
  new AdaptiveAllocation(stack, 'Bandit', { endpoint: bandit, metricName: 'click', outcomes });

  // A shadow-first rollout (replay of captured requests) with payloads from S3, and native blue/green on deploys.
  const shadowed = new ModelEndpoint(stack, 'ShadowedEndpoint', {
    variants: [
      { variantName: 'blue', model: model('ShadowBlue'), initialWeight: 1, initialInstanceCount: 2 },
      { variantName: 'green', model: model('ShadowGreen'), initialWeight: 0, initialInstanceCount: 2 },
    ],
    dataCapture: { bucket: data.lake.bucket(LakeZone.DATA_CAPTURE), prefix: 'shadowed' },
  });
  new VariantRollout(stack, 'ShadowedRollout', {
    endpoint: shadowed,
    strategy: DeploymentStrategy.shadowFirst({ duration: Duration.minutes(5), then: DeploymentStrategy.CANARY_10PERCENT_5MINUTES }),
    requestHook: RequestHook.fromS3(artifacts, 'hooks/iris.jsonl'),
    // Shadow, hook and canary together outlast what a deploy may wait for: started with the CLI.
    startOnDeploy: false,
  });
  new ModelEndpoint(stack, 'NativeEndpoint', {
    variants: [{ variantName: 'only', model: model('Native'), initialInstanceCount: 4 }],
    deploymentConfig: NativeDeploymentConfig.blueGreenCanary({ canarySize: CapacitySize.instanceCount(1), waitInterval: Duration.minutes(5) }),
  });

  // Data: streaming ETL, a Redshift Serverless warehouse, Batch Transform after the batch ETL.
  new StreamingEtlJob(stack, 'Clickstream', { lake: data.lake, stream: new kinesis.Stream(stack, 'Clicks', { encryption: kinesis.StreamEncryption.MANAGED }), dataset: 'clicks' });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  new DataWarehouse(stack, 'Redshift', { lake: data.lake, engine: WarehouseEngine.redshiftServerless({ vpc, baseCapacityRpu: 8 }) });
  new DataLake(stack, 'GovernedLake', { lakeFormation: {} });
  // A model in the VPC: its execution role manages the containers' network interfaces.
  new Model(stack, 'VpcModel', { image, modelData: ModelData.fromBucket(artifacts, 'vpc/model.tar.gz'), vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
  new BatchInference(stack, 'Nightly', {
    model: model('Scoring'), lake: data.lake, inputZone: LakeZone.FEATURES, inputPrefix: 'scoring/iris/', runAfter: data.etl,
    schedule: events.Schedule.rate(Duration.days(1)),
  });

  // Delivery.
  new GitHubDeployRole(stack, 'GitHub', {
    repository: 'acme/ml-platform', ownerId: 1234567, repositoryId: 765432109, branches: ['main'], environments: ['staging', 'production'],
    rolloutTables: [platform.rollout.controller.table],
  });
  return stack;
}
