import { Duration, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  AB_DECISION_EVENT, AB_ENV, AB_METRICS, AbMetricConfig, EXPERIMENT_DIMENSIONS, EXPERIMENT_NAMESPACE,
} from '../../contracts/experiments';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { MonitorJob } from '../monitoring/private/monitor-job';
import { resolveCapture, resolveVariants, VariantKinds } from '../monitoring/private/resolve';
import { checkMonitorSchedule } from '../monitoring/private/validate-monitor';
import { AbTestAnalysisProps } from './ab-test-analysis-props';
import { AbTestMethod, MultiplicityCorrection, OutcomeKind } from './experiment-options';
import { IAbTestVariant } from './experiment-variant';
import { ExperimentData, experimentEnvironment, grantExperimentData } from './private/experiment-data';
import { grantPutExperimentMetrics } from './private/grants';
import { AbTestVariant, checkExperimentVariant } from './private/variant-handles';
import { checkEnumValue, checkExperimentName, checkMetricNames, checkOutcomes } from './private/validate';
import { requireNested, requireProps } from '../private/validation/checks';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { checkFraction, checkRange } from '../private/validation/numbers';

/**
 * A/B analysis of an endpoint's production variants: on a schedule, joins the outcome events of the lake (ground
 * truth or a business outcome, by `inferenceId`) to the variant that answered, checks the sample ratio, tests every
 * metric (sequential by default: the decision may be read at every run), corrects for several metrics, and emits
 * the decision (better / worse / inconclusive / blocked, with its reason) as an EventBridge event and as the
 * `AbDecision` metric (1 better, 0 inconclusive, -1 worse, -2 blocked).
 *
 * @example
 * const ab = new AbTestAnalysis(this, 'RankerTest', {
 *   endpoint,
 *   outcomes: { bucket: lakeBucket, prefix: 'outcomes/shop/' },
 *   metrics: [{ name: 'conversion' }, { name: 'latency_ms', kind: OutcomeKind.MEAN, higherIsBetter: false }],
 *   schedule: Duration.hours(1),
 * });
 * ab.onDecision('Notify', { target: new targets.SnsTopic(topic) });
 * ab.forVariant('challenger').metricDecision();
 */
export class AbTestAnalysis extends Construct {
  /** The experiment's name (metric dimension, event field). */
  public readonly experimentName: string;
  /** The arms, control first. */
  public readonly variantNames: string[];
  /** The scheduled Lambda. */
  public readonly function: lambda.IFunction;
  /** Alarm on a failed run. */
  public readonly failureAlarm: cloudwatch.IAlarm;

  private readonly endpointName: string;
  private readonly schedule: Duration;
  private readonly eventBus?: events.IEventBus;

