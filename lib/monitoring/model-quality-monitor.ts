import { Duration, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  MODEL_QUALITY_DIMENSIONS, MODEL_QUALITY_NAMESPACE, QUALITY_ENV, QUALITY_SECTIONS,
} from '../../contracts/model-quality';
import { monitorPrefix } from '../../contracts/monitoring-jobs';
import { LakeZone } from '../data/lake-zone';
import { IModelEndpoint } from '../serving/endpoint-base';
import { AlarmTopic } from './alarm-topic';
import { graphsWithAlarms } from '../private/dashboard/graph-factory';
import { qualityJoinedGraph, qualityVariantGraph } from './private/dashboard/monitor-widgets';
import { ModelQualityMonitorProps } from './model-quality-monitor-props';
import { IModelQualityMonitorComponent, IModelQualityMonitorVariant } from './monitor-variant';
import { checkMonitoredComponent, checkMonitoredVariant, MonitorMetricSource, QualityMonitorComponent, QualityMonitorVariant } from './private/monitor-variant';
import { qualityConstraints } from './private/quality-constraints';
import { grantCaptureFilesRead, MonitorTargets, resolveCapture, resolveTargets } from './private/resolve';
import { acknowledgeWildcards } from '../private/nag';
import { grantPutMetricData } from '../private/put-metric-data';
import { MonitorJob } from './private/monitor-job';
import { checkJobName, checkMonitorSchedule } from './private/validate-monitor';
import { ProblemType } from './problem-type';
import { requireProps } from '../private/validation/checks';
import { durationIn } from '../private/validation/durations';
import { ownerOf } from '../private/validation/fail';
import { checkFraction } from '../private/validation/numbers';

/**
 * Concept drift: the quality of an endpoint's predictions, per variant (or inference component), measured against ground truth.
 *
 * Callers label what they asked (pass `InferenceId` to InvokeEndpoint, or use the `eventId` of the capture) and upload
 * labels in Model Monitor's ground-truth JSONL format under `groundTruthLocation` (`.../yyyy/mm/dd/hh/*.jsonl`). On
 * each run, a Lambda reads the capture and ground-truth files written since its checkpoint, joins them by
 * `inferenceId`, else `eventId` (labels may come up to `lateLabelWindow` late), and per variant writes
 * `statistics.json` and `constraint_violations.json` and publishes Model Monitor's metrics (namespace
 * `aws/sagemaker/Endpoints/model-metrics`: accuracy, precision, recall, f1, auc, ... or mae, rmse, r2, mape).
 * Each threshold set raises an alarm per variant on the alarm topic.
 *
 * @example
 * const quality = new ModelQualityMonitor(this, 'Quality', {
 *   endpoint, lake: data.lake, problemType: ProblemType.BINARY_CLASSIFICATION,
 *   thresholds: { minAccuracy: 0.9, minAuc: 0.85 },
 * });
 * quality.grantWriteGroundTruth(labellingRole);
 * quality.forVariant('AllTraffic').metricAccuracy();
 */
export class ModelQualityMonitor extends Construct {
  /** The monitor's name (`MonitoringSchedule` dimension, report folder). */
  public readonly monitorName: string;
  /** Variants measured (empty when the monitor measures inference components). */
  public readonly variantNames: string[];
  /** Inference components measured (empty when the monitor measures variants). */
  public readonly inferenceComponentNames: string[];
  /** Bucket callers upload ground truth to (the lake's monitoring bucket). */
  public readonly groundTruthBucketName: string;
  /** Key prefix of this endpoint's ground truth, ending with '/': upload to `<prefix>yyyy/mm/dd/hh/<name>.jsonl`. */
  public readonly groundTruthPrefix: string;
  /** Where reports are written: `s3://<monitoring bucket>/monitoring-reports/<monitorName>/`. */
  public readonly reportLocation: string;
  /** The scheduled Lambda. */
  public readonly function: lambda.IFunction;
  /** Quality alarms (one per variant and threshold), plus the alarm on a failed run. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** The quality alarms only, one per variant and threshold (what should start retraining; `alarms` without the failed-run alarm). */
  public readonly qualityAlarms: cloudwatch.IAlarm[] = [];
  /** What the model predicts. */
  public readonly problemType: ProblemType;

