import { App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { LakeZone } from '../lib/data/lake-zone';
import { Construct } from 'constructs';
import { MlPlatform } from '../lib/platform';
import { MODEL_PACKAGE_CONTEXT_KEY } from '../contracts/model-approval';
import {
  ALL_PACKAGED, CHAMPION_SLOTS_CONTEXT_KEY, CHAMPION_SLOTS_OUTPUT, ChampionSlotModels, parseChampionSlots, renderChampionSlots,
  slotModelPackageArn,
} from '../contracts/champion-slots';
import { ReferenceStage } from './reference-stage';
import { stagesFromConfig } from './stage-config';

/**
 * The reference stack: the whole cdk-mlops platform. Environment-agnostic (no account or region is hard-coded):
 * `cdk deploy` targets the account and region of the credentials in use.
 */
export class ReferenceStack extends Stack {
  public readonly platform: MlPlatform;
  /** The endpoint's name, for post-deployment steps (CDK Pipelines `envFromCfnOutputs`, the GitHub workflow). */
  public readonly endpointNameOutput: CfnOutput;
  /** The rollout table, for `cdk-mlops rollout get --watch` after a deploy (CDK_MLOPS_ROLLOUT_TABLE). */
  public readonly rolloutTableOutput: CfnOutput;
  /** What each champion slot holds, read back by `cdk-mlops champion-slots` before the next deploy. */
  public readonly championSlots: ChampionSlotModels;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      description: 'cdk-mlops reference ML platform: data lake, serving with champion slots and an A/B challenger, alarms',
      ...props,
    });
    const alarmEmail = this.node.tryGetContext('alarmEmail');
    // What each champion slot holds, as `npx cdk-mlops champion-slots <stack>` resolved it from the live stack
    // (contracts/champion-slots.ts); absent on a first deploy.
    this.championSlots = championSlotsFromContext(this);
    this.platform = new MlPlatform(this, 'Platform', {
      alarmEmail,
      championSlots: {
        blueModelPackageArn: slotModelPackageArn(this.championSlots.blue),
        greenModelPackageArn: slotModelPackageArn(this.championSlots.green),
      },
      githubRepository: this.node.tryGetContext('githubRepository'),
      githubTokenParameterName: this.node.tryGetContext('githubTokenParameter'),
    });

    this.endpointNameOutput = new CfnOutput(this, 'EndpointName', { value: this.platform.endpoint.endpointName });
    new CfnOutput(this, 'RawBucket', { value: this.platform.data.lake.bucket(LakeZone.RAW).bucketName });
    new CfnOutput(this, 'TrainingStateMachine', { value: this.platform.training.stateMachine.stateMachineArn });
    new CfnOutput(this, 'RetrainingLedger', { value: this.platform.retrainingTriggers.ledger.tableName });
    new CfnOutput(this, 'ModelPackageGroup', { value: this.platform.registry.modelPackageGroupName });
    new CfnOutput(this, 'ApprovedModelParameter', {
      value: this.platform.approvalDispatch.approvedVersionParameterName,
      description: 'SSM parameter holding the latest approved version (read by npx cdk-mlops champion-slots <stack>)',
    });
    new CfnOutput(this, CHAMPION_SLOTS_OUTPUT, {
      value: renderChampionSlots(this.championSlots),
      description: `What each champion slot holds; the next deploy passes -c ${CHAMPION_SLOTS_CONTEXT_KEY}=$(npx cdk-mlops champion-slots <stack>)`,
    });
    new CfnOutput(this, 'AlarmTopic', { value: this.platform.alarmTopic.topicArn });
    new CfnOutput(this, 'GroundTruthLocation', {
      value: `s3://${this.platform.qualityMonitor.groundTruthBucketName}/${this.platform.qualityMonitor.groundTruthPrefix}`,
      description: 'Upload labels here as <yyyy>/<mm>/<dd>/<hh>/<name>.jsonl (Model Monitor ground-truth format)',
    });
    new CfnOutput(this, 'BaselineFunction', { value: this.platform.baselineJob.function.functionName });
    new CfnOutput(this, 'MonitoringReports', { value: this.platform.driftMonitor.reportLocation });
    this.rolloutTableOutput = new CfnOutput(this, 'RolloutTable', {
      value: this.platform.rollout.controller.table.tableName,
      description: 'export CDK_MLOPS_ROLLOUT_TABLE=<this> for npx cdk-mlops rollout ...',
    });
    new CfnOutput(this, 'RolloutHistoryTable', {
      value: this.platform.rollout.controller.historyTable.tableName,
      description: 'every rollout, read by npx cdk-mlops rollout history <endpoint>',
    });
  }
}

/**
 * The champion slots from context. The older `-c modelPackageArn=<arn>` is refused: an approved version belongs in
 * the idle slot, which only the live endpoint tells.
 */
function championSlotsFromContext(scope: Construct): ChampionSlotModels {
  const legacy = scope.node.tryGetContext(MODEL_PACKAGE_CONTEXT_KEY);
  if (legacy !== undefined) {
    throw new Error(`context ${MODEL_PACKAGE_CONTEXT_KEY}=${JSON.stringify(legacy)} is no longer read: an approved version goes ` +
      'into the idle champion slot, which only the live endpoint tells. Pass -c ' +
      `${CHAMPION_SLOTS_CONTEXT_KEY}=$(npx cdk-mlops champion-slots <stack> --approved ${legacy}) instead.`);
  }
  const value = scope.node.tryGetContext(CHAMPION_SLOTS_CONTEXT_KEY);
  return value === undefined ? ALL_PACKAGED : parseChampionSlots(value);
}

/**
 * Builds the reference app (used by bin/app.ts and by the tests): one `ReferenceStage` per configured environment
 * (bin/stage-config.ts: context `stages` or CDK_MLOPS_STAGES), or, without configuration, the single
 * environment-agnostic stack `CdkMlops`.
 *
 * aws-cdk-lib's built-in CloudFormation validation (a WebAssembly validator run at every synth) is off: it takes
 * about 2.7 s of every `cdk synth` of this stack on a 2-core machine, and every template here is already checked
 * by cfn-lint, AWS's own CloudFormation linter, in `npm test`. Run `CDK_VALIDATION=true npx cdk synth` to use it.
 */
export function buildReferenceApp(
  app: App = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' }),
  env: Readonly<Record<string, string | undefined>> = process.env,
): { app: App; stack: ReferenceStack; stages: ReferenceStage[] } {
  const configs = stagesFromConfig(app.node.tryGetContext('stages'), env);
  if (configs.length === 0) return { app, stack: new ReferenceStack(app, 'CdkMlops'), stages: [] };
  const stages = configs.map((c) => new ReferenceStage(app, c.name, {
    env: c.account || c.region ? { account: c.account, region: c.region } : undefined,
  }));
  return { app, stack: stages[0].stack, stages };
}
