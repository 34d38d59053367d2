import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IDataQualityGate, IEtlJob } from './data-interfaces';
import { allowCloudWatchAlarmsToUseKey } from './private/key-policy';
import { invalid } from './private/validate';
import { checkAlarmWindow } from '../private/validation/aws-rules';
import { limit } from '../private/validation/limits';
import { requireProps } from '../private/validation/checks';
import { graphsWithAlarms } from '../private/dashboard/graph-factory';

/** Properties of PipelineAlarms. */
export interface PipelineAlarmsProps {
  /** The ETL job to watch. */
  readonly job: IEtlJob;
  /**
   * The data-quality gate of the job's output.
   * @default - no data-quality alarms
   */
  readonly gate?: IDataQualityGate;
  /**
   * Alarm when the job has written no new records for this long (whole hours, 1 hour to 7 days).
   * @default Duration.hours(26) - a daily feed, with slack
   */
  readonly freshness?: Duration;
  /**
   * Topic notified when an alarm fires. If you pass a KMS-encrypted topic, its key must let
   * `cloudwatch.amazonaws.com` use it.
   * @default - a new topic encrypted with the lake key, TLS only
   */
  readonly topic?: sns.ITopic;
}

/**
 * Alarms of a data pipeline, notified on SNS, and dashboard widgets:
 * - job failed / timed out: EventBridge "Glue Job State Change" FAILED / TIMEOUT events, counted by the rules'
 *   `AWS/Events TriggeredRules` metric (EtlJob's `metricFailure`/`metricTimeout`). The Spark metric
 *   `glue.driver.aggregate.numFailedTasks` counts failed tasks, which Spark retries, so it is not a job failure;
 * - data freshness: no `RecordsWritten` (custom metric the ETL script publishes each run) for `freshness`.
 *   S3 storage metrics are daily and count objects, not new data, so they cannot say "nothing new arrived";
 * - data quality: a failed gate evaluation, and a score below the gate's minimum.
 */
export class PipelineAlarms extends Construct {
  /** Topic the alarms notify. */
  public readonly topic: sns.ITopic;
  /** Every alarm. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** Job run failed. */
  public readonly jobFailedAlarm: cloudwatch.Alarm;
  /** Job run timed out. */
  public readonly jobTimedOutAlarm: cloudwatch.Alarm;
  /** No new curated records for the freshness window. */
  public readonly freshnessAlarm: cloudwatch.Alarm;
  /** Gate evaluation failed (score too low or evaluation error). */
  public readonly gateFailedAlarm?: cloudwatch.Alarm;
  /** Data-quality score below the gate minimum. */
  public readonly qualityScoreAlarm?: cloudwatch.Alarm;
  private readonly job: IEtlJob;
  private readonly gate?: IDataQualityGate;

  private readonly runMetrics: cloudwatch.IMetric[];

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    requireProps(`PipelineAlarms '${scope.node.path}/${id}'`, props, ['job']);
    super(scope, id);
    const owner = `PipelineAlarms '${this.node.path}'`;
    this.job = props.job;
    this.gate = props.gate;
    const freshness = props.freshness ?? Duration.hours(26);
    const hours = freshnessHours(owner, freshness);

