import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EXPERIMENT_DIMENSIONS, EXPERIMENT_NAMESPACE, SHADOW_ENV, SHADOW_METRICS } from '../../contracts/experiments';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { MonitoredCapture } from '../monitoring/monitored-capture';
import { MonitorJob } from '../monitoring/private/monitor-job';
import { checkVariantName, resolveCapture, VariantKinds } from '../monitoring/private/resolve';
import { describeRate } from '../monitoring/private/validate-alarms';
import { checkMonitorSchedule } from '../monitoring/private/validate-monitor';
import { acknowledgeWildcards } from '../private/nag';
import { IModelEndpoint } from '../serving/endpoint-base';
import { ModelEndpoint } from '../serving/endpoint';
import { grantCaptureRead, grantPutExperimentMetrics } from './private/grants';
import { checkEnumValue } from './private/validate';
import { requireProps } from '../private/validation/checks';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { checkFraction } from '../private/validation/numbers';

/** What the model answers, for comparing two models' answers. */
export enum ShadowProblem {
  /** Class labels, or scores turned into labels at `threshold`: agreement rate and class flips. */
  CLASSIFICATION = 'classification',
  /** Numbers: mean absolute and mean relative difference. */
  REGRESSION = 'regression',
}

/** Props of `ShadowAnalysis`. */
export interface ShadowAnalysisProps {
  /** The endpoint with a shadow variant (or a candidate whose answers are captured beside production's). */
  readonly endpoint: IModelEndpoint;
  /** What the model answers. */
  readonly problem: ShadowProblem;
  /**
   * The production variant.
   * @default - the endpoint's first variant
   */
  readonly productionVariant?: string;
  /**
   * The shadow variant.
   * @default - the ModelEndpoint's shadow variant
   */
  readonly shadowVariant?: string;
  /**
   * Scores at or above it are class 1 (classification from scores).
   * @default - the answers are labels
   */
  readonly threshold?: number;
  /**
   * How often the comparison runs, over the window of the same length before it (5 minutes to 1 day).
   * @default Duration.hours(1)
   */
  readonly schedule?: Duration;
  /**
   * Alarm when the agreement rate falls below it (classification); the alarm can gate a rollout.
   * @default - no agreement alarm
   */
  readonly minAgreementRate?: number;
  /**
   * Where alarms and the failed-run alarm go.
   * @default - the stack's AlarmTopic
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Data Capture location (it must capture inputs and outputs of both variants).
   * @default - the endpoint's own data capture
   */
  readonly dataCapture?: MonitoredCapture;
}

/**
 * Shadow analysis: the shadow variant's answers against production's on the same requests (paired by the captured
 * `inferenceId`, else `eventId`, else identical input within a minute), agreement rate and class flips or the mean
 * absolute and relative difference, and error-rate and p99 latency differences, as metrics per endpoint. Alarms
 * on them (e.g. `minAgreementRate`) can be passed to a VariantRollout's `alarms` to gate it.
 *
 * @example
 * const shadow = new ShadowAnalysis(this, 'Shadow', {
 *   endpoint, problem: ShadowProblem.CLASSIFICATION, threshold: 0.5, minAgreementRate: 0.95,
 * });
 */
export class ShadowAnalysis extends Construct {
  /** The scheduled Lambda. */
  public readonly function: lambda.IFunction;
  /** The agreement alarm (when `minAgreementRate` is set) and the failed-run alarm. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** The agreement alarm, when `minAgreementRate` is set. */
  public readonly agreementAlarm?: cloudwatch.IAlarm;
  /** The shadow variant compared. */
  public readonly shadowVariant: string;

  private readonly endpointName: string;
  private readonly schedule: Duration;

