import { Duration, RemovalPolicy } from 'aws-cdk-lib';
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
import { ProblemType } from './monitoring/problem-type';
import { DeploymentStrategy } from './rollout/deployment-strategy';
import { MaxHoldAction } from './rollout/deployment-strategy-props';
import { HookOutputCheck, RequestHook } from './rollout/request-hook';
import { VariantRollout } from './rollout/variant-rollout';
import { assetPath } from './private/package-paths';
import { BuiltInAlgorithm } from './serving/built-in-algorithm';
import { ContainerImage } from './serving/container-image';
import { ModelEndpoint } from './serving/endpoint';
import { InstanceType } from './serving/instance-type';
import { Model } from './serving/model';
import { ModelData } from './serving/model-data';
import { validatePlatformProps } from './private/validation/validate-platform';
import { ApprovalMode } from './training/comparison-options';
import { ModelApprovalDispatch } from './training/model-approval-dispatch';
import { ModelRegistry } from './training/model-registry';
import { RegisteredModel } from './training/registered-model';
import { RetrainingPipeline } from './training/retraining-pipeline';
import { RetrainingTriggers } from './training/retraining-triggers';

/** Rows 1, 51, 61, 101 and 150 of assets/model/data/iris.csv (features only), as assets/payloads samples them. */
const IRIS_SAMPLE_ROWS = ['5.1,3.5,1.4,0.2', '7.0,3.2,4.7,1.4', '5.0,2.0,3.5,1.0', '6.3,3.3,6.0,2.5', '5.9,3.0,5.1,1.8'];

/** Properties of an `MlPlatform`; every one has a default, so `new MlPlatform(this, 'Platform')` deploys the reference platform. */
export interface MlPlatformProps {
  /**
   * Artifact of the champion model (built-in XGBoost format).
   * @default - the packaged Iris XGBoost model (assets/model/model.tar.gz)
   */
  readonly championModelData?: ModelData;
  /**
   * Artifact of the challenger model, A/B tested against the champion.
   * @default - the packaged Iris XGBoost model
   */
  readonly challengerModelData?: ModelData;
  /**
   * Share of requests the challenger answers, in percent (the A/B split).
   * @default 10
   */
  readonly challengerTrafficPercent?: number;
  /**
   * Instance type of both variants.
   * @default InstanceType.ML_M5_LARGE
   */
  readonly instanceType?: InstanceType;
  /**
   * How a deploy that changes one variant's model rolls it out (the changed variant is the candidate).
   * @default - a 10% canary baked for 5 minutes, after the request hook (five Iris rows, each answer a probability);
   * steps with too little traffic to judge advance after 10 minutes (the reference endpoint may have no users)
   */
  readonly rolloutStrategy?: DeploymentStrategy;
  /**
   * E-mail address subscribed to alarm notifications.
   * @default - no subscription (subscribe to `alarmTopic` yourself)
   */
  readonly alarmEmail?: string;
  /**
   * What happens to the lake's data when the stack is deleted. `RemovalPolicy.DESTROY` deletes it only when the
   * context flag `@cdk-mlops/core:removeDataOnDestroy` is true too (for throw-away environments only).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The approved registry version the champion variant serves (the reference app reads it from
   * `cdk deploy -c modelPackageArn=<arn>`, which the deploy workflow passes after an approval).
   * @default - the champion serves `championModelData`
   */
  readonly approvedModelPackageArn?: string;
  /**
   * How retrained versions are approved.
   * @default ApprovalMode.MANUAL
   */
  readonly approvalMode?: ApprovalMode;
  /**
   * `owner/name` of the GitHub repository whose deploy workflow an approval dispatches (with `githubTokenParameterName`).
   * @default - approvals are recorded in SSM only
   */
  readonly githubRepository?: string;
  /**
   * SSM SecureString parameter with the GitHub token for the dispatch.
   * @default - none
   */
  readonly githubTokenParameterName?: string;
}

/**
 * The whole ML platform with good defaults: a data lake with ETL, a quality gate and an Athena warehouse; training
 * that reads only gated data; a model served by an endpoint with a champion and a challenger variant in an A/B
 * split, data capture of every request and response into the lake, alarms on each variant, and guarded rollouts
 * of changed models.
 */
export class MlPlatform extends Construct {
  /** The endpoint serving the champion and the challenger variant. */
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
  /** The guarded rollout of the endpoint's changed variant. */
  public readonly rollout: VariantRollout;
  /** Computes the drift baseline from the curated training data. */
  public readonly baselineJob: BaselineJob;
  /** Data and prediction drift of the endpoint's variants. */
  public readonly driftMonitor: DriftMonitor;
  /** Model quality (concept drift) of the endpoint's variants against ground truth. */
  public readonly qualityMonitor: ModelQualityMonitor;
  /** Volumes and rate of change of the pipeline's stages (raw, curated, features). */
  public readonly pipelineMonitor: PipelineMonitor;
  /** The endpoint's dashboard. */
  public readonly dashboard: MonitoringDashboard;

  constructor(scope: Construct, id: string, props: MlPlatformProps = {}) {
    super(scope, id);
    const challengerPercent = props.challengerTrafficPercent ?? 10;
    validatePlatformProps(props, challengerPercent);
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
    // versions land in the registry; an approval dispatches the deploy that sets approvedModelPackageArn.
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
    const champion = props.approvedModelPackageArn
      ? new RegisteredModel(this, 'ApprovedChampion', {
        modelPackageArn: props.approvedModelPackageArn, registry: this.registry, artifactBucket: this.training.artifactBucket,
      })
      : new Model(this, 'Champion', { image, modelData: props.championModelData ?? packaged(), networkIsolation: true });
    const challenger = new Model(this, 'Challenger', {
      image, modelData: props.challengerModelData ?? packaged(), networkIsolation: true,
    });

    const instanceType = props.instanceType ?? InstanceType.ML_M5_LARGE;
    this.endpoint = new ModelEndpoint(this, 'Endpoint', {
      variants: [
        { variantName: 'champion', model: champion, instanceType, initialWeight: 100 - challengerPercent },
        { variantName: 'challenger', model: challenger, instanceType, initialWeight: challengerPercent },
      ],
      dataCapture: { bucket: this.captureBucket, prefix: 'data-capture', samplingPercentage: 100 },
      alarmTopic: this.alarmTopic,
    });

    // Changing one variant's model in a later deploy rolls it out: drained first, checked with the sample payloads,
    // then a canary guarded by its own alarms; the deploy fails if the rollout rolls back.
    this.rollout = new VariantRollout(this, 'Rollout', {
      endpoint: this.endpoint,
      strategy: props.rolloutStrategy ?? DeploymentStrategy.canary({
        percent: 10,
        bake: Duration.minutes(5),
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
    this.pipelineMonitor = new PipelineMonitor(this, 'Pipeline', {
      lake: this.data.lake,
      stages: [
        { name: 'raw', zone: LakeZone.RAW, subPath: 'iris/' },
        { name: 'curated', zone: LakeZone.CURATED, subPath: 'iris/' },
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
      extraWidgets: this.pipelineMonitor.widgets(),
    });
  }
}
