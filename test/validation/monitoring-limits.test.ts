/**
 * The monitoring family (DriftMonitor, ModelQualityMonitor, PipelineMonitor, BaselineJob, MonitoringDashboard,
 * VariantAlarms, DriftFeatures): invalid inputs refused at synth naming the construct, the prop, the value and the
 * fix; token inputs deferred to CloudFormation. Limits come from the generated table (contracts/aws-limits.generated.ts):
 * CloudWatch's evaluation window (PutMetricAlarm's documentation), EventBridge rates, dimension values, dashboard names.
 */
import { Duration, Size, Stack } from 'aws-cdk-lib';
import { battery, deferred, numberParam, stringParam } from './battery';
import { LakeZone } from '../../lib/data';
import {
  BaselineJob, DriftBaseline, DriftFeatures, DriftMonitor, DriftMonitorProps, FeatureKind, ModelQualityMonitor, ModelQualityMonitorProps,
  MonitoringDashboard, NumericEffectSize, PipelineMonitor, PipelineMonitorProps, ProblemType, StageDataFormat, VariantAlarms,
} from '../../lib/monitoring';
import { ModelEndpoint } from '../../lib/serving';
import { monitoringFixture } from '../monitoring/fixtures';

const IRIS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const numeric = (...names: string[]) => DriftFeatures.of(names.map((name) => ({ name, kind: FeatureKind.NUMERIC })));

type Fixture = ReturnType<typeof monitoringFixture>;
function drift(props: (f: Fixture) => Partial<DriftMonitorProps>): () => unknown {
  return () => {
    const f = monitoringFixture();
    return new DriftMonitor(f.stack, 'Drift', {
      endpoint: f.endpoint, lake: f.data.lake, features: numeric('petal_length'),
      baseline: DriftBaseline.fromBucket(f.data.lake.curatedBucket, 'b/statistics.json'), ...props(f),
    });
  };
}
function quality(props: Partial<ModelQualityMonitorProps>): () => unknown {
  return () => {
    const f = monitoringFixture();
    return new ModelQualityMonitor(f.stack, 'Quality', { endpoint: f.endpoint, lake: f.data.lake, problemType: ProblemType.BINARY_CLASSIFICATION, ...props });
  };
}
function pipeline(props: (f: Fixture) => Partial<PipelineMonitorProps>): () => unknown {
  return () => {
    const f = monitoringFixture();
    return new PipelineMonitor(f.stack, 'Pipeline', { lake: f.data.lake, stages: [{ name: 'raw', zone: LakeZone.RAW }], ...props(f) });
  };
}
/** A stage with drift of the Iris features against a baseline file. */
function driftStage(f: Fixture, drift: object = {}) {
  return { name: 'raw', zone: LakeZone.RAW, subPath: 'iris/', drift: {
    features: numeric(...IRIS), baseline: DriftBaseline.fromBucket(f.data.lake.curatedBucket, 'b/statistics.json'), ...drift,
  } };
}
/** A baseline job describing `features` (request features only). */
function baselineOf(f: Fixture, features: DriftFeatures): DriftBaseline {
  return DriftBaseline.fromBaselineJob(new BaselineJob(f.stack, 'Baseline', { data: f.data, features }));
}