  constructor(scope: Construct, id: string, props: ShadowAnalysisProps) {
    requireProps(ownerOf('ShadowAnalysis', `${scope.node.path}/${id}`), props, ['endpoint', 'problem']);
    super(scope, id);
    const owner = ownerOf('ShadowAnalysis', this.node.path);
    this.schedule = props.schedule ?? Duration.hours(1);
    const minutes = checkMonitorSchedule(owner, 'schedule', this.schedule, 'the window each run compares');
    checkEnumValue(owner, 'problem', props.problem, ShadowProblem);
    checkFraction(owner, 'threshold', props.threshold, true);
    checkFraction(owner, 'minAgreementRate', props.minAgreementRate, true, 'Use a share above 0 and below 1 (0.95: alarm when the two agree on fewer than 95% of requests).');
    if (props.minAgreementRate !== undefined && props.problem !== ShadowProblem.CLASSIFICATION) {
      invalidProp(owner, 'minAgreementRate', props.minAgreementRate, 'Agreement applies to classification only; remove it or use ShadowProblem.CLASSIFICATION.');
    }
    const shadowOfEndpoint = props.endpoint instanceof ModelEndpoint ? props.endpoint.shadowVariantName : undefined;
    const production = props.productionVariant ?? props.endpoint.variantNames[0];
    if (!production) invalidProp(owner, 'productionVariant', production, 'Name the production variant (the endpoint\'s variants are unknown).');
    if (production === shadowOfEndpoint) {
      invalidProp(owner, 'productionVariant', production, 'It is the endpoint\'s shadow variant, which answers no caller: name a production variant ' +
        `(${props.endpoint.variantNames.map((v) => `'${v}'`).join(', ')}).`);
    }
    checkVariantName(owner, 'productionVariant', production, props.endpoint, VariantKinds.PRODUCTION);
    const shadow = props.shadowVariant ?? shadowOfEndpoint;
    if (!shadow) invalidProp(owner, 'shadowVariant', shadow, 'Name the shadow variant, or give the ModelEndpoint a shadowVariant.');
    checkVariantName(owner, 'shadowVariant', shadow, props.endpoint, VariantKinds.PRODUCTION_OR_SHADOW);
    if (shadow === production) {
      invalidProp(owner, 'shadowVariant', shadow, 'It is also the production variant: a variant compared with itself always agrees. Name two different variants.');
    }
    this.shadowVariant = shadow;
    this.endpointName = props.endpoint.endpointName;
    const capture = resolveCapture(owner, props.endpoint, props.dataCapture);
    const topic = props.alarmTopic ?? AlarmTopic.ofStack(this).topic;
    const job = new MonitorJob(this, 'Job', {
      bundle: 'shadow-analysis',
      description: `cdk-mlops shadow analysis of ${this.node.path}`,
      schedule: this.schedule,
      memorySize: 1024,
      topic,
      environment: {
        [SHADOW_ENV.endpointName]: props.endpoint.endpointName,
        [SHADOW_ENV.productionVariant]: production,
        [SHADOW_ENV.shadowVariant]: shadow,
        [SHADOW_ENV.captureBucket]: capture.bucket.bucketName,
        [SHADOW_ENV.capturePrefix]: capture.prefix,
        [SHADOW_ENV.problem]: props.problem,
        [SHADOW_ENV.windowSeconds]: String(minutes * 60),
        ...(props.threshold !== undefined ? { [SHADOW_ENV.threshold]: String(props.threshold) } : {}),
      },
    });
    this.function = job.function;
    this.alarms.push(job.failureAlarm);
    grantCaptureRead(job.function, capture.bucket, capture.prefix, props.endpoint.endpointName);
    grantPutExperimentMetrics(job.function);
    const read = new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] });
    job.function.addToRolePolicy(read);
    acknowledgeWildcards(job.function, 'cloudwatch:GetMetricData is not scoped to resources by IAM (it reads the two variants\' invocation metrics).', read);
    if (props.minAgreementRate !== undefined) {
      const alarm = new cloudwatch.Alarm(this, 'AgreementAlarm', {
        metric: this.metricAgreementRate(),
        threshold: props.minAgreementRate,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Shadow ${shadow} agrees with ${production} on fewer than ${describeRate(props.minAgreementRate)} of the same requests.`,
      });
      alarm.addAlarmAction(new actions.SnsAction(topic));
      this.agreementAlarm = alarm;
      this.alarms.push(alarm);
    }
  }

  /**
   * Share of paired requests where both variants gave the same class.
   * @default - Average over the schedule
   */
  public metricAgreementRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(SHADOW_METRICS.agreementRate, props);
  }

  /**
   * Mean |shadow - production| (regression).
   * @default - Average over the schedule
   */
  public metricMeanAbsoluteDifference(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(SHADOW_METRICS.meanAbsoluteDifference, props);
  }

  /**
   * Shadow minus production 5XX rate.
   * @default - Average over the schedule
   */
  public metricErrorRateDifference(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(SHADOW_METRICS.errorRateDifference, props);
  }

  /**
   * Shadow minus production p99 ModelLatency, in milliseconds.
   * @default - Average over the schedule
   */
  public metricP99LatencyDifference(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(SHADOW_METRICS.p99LatencyDifferenceMs, props);
  }

  /**
   * Requests compared in each run.
   * @default - Sum over the schedule
   */
  public metricPairedAnswers(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(SHADOW_METRICS.paired, { statistic: 'Sum', ...props });
  }

  private metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: EXPERIMENT_NAMESPACE,
      metricName,
      dimensionsMap: { [EXPERIMENT_DIMENSIONS.endpoint]: this.endpointName, [EXPERIMENT_DIMENSIONS.shadowVariant]: this.shadowVariant },
      statistic: 'Average',
      period: this.schedule,
      ...props,
    });
  }
}