  private readonly endpoint: IModelEndpoint;
  private readonly schedule: Duration;
  private readonly lake: ModelQualityMonitorProps['lake'];
  private readonly targets: MonitorTargets;

  constructor(scope: Construct, id: string, props: ModelQualityMonitorProps) {
    requireProps(ownerOf('ModelQualityMonitor', `${scope.node.path}/${id}`), props, ['endpoint', 'lake', 'problemType']);
    super(scope, id);
    const owner = ownerOf('ModelQualityMonitor', this.node.path);
    this.endpoint = props.endpoint;
    this.lake = props.lake;
    this.problemType = props.problemType;
    this.schedule = props.schedule ?? Duration.hours(1);
    checkMonitorSchedule(owner, 'schedule', this.schedule);
    const lateWindowSeconds = durationIn(owner, 'lateLabelWindow', props.lateLabelWindow ?? Duration.days(2),
      { unit: 'seconds', min: Duration.seconds(0), max: Duration.days(30), api: 'The late-label window (a join of labels to inferences)' });
    checkFraction(owner, 'probabilityThreshold', props.probabilityThreshold);
    this.monitorName = props.monitorName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    checkJobName(owner, 'monitorName', this.monitorName);
    this.targets = resolveTargets(owner, props.endpoint, props.variantNames, props.inferenceComponents);
    this.variantNames = this.targets.kind === 'variant' ? this.targets.names : [];
    this.inferenceComponentNames = this.targets.kind === 'variant' ? [] : this.targets.names;
    const capture = resolveCapture(owner, props.endpoint, props.dataCapture);
    const constraints = qualityConstraints(owner, this.problemType, props.thresholds ?? {});

    const monitoringBucket = props.lake.bucket(LakeZone.GROUND_TRUTH);
    this.groundTruthBucketName = monitoringBucket.bucketName;
    this.groundTruthPrefix = `${LakeZone.GROUND_TRUTH.prefix}${props.endpoint.endpointName}/`;
    this.reportLocation = `s3://${monitoringBucket.bucketName}/${monitorPrefix(this.monitorName)}`;
    const topic = props.alarmTopic ?? AlarmTopic.ofStack(this).topic;

    const job = new MonitorJob(this, 'Job', {
      bundle: 'quality-monitor',
      description: `cdk-mlops model quality of ${this.node.path}`,
      schedule: this.schedule,
      memorySize: 1024,
      topic,
      movableEnvironment: [QUALITY_ENV.constraints],
      environment: {
        [QUALITY_ENV.endpointName]: props.endpoint.endpointName,
        [QUALITY_ENV.variantNames]: this.targets.names.join(','),
        [QUALITY_ENV.monitorName]: this.monitorName,
        [QUALITY_ENV.problemType]: props.problemType.name,
        [QUALITY_ENV.probabilityThreshold]: String(props.probabilityThreshold ?? 0.5),
        [QUALITY_ENV.lateLabelWindowSeconds]: String(lateWindowSeconds),
        [QUALITY_ENV.constraints]: JSON.stringify({ version: 0, [QUALITY_SECTIONS[props.problemType._name].constraints]: constraints }),
        [QUALITY_ENV.captureBucket]: capture.bucket.bucketName,
        [QUALITY_ENV.capturePrefix]: capture.prefix,
        [QUALITY_ENV.groundTruthBucket]: monitoringBucket.bucketName,
        [QUALITY_ENV.groundTruthPrefix]: this.groundTruthPrefix,
        [QUALITY_ENV.reportBucket]: monitoringBucket.bucketName,
        ...(props.inferenceAttribute ? { [QUALITY_ENV.inferenceAttribute]: props.inferenceAttribute } : {}),
        ...this.targets.environment,
      },
    });
    this.function = job.function;
    const reads = [
      grantCaptureFilesRead(job.function, capture, props.endpoint.endpointName),
      monitoringBucket.grantRead(job.function, `${this.groundTruthPrefix}*`),
    ];
    const reports = monitoringBucket.grantReadWrite(job.function, `${monitorPrefix(this.monitorName)}*`);
    acknowledgeWildcards(job.function, 'Capture and ground-truth files of this endpoint only: SageMaker and labellers name them by hour at run time (aws-cdk-lib read grant).', ...reads);
    acknowledgeWildcards(job.function, 'Reports and checkpoint of this monitor only, under its own prefix: one folder per window (aws-cdk-lib read/write grant).', reports);
    grantPutMetricData(job.function, MODEL_QUALITY_NAMESPACE, 'model-quality');
    this.alarms.push(job.failureAlarm);

    for (const variant of this.targets.names) {
      for (const [metricName, c] of Object.entries(constraints)) {
        // The variant's (or component's) name as given past its first letter (ids take '-'): 'a-b' and 'aB' need two alarms.
        const alarm = new cloudwatch.Alarm(this, `${variant[0].toUpperCase()}${variant.slice(1)}${alarmIdPart(metricName)}Alarm`, {
          metric: this.handle(variant).metric(metricName, { statistic: 'Average' }),
          threshold: c.threshold,
          comparisonOperator: c.comparison_operator === 'LessThanThreshold'
            ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          // No labels joined in a window publishes nothing: that is not bad quality.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: `${metricName} of ${this.targets.kind} ${variant} (${this.monitorName}) ${c.comparison_operator === 'LessThanThreshold' ? 'below' : 'above'} ${c.threshold}.`,
        });
        alarm.addAlarmAction(new actions.SnsAction(topic));
        this.alarms.push(alarm);
        this.qualityAlarms.push(alarm);
      }
    }
  }

