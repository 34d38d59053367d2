import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  RETRAINING_EVENT_SOURCE, RETRAINING_REQUEST_DETAIL_TYPE, RETRAINING_TRIGGER_ENV as ENV, TriggerPolicyConfig,
} from '../../contracts/training';
import { acknowledge, acknowledgeWildcards } from '../private/nag';
import { requireProps } from '../private/validation/checks';
import { durationIn } from '../private/validation/durations';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { checkRange } from '../private/validation/numbers';
import { checkSchedule, rateOf } from '../private/validation/schedules';
import { rolloutFunction } from '../rollout/private/rollout-function';
import { IRetrainingPipeline } from './retraining-pipeline-base';

/** "Retrain when the alarm was in ALARM during at least `minAlarmWindows` of the last `windows` windows." */
export interface AlarmTriggerRule {
  /**
   * How many windows must have seen the alarm in ALARM (a flapping alarm counts once per window).
   * @default 1
   */
  readonly minAlarmWindows?: number;
  /**
   * How many recent windows are looked at.
   * @default 1
   */
  readonly windows?: number;
  /**
   * Length of a window (e.g. the monitor's schedule).
   * @default Duration.hours(1)
   */
  readonly window?: Duration;
}

/** Properties of RetrainingTriggers. */
export interface RetrainingTriggersProps {
  /** The pipeline to start (a `RetrainingPipeline`, or `RetrainingPipeline.fromRetrainingPipelineAttributes`). */
  readonly pipeline: IRetrainingPipeline;
  /**
   * Retrain on a schedule.
   * @default - no schedule
   */
  readonly schedule?: events.Schedule;
  /**
   * Data- or prediction-drift alarms (any CloudWatch alarm).
   * @default - none
   */
  readonly driftAlarms?: cloudwatch.IAlarm[];
  /**
   * When drift alarms start a run.
   * @default - 3 of the last 4 one-hour windows
   */
  readonly driftRule?: AlarmTriggerRule;
  /**
   * Model-quality alarms (ground truth shows quality dropped).
   * @default - none
   */
  readonly qualityAlarms?: cloudwatch.IAlarm[];
  /**
   * When quality alarms start a run.
   * @default - 1 of the last 1 one-hour window (at once)
   */
  readonly qualityRule?: AlarmTriggerRule;
  /**
   * Rows the curated table must have gained (the ETL's RecordsWritten) since the last successful run's snapshot.
   * 0 turns the rule off.
   * @default 1
   */
  readonly minNewRows?: number;
  /**
   * No run starts sooner than this after the previous one ended, succeeded or failed.
   * @default Duration.hours(24)
   */
  readonly coolDown?: Duration;
  /**
   * What happens to the ledger table when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly ledgerRemovalPolicy?: RemovalPolicy;
}

/**
 * What starts retraining, and the record of it: a schedule, drift alarms (N of M windows), quality alarms, manual
 * requests, all decided by one policy (lambda/core/training) with a minimum of new rows, a cool-down after each
 * run and one run at a time. Every trigger and its outcome (started, suppressed by cool-down, too little data,
 * already running) is written to the `ledger` table.
 *
 * @example
 * new RetrainingTriggers(this, 'Triggers', {
 *   pipeline, schedule: events.Schedule.rate(Duration.days(7)), driftAlarms: [driftAlarm],
 *   driftRule: { minAlarmWindows: 3, windows: 4, window: Duration.hours(1) }, minNewRows: 1000,
 * });
 */
export class RetrainingTriggers extends Construct {
  /** The ledger: one item per trigger (`pipeline`, `at`), plus the pipeline's state item (`at` = 'STATE'). */
  public readonly ledger: dynamodb.Table;
  /** The function that applies the policy. */
  public readonly function: lambda.Function;
  /** The name of the pipeline in the ledger (its registry's group name). */
  public readonly pipelineName: string;
  private readonly driftAlarms: cloudwatch.IAlarm[] = [];
  private readonly qualityAlarms: cloudwatch.IAlarm[] = [];
  private readonly driftRule: { n: number; m: number; windowMs: number };
  private readonly qualityRule: { n: number; m: number; windowMs: number };
  private alarmRule?: events.Rule;