describe('monitoring: invalid configurations are refused at synth', () => {
  battery([
    // DriftMonitor
    {
      cls: 'alarm-period', name: 'a drift alarm of 8 daily windows (86,400 s x 8 is past CloudWatch\'s 604,800 s)',
      run: drift(() => ({ schedule: Duration.days(1), thresholds: { windowsToAlarm: 8 } })),
      prop: /DriftMonitor 'Test\/Drift': thresholds\.windowsToAlarm/, value: /8 periods of 86400 seconds/, fix: /at most 604800 seconds.*at most 7 evaluation periods/,
    },
    {
      cls: 'alarm-period', name: '97 windows of 15 minutes (past the one day CloudWatch evaluates for periods under an hour)',
      run: drift(() => ({ thresholds: { windowsToAlarm: 97 } })),
      prop: /thresholds\.windowsToAlarm/, value: /97 periods of 900 seconds/, fix: /at most 86400 seconds when the period is under 3600 seconds.*at most 96/,
    },
    {
      cls: 'non-finite', name: 'windowsToAlarm NaN', run: drift(() => ({ thresholds: { windowsToAlarm: NaN } })),
      prop: /thresholds\.windowsToAlarm/, value: /NaN \(not a number\)/, fix: /whole number from 1/,
    },
    {
      cls: 'non-finite', name: 'a numeric effect size of NaN', run: drift(() => ({ thresholds: { numericEffectSize: NumericEffectSize.ksDistance(NaN) } })),
      prop: /thresholds\.numericEffectSize/, value: /NumericEffectSize\.ksDistance\(NaN\)/, fix: /KS distance from 0 to 1/,
    },
    {
      cls: 'non-finite', name: 'a Wasserstein effect size of NaN', run: drift(() => ({ thresholds: { numericEffectSize: NumericEffectSize.wassersteinSds(NaN) } })),
      prop: /thresholds\.numericEffectSize/, value: /NumericEffectSize\.wassersteinSds\(NaN\)/, fix: /standard deviations of 0 or more/,
    },
    {
      cls: 'non-finite', name: 'a categorical effect size of Infinity', run: drift(() => ({ thresholds: { categoricalEffectSize: Infinity } })),
      prop: /thresholds\.categoricalEffectSize/, value: /Infinity \(not a finite number\)/, fix: /from 0 to 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'a KS effect size of 2 (a distance is at most 1: never drifts)', run: drift(() => ({ thresholds: { numericEffectSize: NumericEffectSize.ksDistance(2) } })),
      prop: /thresholds\.numericEffectSize/, value: /NumericEffectSize\.ksDistance\(2\)/, fix: /KS distance from 0 to 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'a negative PSI effect size', run: drift(() => ({ thresholds: { numericEffectSize: NumericEffectSize.psi(-0.1) } })),
      prop: /thresholds\.numericEffectSize/, value: /NumericEffectSize\.psi\(-0\.1\)/, fix: /PSI of 0 or more/,
    },
    {
      cls: 'rollback-thresholds', name: 'a categorical effect size of 1.5 (a share moves at most 1)', run: drift(() => ({ thresholds: { categoricalEffectSize: 1.5 } })),
      prop: /thresholds\.categoricalEffectSize/, value: /is 1\.5\b/, fix: /from 0 to 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'a false-alarm budget of 0 (never flags)', run: drift(() => ({ thresholds: { falseAlarmBudget: 0 } })),
      prop: /thresholds\.falseAlarmBudget/, value: /is 0\b/, fix: /probability above 0 and below 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'a false-alarm budget of 1 (flags every window)', run: drift(() => ({ thresholds: { falseAlarmBudget: 1 } })),
      prop: /thresholds\.falseAlarmBudget/, value: /is 1\b/, fix: /probability above 0 and below 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'a false-alarm budget of 5 (a percentage, not a probability)', run: drift(() => ({ thresholds: { falseAlarmBudget: 5 } })),
      prop: /thresholds\.falseAlarmBudget/, value: /is 5\b/, fix: /probability above 0 and below 1/,
    },
    {
      cls: 'fractional-capacity', name: 'minRecords of 0.5', run: drift(() => ({ thresholds: { minRecords: 0.5 } })),
      prop: /thresholds\.minRecords/, value: /0\.5/, fix: /whole number at least 1/,
    },
    {
      cls: 'durations', name: 'a schedule of 5 minutes 30 seconds (EventBridge rates are whole minutes)', run: drift(() => ({ schedule: Duration.seconds(330) })),
      prop: /schedule/, value: /5 minutes 30 seconds/, fix: /count whole minutes: use Duration\.minutes\(n\), from 5 minutes to 1 day/,
    },
    {
      cls: 'durations', name: 'a schedule of 4 minutes', run: drift(() => ({ schedule: Duration.minutes(4) })),
      prop: /DriftMonitor '.*': schedule/, value: /4 minutes/, fix: /from 5 minutes to 1 day/,
    },
    {
      cls: 'tokens', name: 'a token schedule (the rate in minutes and the metrics\' period in seconds are derived at synth)', run: () => {
        const f = monitoringFixture();
        return new DriftMonitor(f.stack, 'Drift', { endpoint: f.endpoint, lake: f.data.lake, features: numeric('petal_length'),
          baseline: DriftBaseline.fromBucket(f.data.lake.curatedBucket, 'b/statistics.json'), schedule: Duration.hours(numberParam(f.stack, 'Hours', 1)) });
      }, prop: /schedule/, value: /a token Duration/, fix: /CloudFormation cannot convert a parameter: pass a concrete Duration/,
    },
    {
      cls: 'limits', name: 'a switch point below 1 MiB', run: drift(() => ({ switchPoint: Size.kibibytes(1) })),
      prop: /switchPoint/, value: /1024 bytes/, fix: /Size\.mebibytes\(1\)/,
    },
    {
      cls: 'limits', name: 'a monitor name with a space', run: drift(() => ({ monitorName: 'iris drift' })),
      prop: /monitorName/, value: /'iris drift'/, fix: /letters, digits/,
    },
    {
      cls: 'cross-prop', name: 'a monitored feature the baseline job does not describe',
      run: drift((f) => ({ features: numeric('petal_length', 'petal_width'), baseline: baselineOf(f, numeric('petal_length')) })),
      prop: /DriftMonitor '.*': baseline describes 'petal_length'/, value: /not the monitored feature 'petal_width'/, fix: /Compare only features the baseline describes/,
    },
    {
      cls: 'cross-prop', name: 'a response feature with a baseline of the training table',
      run: drift((f) => ({
        features: DriftFeatures.of([{ name: 'petal_length', kind: FeatureKind.NUMERIC }, { name: 'score', kind: FeatureKind.NUMERIC, fromOutput: true }]),
        baseline: baselineOf(f, numeric('petal_length')),
      })), prop: /baseline describes/, value: /'score'/, fix: /a response feature/,
    },
    {
      cls: 'cross-prop', name: 'a feature numeric in the monitor and categorical in the baseline',
      run: drift((f) => ({ baseline: baselineOf(f, DriftFeatures.of([{ name: 'petal_length', kind: FeatureKind.CATEGORICAL }])) })),
      prop: /baseline describes 'petal_length' as categorical/, value: /compares it as numeric/, fix: /same kind in both/,
    },
    {
      cls: 'variant-names', name: 'a variant the endpoint does not have', run: drift(() => ({ variantNames: ['chmpion'] })),
      prop: /variantNames\[0\]/, value: /'chmpion'/, fix: /variants are 'champion', 'challenger' \(did you mean 'champion'\?\)/,
    },
    {
      cls: 'variant-names', name: 'a variant listed twice (it used to fail as a duplicate construct id)', run: drift(() => ({ variantNames: ['champion', 'champion'] })),
      prop: /variantNames\[1\]/, value: /'champion'/, fix: /listed twice/,
    },
    {
      cls: 's3-prefixes', name: "a capture prefix with a leading '/'", run: drift((f) => ({ dataCapture: { bucket: f.data.lake.curatedBucket, prefix: '/data-capture' } })),
      prop: /dataCapture\.prefix/, value: /'\/data-capture'/, fix: /leading '\/'.*without a trailing '\/'/,
    },
    {
      cls: 's3-prefixes', name: "a capture prefix with '//'", run: drift((f) => ({ dataCapture: { bucket: f.data.lake.curatedBucket, prefix: 'data//capture' } })),
      prop: /dataCapture\.prefix/, value: /'data\/\/capture'/, fix: /'\/\/' makes an empty folder name/,
    },
    {
      cls: 'cross-prop', name: "an exclude that names no column (the label would stay a feature)", run: () => {
        const f = monitoringFixture();
        return DriftFeatures.fromDataPlatform(f.data, { exclude: ['lable'] });
      }, prop: /DriftFeatures\.fromDataPlatform\('Test\/Data'\): options\.exclude\[0\]/, value: /'lable'/, fix: /nothing is excluded \(did you mean 'label'\?\)/,
    },
    {
      cls: 'variant-names', name: 'a metric of a feature the monitor does not compare', run: () => {
        const d = drift(() => ({}))() as DriftMonitor;
        return d.forVariant('champion').metricBaselineDrift('petal_lenght');
      }, prop: /metricBaselineDrift\('petal_lenght'\)/, value: /compares only 'petal_length'/, fix: /add 'petal_lenght' to the monitor's features/,
    },
    // ModelQualityMonitor
    {
      cls: 'non-finite', name: 'minR2 NaN (rendered as a null threshold before)', run: quality({ problemType: ProblemType.REGRESSION, thresholds: { minR2: NaN } }),
      prop: /ModelQualityMonitor 'Test\/Quality': thresholds\.minR2/, value: /NaN \(not a number\)/, fix: /below 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'minR2 of 1 (R² is at most 1: always alarms)', run: quality({ problemType: ProblemType.REGRESSION, thresholds: { minR2: 1 } }),
      prop: /thresholds\.minR2/, value: /is 1\b/, fix: /always alarms/,
    },
    {
      cls: 'non-finite', name: 'maxRmse Infinity (never alarms)', run: quality({ problemType: ProblemType.REGRESSION, thresholds: { maxRmse: Infinity } }),
      prop: /thresholds\.maxRmse/, value: /Infinity \(not a finite number\)/, fix: /positive number/,
    },
    {
      cls: 'rollback-thresholds', name: 'maxMae of 0', run: quality({ problemType: ProblemType.REGRESSION, thresholds: { maxMae: 0 } }),
      prop: /thresholds\.maxMae/, value: /is 0\b/, fix: /positive number/,
    },
    {
      cls: 'rollback-thresholds', name: 'minAccuracy of 90 (a percentage, not a share)', run: quality({ thresholds: { minAccuracy: 90 } }),
      prop: /thresholds\.minAccuracy/, value: /is 90\b/, fix: /a share, not a percentage/,
    },
    {
      cls: 'rollback-thresholds', name: 'minAuc of 0 (never alarms)', run: quality({ thresholds: { minAuc: 0 } }),
      prop: /thresholds\.minAuc/, value: /is 0\b/, fix: /a minimum of 0 never alarms/,
    },
    {
      cls: 'cross-prop', name: 'an AUC threshold on a regression', run: quality({ problemType: ProblemType.REGRESSION, thresholds: { minAuc: 0.8 } }),
      prop: /thresholds\.minAuc/, value: /0\.8/, fix: /does not apply to Regression/,
    },
    {
      cls: 'non-finite', name: 'a probability threshold of NaN', run: quality({ probabilityThreshold: NaN }),
      prop: /probabilityThreshold/, value: /NaN \(not a number\)/, fix: /from 0 to 1/,
    },
    {
      cls: 'durations', name: 'a late-label window of 31 days', run: quality({ lateLabelWindow: Duration.days(31) }),
      prop: /lateLabelWindow/, value: /31 days/, fix: /from 0 seconds to 30 days/,
    },
    {
      cls: 'durations', name: 'a late-label window of 1.5 seconds', run: quality({ lateLabelWindow: Duration.millis(1500) }),
      prop: /lateLabelWindow/, value: /1 second 500 millis/, fix: /whole seconds/,
    },
    {
      cls: 'durations', name: 'a schedule of 2 days', run: quality({ schedule: Duration.days(2) }),
      prop: /schedule/, value: /2 days/, fix: /from 5 minutes to 1 day/,
    },
    {
      cls: 'variant-names', name: 'a quality variant the endpoint does not have', run: quality({ variantNames: ['blue'] }),
      prop: /variantNames\[0\]/, value: /'blue'/, fix: /variants are 'champion', 'challenger'/,
    },
    // PipelineMonitor
    {
      cls: 'alarm-period', name: 'a stage drift alarm of 169 hourly windows', run: pipeline((f) => ({ stages: [driftStage(f, { thresholds: { windowsToAlarm: 169 } })] })),
      prop: /stages\['raw'\]\.drift\.thresholds\.windowsToAlarm/, value: /169 periods of 3600 seconds/, fix: /at most 168 evaluation periods/,
    },
    {
      cls: 'rollback-thresholds', name: 'a stage KS effect size of -1', run: pipeline((f) => ({ stages: [driftStage(f, { thresholds: { numericEffectSize: NumericEffectSize.ksDistance(-1) } })] })),
      prop: /stages\[0\]\.drift\.thresholds\.numericEffectSize|drift\.thresholds\.numericEffectSize/, value: /ksDistance\(-1\)/, fix: /KS distance from 0 to 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'a stage false-alarm budget of 0', run: pipeline((f) => ({ stages: [driftStage(f, { thresholds: { falseAlarmBudget: 0 } })] })),
      prop: /drift\.thresholds\.falseAlarmBudget/, value: /is 0\b/, fix: /probability above 0 and below 1/,
    },
    {
      cls: 's3-prefixes', name: "a stage sub-path with a leading '/' (grants on '//' match nothing)", run: pipeline(() => ({ stages: [{ name: 'raw', zone: LakeZone.RAW, subPath: '/iris/' }] })),
      prop: /stages\[0\]\.subPath/, value: /'\/iris\/'/, fix: /leading '\/'/,
    },
    {
      cls: 's3-prefixes', name: "a stage sub-path without its trailing '/'", run: pipeline(() => ({ stages: [{ name: 'raw', zone: LakeZone.RAW, subPath: 'iris' }] })),
      prop: /stages\[0\]\.subPath/, value: /'iris'/, fix: /ending with '\/'/,
    },
    {
      cls: 'limits', name: 'two stages of one name', run: pipeline(() => ({ stages: [{ name: 'raw', zone: LakeZone.RAW }, { name: 'raw', zone: LakeZone.CURATED }] })),
      prop: /stages\[1\]\.name/, value: /'raw'/, fix: /give each stage its own/,
    },
    {
      cls: 'limits', name: 'a stage name with a space', run: pipeline(() => ({ stages: [{ name: 'a b', zone: LakeZone.RAW }] })),
      prop: /stages\[0\]\.name/, value: /'a b'/, fix: /letters, digits/,
    },
    {
      cls: 'limits', name: 'no stage', run: pipeline(() => ({ stages: [] })),
      prop: /stages/, value: /a list of 0/, fix: /at least one stage/,
    },
    {
      cls: 'non-finite', name: 'minRateOfChange NaN', run: pipeline(() => ({ minRateOfChange: NaN })),
      prop: /minRateOfChange/, value: /NaN \(not a number\)/, fix: /fraction from 0 to below 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'maxRateOfChange of 1 (alarms on every ordinary window)', run: pipeline(() => ({ maxRateOfChange: 1 })),
      prop: /maxRateOfChange/, value: /is 1\b/, fix: /multiple above 1/,
    },
    {
      cls: 'cross-prop', name: 'a stage compared with a baseline that does not describe its features',
      run: pipeline((f) => ({ stages: [driftStage(f, { baseline: baselineOf(f, numeric('petal_length')) })] })),
      prop: /stages\['raw'\]\.drift\.baseline describes 'petal_length'/, value: /not the monitored feature 'sepal_length'/, fix: /Compare only features/,
    },
    {
      cls: 'cross-prop', name: 'CSV columns given with a header', run: pipeline((f) => ({ stages: [driftStage(f, { format: StageDataFormat.csv({ columns: IRIS }) })] })),
      prop: /drift\.format\.columns/, value: /sepal_length,sepal_width/, fix: /only with header: false/,
    },
    {
      cls: 'cross-prop', name: 'headerless CSV columns missing features',
      run: pipeline((f) => ({ stages: [driftStage(f, { format: StageDataFormat.csv({ header: false, columns: ['label', 'sepal_length'] }) })] })),
      prop: /drift\.format\.columns/, value: /'label,sepal_length'/, fix: /missing: sepal_width, petal_length, petal_width/,
    },
    // BaselineJob
    {
      cls: 'limits', name: 'a baseline name with a space (the error used to say monitorName)', run: () => {
        const f = monitoringFixture();
        return new BaselineJob(f.stack, 'Baseline', { data: f.data, features: numeric('petal_length'), baselineName: 'iris baseline' });
      }, prop: /BaselineJob 'Test\/Baseline': baselineName/, value: /'iris baseline'/, fix: /letters, digits/,
    },
    {
      cls: 'fractional-capacity', name: 'maxRows of 10', run: () => {
        const f = monitoringFixture();
        return new BaselineJob(f.stack, 'Baseline', { data: f.data, features: numeric('petal_length'), maxRows: 10 });
      }, prop: /maxRows/, value: /is 10\b/, fix: /whole number from 100 to 10000000/,
    },
    // MonitoringDashboard
    {
      cls: 'variant-names', name: 'a dashboard variant the endpoint does not have', run: () => {
        const f = monitoringFixture();
        return new MonitoringDashboard(f.stack, 'Dashboard', { endpoint: f.endpoint, variantNames: ['champion', 'challanger'] });
      }, prop: /MonitoringDashboard 'Test\/Dashboard': variantNames\[1\]/, value: /'challanger'/, fix: /did you mean 'challenger'/,
    },
    {
      cls: 'variant-names', name: 'a dashboard variant listed twice', run: () => {
        const f = monitoringFixture();
        return new MonitoringDashboard(f.stack, 'Dashboard', { endpoint: f.endpoint, variantNames: ['champion', 'champion'] });
      }, prop: /variantNames\[1\]/, value: /'champion'/, fix: /listed twice/,
    },
    {
      cls: 'limits', name: 'a dashboard name with a space', run: () => {
        const f = monitoringFixture();
        return new MonitoringDashboard(f.stack, 'Dashboard', { endpoint: f.endpoint, dashboardName: 'iris endpoint' });
      }, prop: /dashboardName/, value: /'iris endpoint'/, fix: /1-255 characters matching \[A-Za-z0-9_-\]\+/,
    },
    // VariantAlarms (on their own: they name themselves and their own props)
    {
      cls: 'rollback-thresholds', name: 'an error rate of 5 (percent)', run: () => {
        const f = monitoringFixture();
        return new VariantAlarms(f.stack, 'Alarms', { endpoint: f.endpoint, variantName: 'champion', errorRateThreshold: 5 });
      }, prop: /VariantAlarms 'Test\/Alarms': errorRateThreshold/, value: /is 5\b/, fix: /0\.05 for 5%/,
    },
    {
      cls: 'non-finite', name: 'an error rate of NaN', run: () => {
        const f = monitoringFixture();
        return new VariantAlarms(f.stack, 'Alarms', { endpoint: f.endpoint, variantName: 'champion', errorRateThreshold: NaN });
      }, prop: /errorRateThreshold/, value: /NaN \(not a number\)/, fix: /A threshold is a number/,
    },
    {
      cls: 'alarm-period', name: 'datapointsToAlarm above evaluationPeriods', run: () => {
        const f = monitoringFixture();
        return new VariantAlarms(f.stack, 'Alarms', { endpoint: f.endpoint, variantName: 'champion', evaluationPeriods: 2, datapointsToAlarm: 3 });
      }, prop: /datapointsToAlarm/, value: /is 3\b/, fix: /from 1 to evaluationPeriods \(2\)/,
    },
    {
      cls: 'rollback-thresholds', name: "an endpoint's alarm options name the endpoint and alarmOptions (not 'alarms.')", run: () => {
        const f = monitoringFixture();
        return new ModelEndpoint(f.stack, 'E2', { variants: [{ variantName: 'a', model: f.stack.node.findChild('ModelA') as never }], alarmOptions: { errorRateThreshold: -1 } });
      }, prop: /ModelEndpoint 'Test\/E2': alarmOptions\.errorRateThreshold/, value: /-1/, fix: /always fire/,
    },
  ]);
});