  /**
   * The metric handle of one monitored variant: `quality.forVariant('champion').metricAccuracy()`.
   * @param variantName one of `variantNames`
   */
  public forVariant(variantName: string): IModelQualityMonitorVariant {
    checkMonitoredVariant(ownerOf('ModelQualityMonitor', this.node.path), variantName, this.variantNames);
    return new QualityMonitorVariant(this.metricSource(), variantName, this.multiclass());
  }

  /**
   * The metric handle of one measured inference component: `quality.forComponent('ranker').metricAccuracy()`.
   * @param inferenceComponentName one of `inferenceComponentNames`
   */
  public forComponent(inferenceComponentName: string): IModelQualityMonitorComponent {
    checkMonitoredComponent(ownerOf('ModelQualityMonitor', this.node.path), inferenceComponentName, this.inferenceComponentNames);
    return new QualityMonitorComponent(this.metricSource(), inferenceComponentName, this.multiclass());
  }

  /** Lets a principal upload ground truth for this endpoint (and encrypt it with the lake key). */
  public grantWriteGroundTruth(grantee: iam.IGrantable): iam.Grant {
    return this.lake.grantWrite(grantee, LakeZone.GROUND_TRUTH, `${this.endpoint.endpointName}/`);
  }

  /** Dashboard widgets: the quality metrics of each variant or component (with its alarms' thresholds), labelled predictions per window, alarm states. */
  public widgets(): cloudwatch.IWidget[] {
    const graph = graphsWithAlarms(this.alarms);
    const variants = this.targets.names.map((v) => this.handle(v));
    return [
      ...variants.map((v) => qualityVariantGraph(graph, v, this.problemType._name, 8)),
      qualityJoinedGraph(graph, variants, 8),
      new cloudwatch.AlarmStatusWidget({ title: 'Model quality alarms', alarms: this.alarms, width: 24 }),
    ];
  }

  /** The handle of one measured variant or component. */
  private handle(name: string): IModelQualityMonitorVariant | IModelQualityMonitorComponent {
    return this.targets.kind === 'variant' ? this.forVariant(name) : this.forComponent(name);
  }

  private metricSource(): MonitorMetricSource {
    return {
      namespace: MODEL_QUALITY_NAMESPACE, dimensions: MODEL_QUALITY_DIMENSIONS, endpointName: this.endpoint.endpointName,
      monitorName: this.monitorName, schedule: this.schedule,
    };
  }

  private multiclass(): boolean {
    return this.problemType === ProblemType.MULTICLASS_CLASSIFICATION;
  }
}

function alarmIdPart(s: string): string {
  return s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}
