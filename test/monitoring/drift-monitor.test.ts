import { Match } from 'aws-cdk-lib/assertions';
import { DRIFT_ENV } from '../../contracts/drift-monitor';
import { DATA_METRICS_NAMESPACE } from '../../contracts/model-monitor';
import {
  DriftBaseline, DriftFeatures, DriftMonitor, FeatureKind, ModelQualityMonitor, MonitoringDashboard, NumericEffectSize, ProblemType,
} from '../../lib/monitoring';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { monitoringFixture } from './fixtures';

afterAll(lintQueuedTemplates);

describe('DriftMonitor and MonitoringDashboard', () => {
  test('features from the DataPlatform, a 15-minute schedule, a drift alarm per variant, one dashboard', () => {
    const { stack, data, endpoint } = monitoringFixture();
    const features = DriftFeatures.fromDataPlatform(data, {
      exclude: ['label'], outputs: [{ name: 'score', kind: FeatureKind.NUMERIC }],
    });
    expect(features.names).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'score']);
    const drift = new DriftMonitor(stack, 'Drift', {
      endpoint, lake: data.lake, features, monitorName: 'iris-drift',
      baseline: DriftBaseline.fromBucket(data.lake.curatedBucket, 'baselines/iris/statistics.json', 'baselines/iris/constraints.json'),
    });
    const quality = new ModelQualityMonitor(stack, 'Quality', { endpoint, lake: data.lake, problemType: ProblemType.BINARY_CLASSIFICATION });
    new MonitoringDashboard(stack, 'Dashboard', { endpoint, driftMonitor: drift, qualityMonitor: quality, dataPlatform: data });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 840, // below the 15-minute period: runs never overlap
      MemorySize: 1769,
      Environment: { Variables: Match.objectLike({
        [DRIFT_ENV.schema]: JSON.stringify({ features: [
          { name: 'sepal_length', kind: 'numeric', source: 'input' }, { name: 'sepal_width', kind: 'numeric', source: 'input' },
          { name: 'petal_length', kind: 'numeric', source: 'input' }, { name: 'petal_width', kind: 'numeric', source: 'input' },
          { name: 'score', kind: 'numeric', source: 'output' }] }),
        // The documented switch point (README "Drift statistics": 4 GiB), one constant with contracts/capture-table.ts.
        [DRIFT_ENV.athenaSwitchBytes]: String(4 * 1024 ** 3),
        [DRIFT_ENV.thresholds]: '{}',
      }) },
    });
    const driftAlarms = t.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: DATA_METRICS_NAMESPACE } });
    expect(Object.values(driftAlarms).map((a: any) => a.Properties.MetricName)).toEqual(['drifted_feature_count', 'drifted_feature_count']);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(t.findResources('AWS::CloudWatch::Dashboard'));
    for (const s of ['feature_baseline_drift_petal_length', 'Share of requests per variant', 'model latency (microseconds)', 'aws/sagemaker/Endpoints/model-metrics', 'Records written']) {
      expect(body).toContain(s);
    }
    expect(drift.widgets().length).toBe(4); // a drift chart per variant, records, alarm states
    expect(nagFindings(stack)).toEqual([]);
  });

  test('the decision\'s effect sizes and budget reach the handler as its thresholds', () => {
    const { stack, data, endpoint } = monitoringFixture();
    new DriftMonitor(stack, 'Drift', {
      endpoint, lake: data.lake, features: DriftFeatures.of([{ name: 'x', kind: FeatureKind.NUMERIC }]),
      baseline: DriftBaseline.fromBucket(data.lake.curatedBucket, 'b/statistics.json'),
      thresholds: { numericEffectSize: NumericEffectSize.wassersteinSds(0.2), categoricalEffectSize: 0.05, falseAlarmBudget: 0.001, minRecords: 50, windowsToAlarm: 2 },
    });
    synth(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({
        [DRIFT_ENV.thresholds]: JSON.stringify({ numericEffect: { statistic: 'wasserstein_sd', size: 0.2 }, categoricalEffect: 0.05, falseAlarmBudget: 0.001, minRecords: 50 }),
      }) },
    });
  });
});
