import { Duration, Names, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ALLOCATOR_ENV } from '../../contracts/experiments';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { MonitoredCapture } from '../monitoring/monitored-capture';
import { MonitorJob } from '../monitoring/private/monitor-job';
import { resolveCapture, resolveVariants, VariantKinds } from '../monitoring/private/resolve';
import { checkMonitorSchedule } from '../monitoring/private/validate-monitor';
import { WeightOwnership } from '../rollout/weight-ownership';
import { IModelEndpoint } from '../serving/endpoint-base';
import { OutcomeLocation } from './experiment-options';
import { IAdaptiveAllocationVariant } from './experiment-variant';
import { ExperimentData, experimentEnvironment, grantExperimentData } from './private/experiment-data';
import { grantPutExperimentMetrics } from './private/grants';
import { AdaptiveAllocationVariant, checkExperimentVariant } from './private/variant-handles';
import { checkOutcomes } from './private/validate';
import { checkString, requireNested, requireProps } from '../private/validation/checks';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { checkFraction } from '../private/validation/numbers';

/** Props of `AdaptiveAllocation`. */
export interface AdaptiveAllocationProps {
  /** The endpoint whose production variants are reweighted. */
  readonly endpoint: IModelEndpoint;
  /** The proportion outcome (0/1 per unit) Thompson sampling maximises: the `metric` of the outcome events. */
  readonly metricName: string;
  /** Where outcome events are written. */
  readonly outcomes: OutcomeLocation;
  /**
   * The variants reweighted (claimed: no VariantRollout may move them).
   * @default - the endpoint's variants
   */
  readonly variantNames?: string[];
  /**
   * Smallest share of traffic any variant keeps (so the weaker one still produces evidence).
   * @default 0.1
   */
  readonly minShare?: number;
  /**
   * Largest share any variant gets.
   * @default 0.9
   */
  readonly maxShare?: number;
  /**
   * Time between reweightings (5 minutes to 1 day).
   * @default Duration.hours(1)
   */
  readonly updateInterval?: Duration;
  /**
   * A rollout table (a RolloutController's `table`) to consult at run time: while it holds an active rollout for the
   * endpoint, the allocator changes nothing.
   * @default - only the endpoint's status is consulted (not InService: an update is in progress, it waits)
   */
  readonly rolloutTable?: dynamodb.ITable;
  /**
   * Where the failed-run alarm goes.
   * @default - the stack's AlarmTopic
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Data Capture location.
   * @default - the endpoint's own data capture
   */
  readonly dataCapture?: MonitoredCapture;
}

/**
 * Adaptive allocation (opt-in): Thompson sampling on a proportion outcome moves traffic toward the variant most
 * likely to be best, within `minShare`..`maxShare` per variant, at most once per `updateInterval`, with
 * UpdateEndpointWeightsAndCapacities. It claims the variants' weights (WeightOwnership): synth refuses a
 * VariantRollout on the same variants. At run time it changes nothing while the endpoint is updating or a rollout
 * is active.
 *
 * @example
 * const bandit = new AdaptiveAllocation(this, 'Bandit', {
 *   endpoint, metricName: 'click', outcomes: { bucket: lakeBucket }, minShare: 0.1, maxShare: 0.8,
 * });
 * bandit.forVariant('challenger').metricShare();
 */
export class AdaptiveAllocation extends Construct {
  /** The scheduled Lambda. */
  public readonly function: lambda.IFunction;
  /** Alarm on a failed run. */
  public readonly failureAlarm: cloudwatch.IAlarm;
  /** The variants reweighted. */
  public readonly variantNames: string[];

  private readonly endpointName: string;
  private readonly interval: Duration;