  constructor(scope: Construct, id: string, props: RetrainingTriggersProps) {
    requireProps(ownerOf('RetrainingTriggers', `${scope.node.path}/${id}`), props, ['pipeline']);
    super(scope, id);
    const owner = ownerOf('RetrainingTriggers', this.node.path);
    checkSchedule(owner, 'schedule', props.schedule);
    this.driftRule = rule(owner, 'driftRule', props.driftRule, 3, 4);
    this.qualityRule = rule(owner, 'qualityRule', props.qualityRule, 1, 1);
    const minNewRows = props.minNewRows ?? 1;
    checkRange(owner, 'minNewRows', minNewRows, { min: 0, integer: true }, 'Use a whole number of rows, at least 0 (0 turns the rule off).');
    // The policy counts milliseconds: durations are converted at synth, which a token cannot be.
    const coolDown = literalDuration(owner, 'coolDown', props.coolDown ?? Duration.hours(24));
    const maxRun = literalDuration(owner, 'pipeline.timeout', props.pipeline.timeout);
    this.pipelineName = props.pipeline.registry.modelPackageGroupName;

    this.ledger = new dynamodb.Table(this, 'Ledger', {
      partitionKey: { name: 'pipeline', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'at', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.ledgerRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    // Rendered at synth, so alarms added later (addDriftAlarm, addQualityAlarm) are part of the policy.
    const policy = (): TriggerPolicyConfig => ({
      coolDownMs: coolDown,
      minNewRows,
      maxRunMs: maxRun,
      drift: this.driftAlarms.length ? { alarmArns: this.driftAlarms.map((a) => a.alarmArn), ...this.driftRule } : undefined,
      quality: this.qualityAlarms.length ? { alarmArns: this.qualityAlarms.map((a) => a.alarmArn), ...this.qualityRule } : undefined,
    });
    const rows = props.pipeline.newRowsMetric;
    this.function = rolloutFunction(this, 'Function', {
      bundle: 'retraining-trigger', handler: 'index.handler', timeout: Duration.seconds(60),
      description: 'cdk-mlops: retraining triggers (schedule, drift, quality, manual) through the policy and the ledger',
      environment: {
        [ENV.LEDGER_TABLE]: this.ledger.tableName,
        [ENV.PIPELINE_NAME]: this.pipelineName,
        [ENV.STATE_MACHINE_ARN]: props.pipeline.stateMachineArn,
        [ENV.POLICY]: Lazy.string({ produce: () => JSON.stringify(policy()) }),
        [ENV.ROWS_NAMESPACE]: rows.namespace,
        [ENV.ROWS_METRIC]: rows.metricName,
        [ENV.ROWS_DIMENSIONS]: JSON.stringify(rows.dimensions ?? {}),
      },
    });
    this.ledger.grantReadWriteData(this.function);
    props.pipeline.grantStartExecution(this.function);
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricStatistics'], resources: ['*'] }));
    acknowledge(this.function, 'AwsSolutions-IAM5[Resource::*]', 'cloudwatch:GetMetricStatistics takes no resource; the function reads only the ETL\'s RecordsWritten metric.');
    acknowledgeWildcards(this.function, 'DynamoDB grant of the ledger table: its items and indexes only.',
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${this.ledger.tableArn}/index/*`] }));

    const target = (input?: Record<string, unknown>) => this.target(input);
    if (props.schedule) new events.Rule(this, 'Schedule', { schedule: props.schedule, targets: [target({ kind: 'schedule' })] });
    for (const a of props.driftAlarms ?? []) this.addDriftAlarm(a);
    for (const a of props.qualityAlarms ?? []) this.addQualityAlarm(a);
    new events.Rule(this, 'RunEnded', {
      description: 'Ends of retraining runs: start of the cool-down',
      eventPattern: {
        source: ['aws.states'], detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [props.pipeline.stateMachineArn], status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      targets: [target()],
    });
    new events.Rule(this, 'ManualRequest', {
      description: `aws events put-events: Source ${RETRAINING_EVENT_SOURCE}, DetailType "${RETRAINING_REQUEST_DETAIL_TYPE}", Detail {"pipeline":"<name>","force":false}`,
      eventPattern: { source: [RETRAINING_EVENT_SOURCE], detailType: [RETRAINING_REQUEST_DETAIL_TYPE], detail: { pipeline: [this.pipelineName] } },
      targets: [target()],
    });
  }

  /** Adds a drift alarm: its ALARM windows count toward `driftRule`. */
  public addDriftAlarm(alarm: cloudwatch.IAlarm): void {
    this.driftAlarms.push(alarm);
    this.ensureAlarmRule();
  }

  /** Adds a quality alarm: its ALARM windows count toward `qualityRule`. */
  public addQualityAlarm(alarm: cloudwatch.IAlarm): void {
    this.qualityAlarms.push(alarm);
    this.ensureAlarmRule();
  }

  private ensureAlarmRule(): void {
    if (this.alarmRule) return;
    this.alarmRule = new events.Rule(this, 'AlarmChanges', {
      description: 'Drift and quality alarm state changes, for the retraining policy',
      eventPattern: {
        source: ['aws.cloudwatch'], detailType: ['CloudWatch Alarm State Change'],
        resources: Lazy.list({ produce: () => [...this.driftAlarms, ...this.qualityAlarms].map((a) => a.alarmArn) }),
      },
      targets: [this.target()],
    });
    // An alarm that stays in ALARM sends no new event: a tick every window lets "N of M windows" be reached.
    const window = Math.min(this.driftRule.windowMs, this.qualityRule.windowMs);
    new events.Rule(this, 'Tick', { schedule: events.Schedule.rate(Duration.millis(window)), targets: [this.target({ kind: 'tick' })] });
  }

  private target(input?: Record<string, unknown>): targets.LambdaFunction {
    return new targets.LambdaFunction(this.function, { event: input ? events.RuleTargetInput.fromObject(input) : undefined, retryAttempts: 4 });
  }
}

/** @internal */
function rule(owner: string, name: string, r: AlarmTriggerRule | undefined, n: number, m: number): { n: number; m: number; windowMs: number } {
  const windows = r?.windows ?? (r ? 1 : m);
  const minAlarmWindows = r?.minAlarmWindows ?? (r ? 1 : n);
  checkRange(owner, `${name}.windows`, windows, { min: 1, max: 1000, integer: true });
  checkRange(owner, `${name}.minAlarmWindows`, minAlarmWindows, { min: 1, max: windows, integer: true }, `Use a whole number from 1 to windows (${windows}).`);
  // The tick that counts windows is an EventBridge rate: whole minutes.
  const window = r?.window ?? Duration.hours(1);
  literalDuration(owner, `${name}.window`, window);
  rateOf(owner, `${name}.window`, window);
  return { n: minAlarmWindows, m: windows, windowMs: window.toMilliseconds() };
}

/** A Duration in milliseconds for the trigger policy (a JSON the handler reads): a token cannot be converted. */
function literalDuration(owner: string, prop: string, d: Duration): number {
  if (d.isUnresolved()) {
    invalidProp(owner, prop, d, 'The trigger policy holds it in milliseconds, converted at synth, and CloudFormation cannot convert a parameter: pass a concrete Duration.');
  }
  return durationIn(owner, prop, d, { unit: 'seconds', min: Duration.seconds(0), api: 'Retraining policies' }) * 1000;
}
