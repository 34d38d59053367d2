import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { DataPlatform } from './data/data-platform';
import { LakeZone } from './data/lake-zone';
import { AlarmTopic } from './monitoring/alarm-topic';
import { BaselineJob } from './monitoring/baseline-job';
import { DriftBaseline } from './monitoring/drift-baseline';
import { DriftFeatures } from './monitoring/drift-features';
import { DriftMonitor } from './monitoring/drift-monitor';
import { ModelQualityMonitor } from './monitoring/model-quality-monitor';
import { MonitoringDashboard } from './monitoring/monitoring-dashboard';
import { PipelineMonitor } from './monitoring/pipeline-monitor';
import { StageDataFormat } from './monitoring/pipeline-monitor-props';
import { ProblemType } from './monitoring/problem-type';
import { DeploymentStrategy } from './rollout/deployment-strategy';
import { MaxHoldAction } from './rollout/deployment-strategy-props';
import { MlPlatformProps } from './platform-props';
import { HookOutputCheck, RequestHook } from './rollout/request-hook';
import { VariantRollout } from './rollout/variant-rollout';
import { assetPath } from './private/package-paths';
import { BuiltInAlgorithm } from './serving/built-in-algorithm';
import { ContainerImage } from './serving/container-image';
import { ModelEndpoint } from './serving/endpoint';
import { InstanceType } from './serving/instance-type';
import { IModel, Model } from './serving/model';
import { ModelData } from './serving/model-data';
import { checkModelPackageVersion } from './private/validation/arns';
import { ownerOf } from './private/validation/fail';
import { validatePlatformProps } from './private/validation/validate-platform';
import { ApprovalMode } from './training/comparison-options';
import { CHALLENGER_VARIANT, CHAMPION_SLOT_NAMES, ChampionSlot } from '../contracts/champion-slots';
import { ModelApprovalDispatch } from './training/model-approval-dispatch';
import { ModelRegistry } from './training/model-registry';
import { RegisteredModel } from './training/registered-model';
import { RetrainingPipeline } from './training/retraining-pipeline';
import { RetrainingTriggers } from './training/retraining-triggers';

/** Rows 1, 51, 61, 101 and 150 of assets/model/data/iris.csv (features only), as assets/payloads samples them. */
const IRIS_SAMPLE_ROWS = ['5.1,3.5,1.4,0.2', '7.0,3.2,4.7,1.4', '5.0,2.0,3.5,1.0', '6.3,3.3,6.0,2.5', '5.9,3.0,5.1,1.8'];

/**
 * The whole ML platform with good defaults: a data lake with ETL, a quality gate and an Athena warehouse; training
 * that reads only gated data; a model served by an endpoint with three production variants — two champion slots
 * (`blue`, `green`: one serves the champion share, the other idles at weight 0 for the next version) and the
 * `challenger` of the A/B split — data capture of every request and response into the lake, alarms on each
 * variant, and guarded rollouts between the champion slots that leave the challenger's share alone.
 *
 * @example
 * // A new approved version goes into the idle slot (here green, while blue serves):
 * new MlPlatform(stack, 'Platform', {
 *   championSlots: { greenModelPackageArn: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/2' },
 * });
 */
export class MlPlatform extends Construct {
  /** The endpoint: champion slots `blue` and `green`, and the `challenger`. */
  public readonly endpoint: ModelEndpoint;
  /** The topic every alarm of the platform notifies (`alarmEmail` is subscribed to it). */
  public readonly alarmTopic: sns.ITopic;
  /** The bucket the endpoint's data capture is written to (the lake's monitoring bucket). */
  public readonly captureBucket: s3.IBucket;
  /** The data path: lake, ETL, quality gate and warehouse. */
  public readonly data: DataPlatform;
  /** Retraining from the lake into the registry (Step Functions). */
  public readonly training: RetrainingPipeline;
  /** The model registry of retrained versions. */
  public readonly registry: ModelRegistry;
  /** What starts retraining (add drift and quality alarms with `addDriftAlarm` / `addQualityAlarm`), and its ledger. */
  public readonly retrainingTriggers: RetrainingTriggers;
  /** Approval → deploy of the approved version. */
  public readonly approvalDispatch: ModelApprovalDispatch;
  /** The guarded rollout between the champion slots (`rollout.variants` is `['blue', 'green']`). */
  public readonly rollout: VariantRollout;
  /** Computes the drift baseline from the curated training data. */
  public readonly baselineJob: BaselineJob;
  /** Data and prediction drift of the endpoint's variants. */
  public readonly driftMonitor: DriftMonitor;
  /** Model quality (concept drift) of the endpoint's variants against ground truth. */
  public readonly qualityMonitor: ModelQualityMonitor;
  /** Volumes and rate of change of the pipeline's stages (raw, curated, features), and drift of the raw arrivals. */
  public readonly pipelineMonitor: PipelineMonitor;
  /** The endpoint's dashboard. */
  public readonly dashboard: MonitoringDashboard;