  constructor(scope: Construct, id: string, props: AdaptiveAllocationProps) {
    const path = `${scope.node.path}/${id}`;
    requireProps(ownerOf('AdaptiveAllocation', path), props, ['endpoint', 'metricName', 'outcomes']);
    requireNested(ownerOf('AdaptiveAllocation', path), 'outcomes', props.outcomes, ['bucket']);
    super(scope, id);
    const owner = ownerOf('AdaptiveAllocation', this.node.path);
    this.interval = props.updateInterval ?? Duration.hours(1);
    const intervalMinutes = checkMonitorSchedule(owner, 'updateInterval', this.interval, 'the allocator\'s minimum time between reweightings');
    this.variantNames = resolveVariants(owner, props.endpoint, props.variantNames, VariantKinds.PRODUCTION);
    const k = this.variantNames.length;
    if (k < 2) invalidProp(owner, 'variantNames', this.variantNames, 'Adaptive allocation needs at least two production variants.');
    checkString(owner, 'metricName', props.metricName, 'cloudwatch.DimensionValue');
    checkOutcomes(owner, props.outcomes);
    const minShare = props.minShare ?? 0.1;
    const maxShare = props.maxShare ?? 0.9;
    checkFraction(owner, 'minShare', minShare, false, 'Use a share from 0 to 1 (0.1: every variant keeps at least 10% of traffic).');
    checkFraction(owner, 'maxShare', maxShare, false, 'Use a share from 0 to 1 (0.9: no variant gets more than 90% of traffic).');
    // Tokens are deferred: the allocator checks the bounds again at run time (lambda/core/experiments/allocation.ts).
    if (!Token.isUnresolved(minShare) && !Token.isUnresolved(maxShare)) {
      if (minShare > maxShare) invalidProp(owner, 'minShare', minShare, `Keep it at most maxShare (${maxShare}).`);
      if (minShare * k > 1) invalidProp(owner, 'minShare', minShare, `${k} variants cannot each keep ${minShare}; use at most ${(1 / k).toFixed(3)}.`);
      if (maxShare * k < 1) invalidProp(owner, 'maxShare', maxShare, `${k} variants capped at ${maxShare} cannot take all traffic; use at least ${(1 / k).toFixed(3)}.`);
    }
    // One owner of each weight: a VariantRollout on any of these variants (before or after this) is refused at synth.
    WeightOwnership.claim(this, props.endpoint, this.variantNames, 'adaptive A/B allocation');
    this.endpointName = props.endpoint.endpointName;
    const capture = resolveCapture(owner, props.endpoint, props.dataCapture);
    const outcomePrefix = props.outcomes.prefix ?? `outcomes/${props.endpoint.endpointName}/`;
    const data: ExperimentData = {
      endpointName: props.endpoint.endpointName,
      experimentName: Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }),
      variants: this.variantNames.map((name) => ({ name, weight: 1 })),
      capture, outcomes: props.outcomes.bucket, outcomePrefix,
      metrics: [{ name: props.metricName, kind: 'proportion', higherIsBetter: true }],
    };
    const job = new MonitorJob(this, 'Job', {
      bundle: 'ab-allocator',
      description: `cdk-mlops adaptive allocation of ${this.node.path}`,
      schedule: this.interval,
      memorySize: 1024,
      topic: props.alarmTopic ?? AlarmTopic.ofStack(this).topic,
      environment: {
        ...experimentEnvironment(data),
        [ALLOCATOR_ENV.metric]: props.metricName,
        [ALLOCATOR_ENV.minShare]: String(minShare),
        [ALLOCATOR_ENV.maxShare]: String(maxShare),
        // The rule fires every interval; a small slack keeps a slightly early run from skipping an update.
        [ALLOCATOR_ENV.updateIntervalSeconds]: String(Math.max(0, intervalMinutes * 60 - 60)),
        ...(props.rolloutTable ? { [ALLOCATOR_ENV.rolloutTableName]: props.rolloutTable.tableName } : {}),
      },
    });
    this.function = job.function;
    this.failureAlarm = job.failureAlarm;
    grantExperimentData(job.function, data, {
      outcomes: 'Outcome files of this endpoint only, under its prefix (aws-cdk-lib read grant).',
      state: 'State of this allocator only, under its own folder (aws-cdk-lib read/write grant).',
    });
    grantPutExperimentMetrics(job.function);
    props.rolloutTable?.grantReadData(job.function);
    job.function.addToRolePolicy(new iam.PolicyStatement({
      actions: ['sagemaker:DescribeEndpoint', 'sagemaker:UpdateEndpointWeightsAndCapacities'],
      resources: [props.endpoint.endpointArn],
    }));
  }

  /**
   * The metric handle of one reweighted variant: `bandit.forVariant('challenger').metricShare()`.
   * @param variantName one of `variantNames`
   */
  public forVariant(variantName: string): IAdaptiveAllocationVariant {
    checkExperimentVariant(`AdaptiveAllocation '${this.node.path}'`, variantName, this.variantNames, 'the allocator reweights only');
    return new AdaptiveAllocationVariant(variantName, this.endpointName, this.interval);
  }
}