describe('monitoring: token inputs are deferred to CloudFormation', () => {
  deferred([
    {
      name: 'DriftMonitor thresholds, windows, switch point and name as parameters', refs: ['Numeric', 'Categorical', 'Budget', 'Windows', 'MinRecords', 'Name', 'SwitchBytes'],
      run: (): Stack => {
        const f = monitoringFixture();
        new DriftMonitor(f.stack, 'Drift', {
          endpoint: f.endpoint, lake: f.data.lake, features: numeric('petal_length'), baseline: baselineOf(f, numeric('petal_length')),
          monitorName: stringParam(f.stack, 'Name', 'iris-drift'),
          thresholds: {
            numericEffectSize: NumericEffectSize.ksDistance(numberParam(f.stack, 'Numeric', 0.1)),
            categoricalEffectSize: numberParam(f.stack, 'Categorical', 0.1), falseAlarmBudget: numberParam(f.stack, 'Budget', 0.01),
            windowsToAlarm: numberParam(f.stack, 'Windows', 2), minRecords: numberParam(f.stack, 'MinRecords', 20) },
          switchPoint: Size.bytes(numberParam(f.stack, 'SwitchBytes', 4 * 1024 ** 3)),
        });
        return f.stack;
      },
    },
    {
      name: 'ModelQualityMonitor thresholds (alarm and constraints), probability threshold and late-label window',
      refs: ['MinAccuracy', 'Probability', 'LateSeconds'],
      run: (): Stack => {
        const f = monitoringFixture();
        new ModelQualityMonitor(f.stack, 'Quality', {
          endpoint: f.endpoint, lake: f.data.lake, problemType: ProblemType.BINARY_CLASSIFICATION,
          thresholds: { minAccuracy: numberParam(f.stack, 'MinAccuracy', 0.9) }, probabilityThreshold: numberParam(f.stack, 'Probability', 0.5),
          lateLabelWindow: Duration.seconds(numberParam(f.stack, 'LateSeconds', 3600)),
        });
        return f.stack;
      },
    },
    {
      name: 'PipelineMonitor rate-of-change bounds and a stage drift window count', refs: ['Low', 'High', 'StageWindows'],
      run: (): Stack => {
        const f = monitoringFixture();
        new PipelineMonitor(f.stack, 'Pipeline', {
          lake: f.data.lake, minRateOfChange: numberParam(f.stack, 'Low', 0.2), maxRateOfChange: numberParam(f.stack, 'High', 5),
          stages: [driftStage(f, { thresholds: { windowsToAlarm: numberParam(f.stack, 'StageWindows', 2) } })],
        });
        return f.stack;
      },
    },
    {
      name: 'BaselineJob maxRows', refs: ['MaxRows'],
      run: (): Stack => {
        const f = monitoringFixture();
        new BaselineJob(f.stack, 'Baseline', { data: f.data, features: numeric('petal_length'), maxRows: numberParam(f.stack, 'MaxRows', 1000) });
        return f.stack;
      },
    },
    {
      name: 'VariantAlarms thresholds and periods (also in the alarm description)', refs: ['Rate', 'Periods', 'Points'],
      run: (): Stack => {
        const f = monitoringFixture();
        new VariantAlarms(f.stack, 'Alarms', {
          endpoint: f.endpoint, variantName: 'champion', errorRateThreshold: numberParam(f.stack, 'Rate', 0.05),
          evaluationPeriods: numberParam(f.stack, 'Periods', 3), datapointsToAlarm: numberParam(f.stack, 'Points', 2),
        });
        return f.stack;
      },
    },
    {
      name: 'a MonitoringDashboard name', refs: ['DashboardName'],
      run: (): Stack => {
        const f = monitoringFixture();
        new MonitoringDashboard(f.stack, 'Dashboard', { endpoint: f.endpoint, dashboardName: stringParam(f.stack, 'DashboardName', 'iris') });
        return f.stack;
      },
    },
  ]);
});
