import { Duration, Names, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { monitorPrefix, PIPELINE_ENV, PIPELINE_METRICS } from '../../contracts/monitoring-jobs';
import { IDataLake } from '../data/data-lake-base';
import { LakeZone } from '../data/lake-zone';
import { acknowledgeWildcards } from '../private/nag';
import { AlarmTopic } from './alarm-topic';
import { MonitorJob } from './private/monitor-job';
import { invalidProp, validateMonitorName, validateSchedule } from './private/validate-monitor';

/** One stage of the data pipeline: a zone of the lake, optionally one folder of it. */
export interface PipelineStage {
  /** Name of the stage (a metric dimension), e.g. 'raw', 'curated', 'features'. */
  readonly name: string;
  /** The zone. */
  readonly zone: LakeZone;
  /**
   * Folder inside the zone (e.g. the dataset's `iris/`).
   * @default - the whole zone
   */
  readonly subPath?: string;
}

/** Properties of a PipelineMonitor. */
export interface PipelineMonitorProps {
  /** The lake. */
  readonly lake: IDataLake;
  /** The stages watched. */
  readonly stages: PipelineStage[];
  /**
   * How often volumes are measured: whole minutes from 5 minutes to 1 day.
   * @default Duration.hours(1)
   */
  readonly schedule?: Duration;
  /**
   * Alarm when a window's volume falls below this share of the previous windows' mean (0 to 1).
   * @default 0.2
   */
  readonly minRateOfChange?: number;
  /**
   * Alarm when a window's volume rises above this multiple of the previous windows' mean.
   * @default 5
   */
  readonly maxRateOfChange?: number;
  /**
   * Topic the alarms notify.
   * @default - the stack's shared alarm topic
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Name of the monitor (a metric dimension and its report folder).
   * @default - derived from the construct path
   */
  readonly monitorName?: string;
}

/**
 * Watches each stage of the data pipeline (raw arrivals, curated output, features): new objects and bytes per
 * window and the rate of change against the previous 12 windows, as metrics (`CdkMlops/Pipeline`) with alarms on
 * a sudden drop or surge, and a `volume.json` report per stage and window.
 *
 * @example
 * new PipelineMonitor(this, 'Pipeline', { lake: data.lake, stages: [
 *   { name: 'raw', zone: LakeZone.RAW, subPath: 'iris/' }, { name: 'curated', zone: LakeZone.CURATED, subPath: 'iris/' },
 * ] });
 */
export class PipelineMonitor extends Construct {
  /** The monitor's name. */
  public readonly monitorName: string;
  /** Alarms: a drop and a surge per stage, plus a failed run. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  private readonly schedule: Duration;
  private readonly stageNames: string[];

  constructor(scope: Construct, id: string, props: PipelineMonitorProps) {
    super(scope, id);
    const owner = `PipelineMonitor '${this.node.path}'`;
    this.schedule = props.schedule ?? Duration.hours(1);
    validateSchedule(owner, 'schedule', this.schedule);
    if (props.stages.length === 0) invalidProp(owner, 'stages', '[]', 'name at least one stage.');
    this.stageNames = props.stages.map((s) => s.name);
    for (const n of this.stageNames) if (!/^[A-Za-z0-9_-]{1,64}$/.test(n)) invalidProp(owner, 'stages[].name', n, 'use 1-64 letters, digits, "_" or "-".');
    if (new Set(this.stageNames).size !== this.stageNames.length) invalidProp(owner, 'stages', this.stageNames.join(','), 'give each stage its own name.');
    const low = props.minRateOfChange ?? 0.2;
    const high = props.maxRateOfChange ?? 5;
    if (!Token.isUnresolved(low) && !(low >= 0 && low < 1)) invalidProp(owner, 'minRateOfChange', low, 'use a fraction from 0 to below 1.');
    if (!Token.isUnresolved(high) && !(high > 1)) invalidProp(owner, 'maxRateOfChange', high, 'use a multiple above 1.');
    this.monitorName = props.monitorName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    validateMonitorName(owner, this.monitorName);
    const reportBucket = props.lake.bucket(LakeZone.DATA_CAPTURE);
    const topic = props.alarmTopic ?? AlarmTopic.ofStack(this).topic;
    const job = new MonitorJob(this, 'Job', {
      bundle: 'pipeline-monitor',
      description: `cdk-mlops pipeline volumes of ${this.node.path}`,
      schedule: this.schedule,
      memorySize: 256,
      topic,
      environment: {
        [PIPELINE_ENV.monitorName]: this.monitorName,
        [PIPELINE_ENV.reportBucket]: reportBucket.bucketName,
        [PIPELINE_ENV.stages]: JSON.stringify(props.stages.map((s) => ({
          name: s.name, bucket: props.lake.bucket(s.zone).bucketName, prefix: `${s.zone.prefix}${s.subPath ?? ''}`,
        }))),
      },
    });
    // Listing only: object sizes come from ListObjectsV2, no object is read.
    const list = props.stages.map((s) => new iam.PolicyStatement({
      actions: ['s3:ListBucket'], resources: [props.lake.bucket(s.zone).bucketArn],
    }));
    for (const st of list) job.function.addToRolePolicy(st);
    const reports = reportBucket.grantReadWrite(job.function, `${monitorPrefix(this.monitorName)}*`);
    const putMetrics = new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'], resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': PIPELINE_METRICS.namespace } },
    });
    job.function.addToRolePolicy(putMetrics);
    acknowledgeWildcards(job.function, 'Reports and checkpoint of this monitor only, under its own prefix (aws-cdk-lib read/write grant).', reports);
    acknowledgeWildcards(job.function, 'cloudwatch:PutMetricData is not scoped to resources by IAM; the condition limits it to the pipeline namespace.', putMetrics);
    this.alarms.push(job.failureAlarm);
    for (const stage of this.stageNames) {
      const pascal = stage.replace(/[^A-Za-z0-9]/g, '');
      for (const [sid, threshold, op, what] of [
        ['Drop', low, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, `below ${low} times`],
        ['Surge', high, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, `above ${high} times`],
      ] as const) {
        const alarm = new cloudwatch.Alarm(this, `${pascal}${sid}Alarm`, {
          metric: this.metricRateOfChange(stage),
          threshold,
          comparisonOperator: op,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: `Volume of pipeline stage ${stage} (${this.monitorName}) ${what} its mean of the previous windows.`,
        });
        alarm.addAlarmAction(new actions.SnsAction(topic));
        this.alarms.push(alarm);
      }
    }
  }

  /** A stage's metric by name (`stage_new_objects`, `stage_new_bytes`, `stage_volume_rate_of_change`). @default - Maximum over the schedule */
  public metric(metricName: string, stageName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: PIPELINE_METRICS.namespace,
      metricName,
      dimensionsMap: { [PIPELINE_METRICS.dimensions.monitor]: this.monitorName, [PIPELINE_METRICS.dimensions.stage]: stageName },
      statistic: 'Maximum',
      period: this.schedule,
      ...props,
    });
  }

  /** New bytes in a stage per window. @default - Sum over the schedule */
  public metricNewBytes(stageName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(PIPELINE_METRICS.bytes, stageName, { statistic: 'Sum', ...props });
  }

  /** A window's volume over the mean of the previous windows. @default - Maximum over the schedule */
  public metricRateOfChange(stageName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(PIPELINE_METRICS.rateOfChange, stageName, props);
  }

  /** Dashboard widgets: new bytes and rate of change per stage, alarms. */
  public widgets(): cloudwatch.IWidget[] {
    return [
      new cloudwatch.GraphWidget({ title: 'Pipeline stages: new bytes per window', left: this.stageNames.map((s) => this.metricNewBytes(s, { label: s })), width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Pipeline stages: rate of change', left: this.stageNames.map((s) => this.metricRateOfChange(s, { label: s })), width: 8 }),
      new cloudwatch.AlarmStatusWidget({ title: 'Pipeline stage alarms', alarms: this.alarms, width: 8 }),
    ];
  }
}