  constructor(scope: Construct, id: string, props: MlPlatformProps = {}) {
    super(scope, id);
    const owner = ownerOf('MlPlatform', this.node.path);
    const challengerPercent = props.challengerTrafficPercent ?? 10;
    validatePlatformProps(owner, props, challengerPercent);
    // One asset for both variants when both use the packaged model.
    let packagedModel: ModelData | undefined;
    const packaged = () => (packagedModel ??= ModelData.fromAsset(assetPath('model', 'model.tar.gz')));

    this.alarmTopic = AlarmTopic.ofStack(this).topic;
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    // Data: raw Iris measurements land in the lake, are curated by Glue, checked by the quality gate, queryable
    // in Athena, and read by training; the endpoint's captures go to the lake's data-capture area.
    this.data = new DataPlatform(this, 'Data', {
      dataset: 'iris',
      lake: { removalPolicy: props.removalPolicy },
      // The layout of assets/model/data/iris-landing.csv: label first, as XGBoost training expects.
      columns: { label: 'int', sepal_length: 'double', sepal_width: 'double', petal_length: 'double', petal_width: 'double' },
      qualityRules: 'Rules = [ RowCount > 0, IsComplete "label", IsComplete "petal_length", IsComplete "petal_width" ]',
      alarmTopic: this.alarmTopic,
    });
    this.captureBucket = this.data.lake.bucket(LakeZone.DATA_CAPTURE);
    // Continuous training: weekly or on the drift and quality alarms (wired below, once the monitors exist), with a cool-down and a minimum of new rows;
    // versions land in the registry; an approval dispatches the deploy that puts the version into the idle champion slot.
    this.registry = new ModelRegistry(this, 'Registry', { description: 'Iris XGBoost versions retrained from the lake' });
    this.training = new RetrainingPipeline(this, 'Training', {
      data: this.data, registry: this.registry, labelColumn: 'label',
      featureColumns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      comparison: { margin: 0.01, approval: props.approvalMode ?? ApprovalMode.MANUAL },
      alarmTopic: this.alarmTopic,
    });
    this.retrainingTriggers = new RetrainingTriggers(this, 'RetrainingTriggers', {
      pipeline: this.training, schedule: events.Schedule.rate(Duration.days(7)), minNewRows: 50, coolDown: Duration.hours(24),
    });
    this.approvalDispatch = new ModelApprovalDispatch(this, 'ApprovalDispatch', {
      registry: this.registry, githubRepository: props.githubRepository, githubTokenParameterName: props.githubTokenParameterName,
    });

    const image = ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7);
    // Each champion slot has its own model resource, with an id that depends only on what it holds: a deploy that
    // keeps a slot's content renders it unchanged, so the drain guard and the rollout see no change there.
    const slotModel = (slot: ChampionSlot): IModel => {
      const id = slot === 'blue' ? 'Blue' : 'Green';
      const arn = slotVersion(props, slot);
      // A version of this platform's registry, in this stack's region: the model's role reads only that group.
      checkModelPackageVersion(owner, `championSlots.${slot}ModelPackageArn`, arn, this, this.registry.modelPackageGroupName);
      return arn
        ? new RegisteredModel(this, `${id}Approved`, {
          modelPackageArn: arn, registry: this.registry, artifactBucket: this.training.artifactBucket,
        })
        : new Model(this, id, { image, modelData: props.championModelData ?? packaged(), networkIsolation: true });
    };
    const [blue, green] = CHAMPION_SLOT_NAMES.map(slotModel);
    const challenger = new Model(this, 'Challenger', {
      image, modelData: props.challengerModelData ?? packaged(), networkIsolation: true,
    });

