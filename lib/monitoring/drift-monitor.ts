import { Duration, Names, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DEFAULT_ATHENA_SWITCH_BYTES, DRIFT_ENV } from '../../contracts/drift-monitor';
import { DATA_METRICS_DIMENSIONS, DATA_METRICS_NAMESPACE } from '../../contracts/model-monitor';
import { monitorPrefix } from '../../contracts/monitoring-jobs';
import { LakeZone } from '../data/lake-zone';
import { acknowledgeWildcards } from '../private/nag';
import { grantPutMetricData } from '../private/put-metric-data';
import { IModelEndpoint } from '../serving/endpoint-base';
import { AlarmTopic } from './alarm-topic';
import { graphsWithAlarms } from '../private/dashboard/graph-factory';
import { driftRecordsGraph, driftVariantGraph } from './private/dashboard/monitor-widgets';
import { checkBaselineCovers } from './private/baseline-coverage';
import { DriftFeatures } from './drift-features';
import { DriftMonitorProps } from './drift-monitor-props';
import { CaptureTable } from './private/capture-table';
import { driftThresholdsContract, driftWindowsToAlarm } from './private/drift-thresholds';
import { IDriftMonitorComponent, IDriftMonitorVariant } from './monitor-variant';
import { checkMonitoredComponent, checkMonitoredVariant, DriftMonitorComponent, DriftMonitorVariant, MonitorMetricSource } from './private/monitor-variant';
import { MonitorJob } from './private/monitor-job';
import { grantCaptureFilesRead, MonitorTargets, resolveCapture, resolveTargets } from './private/resolve';
import { checkJobName, checkMonitorSchedule } from './private/validate-monitor';
import { requireProps } from '../private/validation/checks';
import { invalidProp, ownerOf } from '../private/validation/fail';

/**
 * Data drift (the requests' features) and prediction drift (the responses), per variant (or inference component), against the training
 * data's baseline, in Model Monitor's formats.
 *
 * Every `schedule`, a Lambda reads the Data Capture files written since its checkpoint as streams into a
 * mergeable window summary, compares each feature with the baseline (numeric: KS distance and test, PSI on deciles,
 * Wasserstein; categorical: share change, chi-square, Jensen–Shannon) and flags the features whose change is both
 * significant within the false-alarm budget and at least the effect size (`thresholds`, docs/drift-statistics.md),
 * writes `statistics.json`, `constraint_violations.json` and `summary.json` under `reportLocation`, and publishes
 * Model Monitor's metrics (namespace
 * `aws/sagemaker/Endpoints/data-metrics`, `feature_baseline_drift_<feature>`, ...). Each variant has an alarm on
 * drifted features, notifying the alarm topic.
 *
 * @example
 * const drift = new DriftMonitor(this, 'Drift', {
 *   endpoint,
 *   lake: data.lake,
 *   features: DriftFeatures.fromDataPlatform(data, { exclude: ['label'] }),
 *   baseline: DriftBaseline.fromBaselineJob(baselineJob),
 * });
 * drift.forVariant('champion').metricBaselineDrift('petal_length');
 */
export class DriftMonitor extends Construct {
  /** The monitor's name (`MonitoringSchedule` dimension, report folder). */
  public readonly monitorName: string;
  /** Variants monitored (empty when the monitor measures inference components). */
  public readonly variantNames: string[];
  /** Inference components monitored (empty when the monitor measures variants). */
  public readonly inferenceComponentNames: string[];
  /** The features compared. */
  public readonly features: DriftFeatures;
  /** Where reports are written: `s3://<monitoring bucket>/monitoring-reports/<monitorName>/`. */
  public readonly reportLocation: string;
  /** The Glue table over the endpoint's capture files that Athena queries (when `athena` is given). */
  public readonly captureTableName?: string;
  /** The scheduled Lambda. */
  public readonly function: lambda.IFunction;
  /** One drift alarm per variant, plus the alarm on a failed run. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** The drift alarms only, one per variant (what should start retraining; `alarms` without the failed-run alarm). */
  public readonly driftAlarms: cloudwatch.IAlarm[] = [];