    if (props.topic) {
      this.topic = props.topic;
    } else {
      allowCloudWatchAlarmsToUseKey(props.job.lake.encryptionKey);
      this.topic = new sns.Topic(this, 'Topic', {
        displayName: `Data pipeline alarms ${props.job.node.path}`,
        masterKey: props.job.lake.encryptionKey,
        enforceSSL: true,
      });
    }
    const job = props.job;
    const name = props.job.node.path;
    // The job's metricSuccess/Failure/Timeout create EventBridge rules: make them now, not when widgets() is called
    // (possibly after synthesis).
    this.runMetrics = [
      job.metricSuccess({ label: 'succeeded', statistic: 'Sum' }),
      job.metricFailure({ label: 'failed', statistic: 'Sum' }),
      job.metricTimeout({ label: 'timed out', statistic: 'Sum' }),
    ];
    this.jobFailedAlarm = this.add('JobFailed', job.metricFailure({ period: Duration.minutes(5), statistic: 'Sum' }), {
      threshold: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: `Glue job of ${name} failed (after its retries).`,
    });
    this.jobTimedOutAlarm = this.add('JobTimedOut', job.metricTimeout({ period: Duration.minutes(5), statistic: 'Sum' }), {
      threshold: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: `Glue job of ${name} timed out.`,
    });
    this.freshnessAlarm = this.add('Freshness', props.job.metricRecordsWritten({ period: Duration.hours(1) }), {
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      // No run at all publishes nothing: that is stale data too.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `No new records in ${props.job.databaseName}.${props.job.tableName} for ${freshness.toHumanString()}.`,
    });
    if (props.gate) {
      this.gateFailedAlarm = this.add('GateFailed', props.gate.metricGateFailures({ period: Duration.minutes(5) }), {
        threshold: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `Data-quality gate ${props.gate.gateName} failed: downstream workflows are blocked.`,
      });
      this.qualityScoreAlarm = this.add('QualityScore', props.gate.metricScore({ period: Duration.hours(1) }), {
        threshold: props.gate.minScore,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        alarmDescription: `Data-quality score of ${props.gate.gateName} below ${props.gate.minScore}.`,
      });
    }
  }

  /** Dashboard widgets: job runs, records written, quality score and gate failures (with the alarms' thresholds), alarm status. */
  public widgets(): cloudwatch.IWidget[] {
    const graph = graphsWithAlarms(this.alarms);
    const widgets: cloudwatch.IWidget[] = [
      graph({ title: `ETL runs: ${this.job.tableName}`, left: this.runMetrics, width: 8 }),
      graph({ title: `Records written: ${this.job.tableName}`, left: [this.freshnessAlarm.metric], width: 8 }),
    ];
    if (this.gate && this.qualityScoreAlarm && this.gateFailedAlarm) {
      widgets.push(graph({
        title: `Data quality: ${this.gate.gateName} score (left), failed evaluations (right)`,
        left: [this.qualityScoreAlarm.metric],
        right: [this.gateFailedAlarm.metric],
        leftYAxis: { min: 0, max: 1 },
        width: 8,
      }));
    }
    widgets.push(new cloudwatch.AlarmStatusWidget({ title: 'Data pipeline alarms', alarms: this.alarms, width: 24 }));
    return widgets;
  }

  private add(id: string, metric: cloudwatch.IMetric, props: Omit<cloudwatch.CreateAlarmOptions, 'evaluationPeriods'> & { evaluationPeriods?: number }): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(new cw_actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}

/**
 * The freshness window as a number of hourly evaluation periods. A token passes through only as Duration.hours(token)
 * (no conversion, which would be arithmetic on it); a literal is checked against CloudWatch's evaluation window.
 */
function freshnessHours(owner: string, freshness: Duration): number {
  if (freshness.isUnresolved()) {
    try {
      return freshness.toHours();
    } catch {
      return invalid(owner, 'freshness', 'a token Duration', 'A token freshness becomes the number of hourly evaluation periods and ' +
        'cannot be converted: use Duration.hours(parameter.valueAsNumber).');
    }
  }
  const hours = freshness.toHours({ integral: false });
  if (!Number.isInteger(hours) || hours < 1) {
    invalid(owner, 'freshness', freshness.toHumanString(), 'It is evaluated as hourly datapoints: use whole hours, at least 1 hour.');
  }
  // CloudWatch's evaluation window (PutMetricAlarm: Period x EvaluationPeriods), in hourly periods.
  const maxHours = (limit('cloudwatch.Period').maxEvaluationSeconds as number) / 3600;
  if (hours > maxHours) {
    invalid(owner, 'freshness', freshness.toHumanString(), `CloudWatch evaluates at most ${maxHours} hourly periods ` +
      `(${Duration.hours(maxHours).toHumanString()}): use at most Duration.hours(${maxHours}) (${limit('cloudwatch.Period').source}).`);
  }
  checkAlarmWindow(owner, 'freshness', 3600, hours);
  return hours;
}