    const instanceType = props.instanceType ?? InstanceType.ML_M5_LARGE;
    // blue serves the champion share when the endpoint is created; green idles at 0 until a rollout moves the share
    // to it. Live weights are retained across deploys, so these weights matter only at creation.
    this.endpoint = new ModelEndpoint(this, 'Endpoint', {
      variants: [
        { variantName: 'blue', model: blue, instanceType, initialWeight: 100 - challengerPercent },
        { variantName: 'green', model: green, instanceType, initialWeight: 0 },
        { variantName: CHALLENGER_VARIANT, model: challenger, instanceType, initialWeight: challengerPercent },
      ],
      dataCapture: { bucket: this.captureBucket, prefix: 'data-capture', samplingPercentage: 100 },
      alarmTopic: this.alarmTopic,
    });

    // Changing the idle champion slot's model in a later deploy rolls it out: drained first (it already is),
    // checked with the sample payloads, then a canary guarded by its own alarms; the deploy fails if the rollout rolls
    // back. The rollout owns only the two champion slots, so the challenger keeps its share of the A/B split.
    this.rollout = new VariantRollout(this, 'Rollout', {
      endpoint: this.endpoint,
      variants: [...CHAMPION_SLOT_NAMES],
      strategy: props.rolloutStrategy ?? DeploymentStrategy.canary({
        percentage: 10,
        interval: Duration.minutes(5),
        maxHold: Duration.minutes(10),
        onMaxHold: MaxHoldAction.ADVANCE,
      }),
      // The packaged Iris model's interface: one CSV row in, the probability of class 1 out.
      requestHook: RequestHook.fromPayloads(IRIS_SAMPLE_ROWS.map((body) => ({ body })), {
        contentType: 'text/csv', expectedOutput: HookOutputCheck.number(0, 1),
      }),
    });

    // Monitoring: data and prediction drift against the baseline of the curated training data (recomputed when the
    // data passes its gate), model quality against ground truth uploaded to the lake, and one dashboard.
    const features = DriftFeatures.fromDataPlatform(this.data, { exclude: ['label'] });
    this.baselineJob = new BaselineJob(this, 'DriftBaseline', { data: this.data, features });
    this.driftMonitor = new DriftMonitor(this, 'Drift', {
      endpoint: this.endpoint,
      lake: this.data.lake,
      features,
      baseline: DriftBaseline.fromBaselineJob(this.baselineJob),
      // Windows above the switch point run in the warehouse's Athena workgroup instead of over several Lambda runs.
      athena: this.data.warehouse.athena,
      alarmTopic: this.alarmTopic,
    });
    this.qualityMonitor = new ModelQualityMonitor(this, 'Quality', {
      endpoint: this.endpoint,
      lake: this.data.lake,
      problemType: ProblemType.BINARY_CLASSIFICATION,
      thresholds: { minAccuracy: 0.9, minAuc: 0.9 },
      alarmTopic: this.alarmTopic,
    });
    // The loop closes here: the drift alarms (3 of the last 4 hours by default) and the quality alarms of the served
    // variants start retraining through the trigger policy; the monitors' failed-run alarms do not (they say the
    // monitor broke, not the model).
    for (const alarm of this.driftMonitor.driftAlarms) this.retrainingTriggers.addDriftAlarm(alarm);
    for (const alarm of this.qualityMonitor.qualityAlarms) this.retrainingTriggers.addQualityAlarm(alarm);
    // Raw arrivals (CSV with a header) and the curated output (the Glue job's snappy Parquet, features as columns of
    // the same names) are compared with the training data's baseline by the drift monitor's statistics; the features
    // zone: volume only.
    const stageBaseline = DriftBaseline.fromBaselineJob(this.baselineJob);
    this.pipelineMonitor = new PipelineMonitor(this, 'Pipeline', {
      lake: this.data.lake,
      stages: [
        { name: 'raw', zone: LakeZone.RAW, subPath: 'iris/', drift: { features, baseline: stageBaseline } },
        { name: 'curated', zone: LakeZone.CURATED, subPath: 'iris/', drift: { features, baseline: stageBaseline, format: StageDataFormat.PARQUET } },
        { name: 'features', zone: LakeZone.FEATURES },
      ],
      alarmTopic: this.alarmTopic,
    });
    this.dashboard = new MonitoringDashboard(this, 'Dashboard', {
      endpoint: this.endpoint,
      rollout: this.rollout,
      driftMonitor: this.driftMonitor,
      qualityMonitor: this.qualityMonitor,
      dataPlatform: this.data,
      pipelineMonitor: this.pipelineMonitor,
    });
  }
}

/** The registry version `slot` holds, from `championSlots`. */
function slotVersion(props: MlPlatformProps, slot: ChampionSlot): string | undefined {
  return slot === 'blue'
    ? props.championSlots?.blueModelPackageArn
    : props.championSlots?.greenModelPackageArn;
}