  private readonly endpoint: IModelEndpoint;
  private readonly schedule: Duration;
  private readonly targets: MonitorTargets;

  constructor(scope: Construct, id: string, props: DriftMonitorProps) {
    requireProps(ownerOf('DriftMonitor', `${scope.node.path}/${id}`), props, ['endpoint', 'lake', 'features', 'baseline']);
    super(scope, id);
    const owner = ownerOf('DriftMonitor', this.node.path);
    this.endpoint = props.endpoint;
    this.features = props.features;
    this.schedule = props.schedule ?? Duration.minutes(15);
    const minutes = checkMonitorSchedule(owner, 'schedule', this.schedule);
    const thresholds = driftThresholdsContract(owner, 'thresholds', props.thresholds);
    const windowsToAlarm = driftWindowsToAlarm(owner, 'thresholds', props.thresholds ?? {}, minutes * 60);
    const switchPoint = props.switchPoint ?? Size.bytes(DEFAULT_ATHENA_SWITCH_BYTES);
    const switchBytes = switchPointBytes(owner, switchPoint);
    checkBaselineCovers(owner, 'baseline', props.features, props.baseline);
    this.monitorName = props.monitorName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    checkJobName(owner, 'monitorName', this.monitorName);
    this.targets = resolveTargets(owner, props.endpoint, props.variantNames, props.inferenceComponents);
    this.variantNames = this.targets.kind === 'variant' ? this.targets.names : [];
    this.inferenceComponentNames = this.targets.kind === 'variant' ? [] : this.targets.names;
    const capture = resolveCapture(owner, props.endpoint, props.dataCapture);
    const reportBucket = props.lake.bucket(LakeZone.DATA_CAPTURE);
    this.reportLocation = `s3://${reportBucket.bucketName}/${monitorPrefix(this.monitorName)}`;
    const topic = props.alarmTopic ?? AlarmTopic.ofStack(this).topic;

    const job = new MonitorJob(this, 'Job', {
      bundle: 'drift-monitor',
      description: `cdk-mlops drift of ${this.node.path}`,
      schedule: this.schedule,
      memorySize: 1769, // one full vCPU: the Lambda path is CPU-bound
      topic,
      movableEnvironment: [DRIFT_ENV.schema],
      environment: {
        [DRIFT_ENV.endpointName]: props.endpoint.endpointName,
        [DRIFT_ENV.variantNames]: this.targets.names.join(','),
        [DRIFT_ENV.monitorName]: this.monitorName,
        [DRIFT_ENV.schema]: JSON.stringify(props.features._schema()),
        [DRIFT_ENV.baselineStatistics]: props.baseline.statisticsUri,
        ...(props.baseline.constraintsUri ? { [DRIFT_ENV.baselineConstraints]: props.baseline.constraintsUri } : {}),
        [DRIFT_ENV.thresholds]: JSON.stringify(thresholds),
        [DRIFT_ENV.captureBucket]: capture.bucket.bucketName,
        [DRIFT_ENV.capturePrefix]: capture.prefix,
        [DRIFT_ENV.reportBucket]: reportBucket.bucketName,
        [DRIFT_ENV.athenaSwitchBytes]: String(switchBytes),
        ...this.targets.environment,
      },
    });
    this.function = job.function;
    const reads = [
      grantCaptureFilesRead(job.function, capture, props.endpoint.endpointName),
      props.baseline.bucket.grantRead(job.function, props.baseline.statisticsKey),
      ...(props.baseline.constraintsKey ? [props.baseline.bucket.grantRead(job.function, props.baseline.constraintsKey)] : []),
    ];
    const reports = reportBucket.grantReadWrite(job.function, `${monitorPrefix(this.monitorName)}*`);
    acknowledgeWildcards(job.function, 'Capture files of this endpoint only (SageMaker names them by hour at run time) and the baseline files (aws-cdk-lib read grant).', ...reads);
    acknowledgeWildcards(job.function, 'Reports and checkpoint of this monitor only, under its own prefix: one folder per window (aws-cdk-lib read/write grant).', reports);
    grantPutMetricData(job.function, DATA_METRICS_NAMESPACE, 'data-metrics');
    this.alarms.push(job.failureAlarm);
    if (props.athena) {
      const table = new CaptureTable(this, 'CaptureTable', {
        lake: props.lake, workGroup: props.athena, captureBucket: capture.bucket, capturePrefix: capture.prefix,
        endpointName: props.endpoint.endpointName, variantNames: this.targets.names, fn: job.function,
      });
      this.captureTableName = table.tableName;
    }

    for (const variant of this.targets.names) {
      // The name itself (ids take '-'): 'a-b' and 'ab' are two variants (or components) and need two alarms.
      const alarm = new cloudwatch.Alarm(this, `${variant}DriftAlarm`, {
        metric: this.handle(variant).metricDriftedFeatures({ statistic: 'Maximum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: windowsToAlarm,
        datapointsToAlarm: windowsToAlarm,
        // A window without traffic publishes no decision: that is not drift.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Drift of ${this.targets.kind} ${variant} (${this.monitorName}): at least one feature drifted from the baseline in ${windowsToAlarm} window(s); see ${this.monitorName}'s constraint_violations.json.`,
      });
      alarm.addAlarmAction(new actions.SnsAction(topic));
      this.alarms.push(alarm);
      this.driftAlarms.push(alarm);
    }
  }

  /**
   * The metric handle of one monitored variant: `drift.forVariant('champion').metricBaselineDrift('age')`.
   * @param variantName one of `variantNames`
   */
  public forVariant(variantName: string): IDriftMonitorVariant {
    const owner = ownerOf('DriftMonitor', this.node.path);
    checkMonitoredVariant(owner, variantName, this.variantNames);
    return new DriftMonitorVariant(this.metricSource(), variantName, owner, this.features.names);
  }

  /**
   * The metric handle of one monitored inference component: `drift.forComponent('ranker').metricBaselineDrift('age')`.
   * @param inferenceComponentName one of `inferenceComponentNames`
   */
  public forComponent(inferenceComponentName: string): IDriftMonitorComponent {
    const owner = ownerOf('DriftMonitor', this.node.path);
    checkMonitoredComponent(owner, inferenceComponentName, this.inferenceComponentNames);
    return new DriftMonitorComponent(this.metricSource(), inferenceComponentName, owner, this.features.names);
  }

  /**
   * Dashboard widgets: per variant (or inference component) the drift distance of each feature and the drifted features (with the drift
   * alarm's threshold), records and malformed lines, and the alarms' states.
   */
  public widgets(): cloudwatch.IWidget[] {
    const graph = graphsWithAlarms(this.alarms);
    const variants = this.targets.names.map((v) => this.handle(v));
    return [
      ...variants.map((v) => driftVariantGraph(graph, v, this.features.names, 12)),
      driftRecordsGraph(graph, variants, 12),
      new cloudwatch.AlarmStatusWidget({ title: 'Drift alarms', alarms: this.alarms, width: 12 }),
    ];
  }

  /** The handle of one monitored variant or component. */
  private handle(name: string): IDriftMonitorVariant | IDriftMonitorComponent {
    return this.targets.kind === 'variant' ? this.forVariant(name) : this.forComponent(name);
  }

  private metricSource(): MonitorMetricSource {
    return {
      namespace: DATA_METRICS_NAMESPACE, dimensions: DATA_METRICS_DIMENSIONS, endpointName: this.endpoint.endpointName,
      monitorName: this.monitorName, schedule: this.schedule,
    };
  }
}

/** The switch point in bytes (at least 1 MiB); a token Size must be given in bytes (it cannot be converted). */
function switchPointBytes(owner: string, size: Size): number {
  if (size.isUnresolved()) {
    try {
      return size.toBytes();
    } catch {
      return invalidProp(owner, 'switchPoint', 'a token Size', 'The handler takes it in bytes and CloudFormation cannot convert a token: ' +
        'pass Size.bytes(parameter.valueAsNumber).');
    }
  }
  const bytes = size.toBytes();
  if (bytes < 1024 * 1024) invalidProp(owner, 'switchPoint', `${bytes} bytes`, 'Use at least Size.mebibytes(1).');
  return bytes;
}