  constructor(scope: Construct, id: string, props: AbTestAnalysisProps) {
    const path = `${scope.node.path}/${id}`;
    requireProps(ownerOf('AbTestAnalysis', path), props, ['endpoint', 'metrics', 'outcomes']);
    props.metrics.forEach((m, i) => requireNested(ownerOf('AbTestAnalysis', path), `metrics[${i}]`, m, ['name']));
    requireNested(ownerOf('AbTestAnalysis', path), 'outcomes', props.outcomes, ['bucket']);
    super(scope, id);
    const owner = ownerOf('AbTestAnalysis', this.node.path);
    this.schedule = props.schedule ?? Duration.hours(1);
    checkMonitorSchedule(owner, 'schedule', this.schedule);
    checkFraction(owner, 'alpha', props.alpha, true);
    this.variantNames = resolveVariants(owner, props.endpoint, props.variantNames, VariantKinds.PRODUCTION);
    if (this.variantNames.length < 2) invalidProp(owner, 'variantNames', this.variantNames, 'An A/B test needs at least two production variants, control first.');
    const weights = props.expectedWeights ?? this.variantNames.map(() => 1);
    if (weights.length !== this.variantNames.length) {
      invalidProp(owner, 'expectedWeights', weights, `Give one weight per variant (${this.variantNames.join(', ')}), in that order.`);
    }
    weights.forEach((w, i) => checkRange(owner, `expectedWeights[${i}]`, w, { min: 0, minExclusive: true }, 'Use a positive weight (any scale).'));
    checkMetricNames(owner, props.metrics);
    checkEnumValue(owner, 'method', props.method, AbTestMethod);
    checkEnumValue(owner, 'correction', props.correction, MultiplicityCorrection);
    props.metrics.forEach((m, i) => checkEnumValue(owner, `metrics[${i}].kind`, m.kind, OutcomeKind));
    const n = props.sequentialTuningSampleSize;
    checkRange(owner, 'sequentialTuningSampleSize', n, { min: 2, integer: true }, 'Use a whole sample size of at least 2, near the sample you expect the test to need.');
    const minUnits = props.minUnitsPerVariant;
    checkRange(owner, 'minUnitsPerVariant', minUnits, { min: 2, integer: true }, 'Use a whole number of units, at least 2.');
    this.experimentName = props.experimentName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    checkExperimentName(owner, 'experimentName', this.experimentName);
    checkOutcomes(owner, props.outcomes);
    this.endpointName = props.endpoint.endpointName;
    this.eventBus = props.eventBus;
    const capture = resolveCapture(owner, props.endpoint, props.dataCapture);
    const outcomePrefix = props.outcomes.prefix ?? `outcomes/${props.endpoint.endpointName}/`;
    const metrics: AbMetricConfig[] = props.metrics.map((m) => ({
      name: m.name, kind: m.kind ?? OutcomeKind.PROPORTION, higherIsBetter: m.higherIsBetter ?? true,
      ...(m.primary ? { primary: true } : {}), ...(m.cuped ? { cuped: true } : {}),
    }));

    const data: ExperimentData = {
      endpointName: props.endpoint.endpointName, experimentName: this.experimentName,
      variants: this.variantNames.map((name, i) => ({ name, weight: weights[i] })),
      capture, outcomes: props.outcomes.bucket, outcomePrefix, metrics,
    };
    const job = new MonitorJob(this, 'Job', {
      bundle: 'ab-analysis',
      description: `cdk-mlops A/B analysis of ${this.node.path}`,
      schedule: this.schedule,
      memorySize: 1024,
      topic: props.alarmTopic ?? AlarmTopic.ofStack(this).topic,
      environment: {
        ...experimentEnvironment(data),
        [AB_ENV.alpha]: String(props.alpha ?? 0.05),
        [AB_ENV.test]: props.method ?? AbTestMethod.SEQUENTIAL,
        [AB_ENV.correction]: props.correction ?? MultiplicityCorrection.HOLM,
        [AB_ENV.nStar]: String(n ?? 5000),
        [AB_ENV.minUnits]: String(minUnits ?? 100),
        ...(props.eventBus ? { [AB_ENV.eventBusName]: props.eventBus.eventBusName } : {}),
      },
    });
    this.function = job.function;
    this.failureAlarm = job.failureAlarm;
    grantExperimentData(job.function, data, {
      outcomes: 'Outcome files of this experiment only, under its prefix: callers name them at run time (aws-cdk-lib read grant).',
      state: 'State of this experiment only (running p-values), under its own folder (aws-cdk-lib read/write grant).',
    });
    grantPutExperimentMetrics(job.function);
    (props.eventBus ?? events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')).grantPutEventsTo(job.function);
  }

  /**
   * The metric handle of one treatment arm: `ab.forVariant('challenger').metricDecision()`.
   * @param treatmentVariant one of `variantNames` after the first (the control has no decision of its own)
   */
  public forVariant(treatmentVariant: string): IAbTestVariant {
    checkExperimentVariant(`AbTestAnalysis '${this.node.path}'`, treatmentVariant, this.variantNames.slice(1),
      `the decision and p-values are per treatment arm (the control '${this.variantNames[0]}' is what they compare with):`);
    return new AbTestVariant(treatmentVariant, this.endpointName, this.experimentName, this.schedule);
  }

  /**
   * Outcome lines that could not be read (skipped and counted).
   * @default - Sum over the schedule
   */
  public metricMalformedOutcomes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: EXPERIMENT_NAMESPACE,
      metricName: AB_METRICS.malformedOutcomes,
      dimensionsMap: { [EXPERIMENT_DIMENSIONS.endpoint]: this.endpointName, [EXPERIMENT_DIMENSIONS.experiment]: this.experimentName },
      period: this.schedule,
      statistic: 'Sum',
      ...props,
    });
  }

  /**
   * A rule on this experiment's decision events (each run emits one per treatment arm).
   * @param id construct id of the rule
   * @param options targets and description of the rule
   */
  public onDecision(id: string, options: events.OnEventOptions = {}): events.Rule {
    const rule = new events.Rule(this, id, {
      ...(this.eventBus ? { eventBus: this.eventBus } : {}),
      description: options.description ?? `Decisions of A/B test ${this.experimentName}`,
      eventPattern: {
        source: [AB_DECISION_EVENT.source],
        detailType: [AB_DECISION_EVENT.detailType],
        detail: { endpointName: [this.endpointName], experiment: [this.experimentName] },
        ...options.eventPattern,
      },
    });
    if (options.target) rule.addTarget(options.target);
    return rule;
  }
}
