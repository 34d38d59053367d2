import { Duration, Names, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { monitorPrefix, PIPELINE_ENV, PIPELINE_METRICS } from '../../contracts/monitoring-jobs';
import { LakeZone } from '../data/lake-zone';
import { acknowledgeWildcards } from '../private/nag';
import { grantPutMetricData } from '../private/put-metric-data';
import { requireNested, requireProps } from '../private/validation/checks';
import { AlarmTopic } from './alarm-topic';
import { PipelineMonitorProps } from './pipeline-monitor-props';
import { IPipelineMonitorStage } from './pipeline-monitor-stage';
import { MonitorJob } from './private/monitor-job';
import { stageDriftSpec, windowsToAlarmOf } from './private/pipeline-monitor-drift';
import { checkRange } from '../private/validation/numbers';
import { PipelineMonitorStage } from './private/pipeline-monitor-stage';
import { GraphFactory, graphsWithAlarms } from '../private/dashboard/graph-factory';
import { checkJobName, checkMonitorSchedule } from './private/validate-monitor';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { checkS3Prefix } from '../private/validation/s3-prefixes';

/**
 * Watches each stage of the data pipeline (raw arrivals, curated output, features): new objects and bytes per
 * window and the rate of change against the previous 12 windows, as metrics (`CdkMlops/Pipeline`) with alarms on
 * a sudden drop or surge, and a `volume.json` report per stage and window. A stage with `drift` also has its new
 * rows compared with a baseline by the drift monitor's statistics (per-feature `feature_baseline_drift_<feature>`
 * and the like, `statistics.json` / `constraint_violations.json` per window) and an alarm on drifted features.
 *
 * @example
 * const pipeline = new PipelineMonitor(this, 'Pipeline', { lake: data.lake, stages: [
 *   { name: 'raw', zone: LakeZone.RAW, subPath: 'iris/', drift: { features, baseline: DriftBaseline.fromBaselineJob(baselineJob) } },
 *   { name: 'curated', zone: LakeZone.CURATED, subPath: 'iris/' },
 * ] });
 * pipeline.forStage('raw').metricBaselineDrift('petal_length');
 */
export class PipelineMonitor extends Construct {
  /** The monitor's name. */
  public readonly monitorName: string;
  /** Alarms: a drop and a surge per stage, a drift alarm per stage with `drift`, plus a failed run. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** The drift alarms only, one per stage with `drift`. */
  public readonly driftAlarms: cloudwatch.IAlarm[] = [];
  private readonly schedule: Duration;
  private readonly stageNames: string[];
  private readonly driftFeatures = new Map<string, string[]>();

  constructor(scope: Construct, id: string, props: PipelineMonitorProps) {
    requireProps(ownerOf('PipelineMonitor', `${scope.node.path}/${id}`), props, ['lake', 'stages']);
    props.stages.forEach((s, i) => {
      requireNested(ownerOf('PipelineMonitor', `${scope.node.path}/${id}`), `stages[${i}]`, s, ['name', 'zone']);
      requireNested(ownerOf('PipelineMonitor', `${scope.node.path}/${id}`), `stages[${i}].drift`, s.drift, ['features', 'baseline']);
    });
    super(scope, id);
    const owner = ownerOf('PipelineMonitor', this.node.path);
    this.schedule = props.schedule ?? Duration.hours(1);
    const minutes = checkMonitorSchedule(owner, 'schedule', this.schedule);
    if (props.stages.length === 0) invalidProp(owner, 'stages', props.stages, 'Name at least one stage.');
    this.stageNames = props.stages.map((s) => s.name);
    props.stages.forEach((s, i) => {
      if (!Token.isUnresolved(s.name) && !/^[A-Za-z0-9_-]{1,64}$/.test(s.name)) {
        invalidProp(owner, `stages[${i}].name`, s.name, 'It is a metric dimension and an alarm id: use 1-64 letters, digits, "_" or "-".');
      }
      if (this.stageNames.indexOf(s.name) !== i) invalidProp(owner, `stages[${i}].name`, s.name, 'Another stage has this name; give each stage its own.');
      checkS3Prefix(owner, `stages[${i}].subPath`, s.subPath, 'slash', 'iris/');
    });
    const low = props.minRateOfChange ?? 0.2;
    const high = props.maxRateOfChange ?? 5;
    checkRange(owner, 'minRateOfChange', low, { min: 0, max: 1, maxExclusive: true }, 'Use a fraction from 0 to below 1 (0.2: alarm when a window has under a fifth of the usual volume).');
    checkRange(owner, 'maxRateOfChange', high, { min: 1, minExclusive: true }, 'Use a multiple above 1 (5: alarm when a window has over five times the usual volume).');
    this.monitorName = props.monitorName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    checkJobName(owner, 'monitorName', this.monitorName);
    const scheduleSeconds = minutes * 60;
    const drifts = props.stages.map((s) => (s.drift ? stageDriftSpec(owner, s, s.drift, scheduleSeconds) : undefined));
    props.stages.forEach((s) => { if (s.drift) this.driftFeatures.set(s.name, s.drift.features.names); });
    const reportBucket = props.lake.bucket(LakeZone.DATA_CAPTURE);
    const topic = props.alarmTopic ?? AlarmTopic.ofStack(this).topic;
    const prefixOf = (s: PipelineMonitorProps['stages'][number]) => `${s.zone.prefix}${s.subPath ?? ''}`;
    const job = new MonitorJob(this, 'Job', {
      bundle: 'pipeline-monitor',
      description: `cdk-mlops pipeline volumes and drift of ${this.node.path}`,
      schedule: this.schedule,
      // Reading rows for drift is CPU-bound: one full vCPU then, as the drift monitor; listing needs little.
      memorySize: drifts.some((d) => d) ? 1769 : 256,
      topic,
      movableEnvironment: [PIPELINE_ENV.stages],
      environment: {
        [PIPELINE_ENV.monitorName]: this.monitorName,
        [PIPELINE_ENV.reportBucket]: reportBucket.bucketName,
        [PIPELINE_ENV.stages]: JSON.stringify(props.stages.map((s, i) => ({
          name: s.name, bucket: props.lake.bucket(s.zone).bucketName, prefix: prefixOf(s), ...(drifts[i] ? { drift: drifts[i] } : {}),
        }))),
      },
    });
    // Volumes come from ListObjectsV2; objects are read only for the stages with drift, under their own prefix.
    const list = props.stages.map((s) => new iam.PolicyStatement({
      actions: ['s3:ListBucket'], resources: [props.lake.bucket(s.zone).bucketArn],
    }));
    for (const st of list) job.function.addToRolePolicy(st);
    const reads = props.stages.flatMap((s) => (s.drift ? [
      props.lake.bucket(s.zone).grantRead(job.function, `${prefixOf(s)}*`),
      s.drift.baseline.bucket.grantRead(job.function, s.drift.baseline.statisticsKey),
      ...(s.drift.baseline.constraintsKey ? [s.drift.baseline.bucket.grantRead(job.function, s.drift.baseline.constraintsKey)] : []),
    ] : []));
    const reports = reportBucket.grantReadWrite(job.function, `${monitorPrefix(this.monitorName)}*`);
    if (reads.length > 0) acknowledgeWildcards(job.function, 'Objects of the stages with drift only, under their own prefix (written under run-time names), and their baseline files (aws-cdk-lib read grant).', ...reads);
    acknowledgeWildcards(job.function, 'Reports and checkpoint of this monitor only, under its own prefix (aws-cdk-lib read/write grant).', reports);
    grantPutMetricData(job.function, PIPELINE_METRICS.namespace, 'pipeline');
    this.alarms.push(job.failureAlarm);
    for (const stage of props.stages) {
      // The name itself (ids take '-' and '_'): stages 'a-b' and 'ab' need their own alarms.
      const pascal = stage.name;
      const handle = this.forStage(stage.name);
      for (const [sid, threshold, op, what] of [
        ['Drop', low, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, `below ${low} times`],
        ['Surge', high, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, `above ${high} times`],
      ] as const) {
        const alarm = new cloudwatch.Alarm(this, `${pascal}${sid}Alarm`, {
          metric: handle.metricRateOfChange(),
          threshold,
          comparisonOperator: op,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: `Volume of pipeline stage ${stage.name} (${this.monitorName}) ${what} its mean of the previous windows.`,
        });
        alarm.addAlarmAction(new actions.SnsAction(topic));
        this.alarms.push(alarm);
      }
      if (stage.drift) {
        const windows = windowsToAlarmOf(owner, stage.name, stage.drift, scheduleSeconds);
        const alarm = new cloudwatch.Alarm(this, `${pascal}DriftAlarm`, {
          metric: handle.metricDriftedFeatures({ statistic: 'Maximum' }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: windows,
          datapointsToAlarm: windows,
          // A window without new rows publishes no decision: that is not drift.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: `Drift of pipeline stage ${stage.name} (${this.monitorName}): at least one feature drifted from its baseline in ${windows} window(s); see the stage's constraint_violations.json.`,
        });
        alarm.addAlarmAction(new actions.SnsAction(topic));
        this.alarms.push(alarm);
        this.driftAlarms.push(alarm);
      }
    }
  }

  /**
   * The metric handle of one stage: `pipeline.forStage('raw').metricNewBytes()`.
   * @param stageName one of the stages' names
   */
  public forStage(stageName: string): IPipelineMonitorStage {
    if (!this.stageNames.includes(stageName)) {
      throw new Error(`PipelineMonitor '${this.node.path}': forStage('${stageName}'): the monitor watches only ${this.stageNames.map((s) => `'${s}'`).join(', ')}. ` +
        `Use one of those, or add a stage named '${stageName}' to stages.`);
    }
    return new PipelineMonitorStage(`PipelineMonitor '${this.node.path}'`, this.monitorName, this.schedule, stageName, this.driftFeatures.get(stageName));
  }

  /** Dashboard widgets: new bytes and rate of change per stage (with the volume alarms' thresholds), drift per feature and drifted features of the stages with drift, alarms. */
  public widgets(): cloudwatch.IWidget[] {
    return [
      ...this._charts(graphsWithAlarms(this.alarms)),
      new cloudwatch.AlarmStatusWidget({ title: 'Pipeline stage alarms', alarms: this.alarms, width: 8 }),
    ];
  }

  /**
   * The charts of `widgets()`, made by `graph` (MonitoringDashboard passes its own).
   * @internal
   */
  public _charts(graph: GraphFactory): cloudwatch.IWidget[] {
    const drift = [...this.driftFeatures.entries()].map(([stage, features]) => graph({
      title: `Pipeline stage ${stage}: drift per feature (left), drifted features (right)`,
      left: features.map((f) => this.forStage(stage).metricBaselineDrift(f, { label: f })),
      right: [this.forStage(stage).metricDriftedFeatures({ statistic: 'Maximum', label: 'drifted features' })],
      width: 12,
    }));
    return [
      graph({ title: 'Pipeline stages: new bytes per window', left: this.stageNames.map((s) => this.forStage(s).metricNewBytes({ label: s })), width: 8 }),
      graph({ title: 'Pipeline stages: rate of change', left: this.stageNames.map((s) => this.forStage(s).metricRateOfChange({ label: s })), width: 8 }),
      ...(this.driftFeatures.size > 0 ? [graph({
        title: 'Pipeline stages: malformed rows',
        left: [...this.driftFeatures.keys()].map((s) => this.forStage(s).metricMalformedRecords({ label: s })),
        width: 8,
      })] : []),
      ...drift,
    ];
  }
}
