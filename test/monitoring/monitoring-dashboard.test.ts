/**
 * MonitoringDashboard as an on-call engineer reads it, checked on the synthesized template: every alarm of the stack
 * in the status row at the top, every alarm's metric drawn with its threshold, the rollout's state from the metrics
 * the controller publishes, and each variant's drift and quality on the variant's own row.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-stack';
import { ROLLOUT_METRIC_NAMESPACE } from '../../contracts/rollout-env';
import { DATA_METRICS_NAMESPACE } from '../../contracts/model-monitor';
import { initialState, rolloutStateMetrics } from '../../lambda/core/rollout';
import { ShadowAnalysis, ShadowProblem } from '../../lib/experiments';
import { LakeZone } from '../../lib/data/lake-zone';
import { MlPlatform } from '../../lib/platform';
import { BatchInference, BuiltInAlgorithm, ContainerImage, Model, ModelData } from '../../lib/serving';
import { MonitoringDashboard } from '../../lib/monitoring';
import {
  alarmWidgetIds, chartedMetrics, dashboardWidgets, DashboardWidget, templateAlarms, TemplateAlarm, valueText,
} from '../helpers/dashboard-body';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { monitoringFixture } from './fixtures';

afterAll(lintQueuedTemplates);

const context = require('../../cdk.json').context;

/** The alarms the status row lists, and the rows above it are only the header. */
function statusRow(widgets: DashboardWidget[]): string[] {
  // Above the first chart: only the header and the status row's alarm widgets.
  const firstChart = Math.min(...widgets.filter((w) => w.type === 'metric').map((w) => w.y));
  const above = widgets.filter((w) => w.y < firstChart);
  expect(above.filter((w) => w.type !== 'alarm').map((w) => w.type)).toEqual(['text']);
  const row = above.filter((w) => w.type === 'alarm');
  for (const w of row) {
    expect(w.properties.alarms.length).toBeLessThanOrEqual(100);
    expect(w.properties.sortBy).toBe('stateUpdatedTimestamp');
  }
  return row.flatMap(alarmWidgetIds);
}

/** Alarms with a metric that no chart draws with a horizontal annotation at the alarm's threshold on its axis. */
function alarmsWithoutThresholdLine(widgets: DashboardWidget[], alarms: TemplateAlarm[]): string[] {
  return alarms.filter((a) => a.metricName !== undefined).filter((a) => !widgets.some((w) => w.type === 'metric' &&
    chartedMetrics(w).some((m) => m.namespace === a.namespace && m.metricName === a.metricName &&
      JSON.stringify(m.dimensions) === JSON.stringify(a.dimensions) && m.stat.toLowerCase() === a.stat!.toLowerCase() &&
      (w.properties.annotations?.horizontal ?? []).some((h: any) => h.value === a.threshold && (h.yAxis ?? 'left') === m.yAxis))))
    .map((a) => a.logicalId);
}

describe('MonitoringDashboard of the reference app', () => {
  const { stack } = buildReferenceApp(new App({ context }));
  const t = Template.fromStack(stack);
  const widgets = dashboardWidgets(t);
  const alarms = templateAlarms(t);

  test('the status row at the top lists every alarm of the stack, once', () => {
    const listed = statusRow(widgets);
    expect(alarms.length).toBe(39);
    expect([...listed].sort()).toEqual(alarms.map((a) => a.logicalId).sort());
  });

  test('every alarm\'s metric is drawn with the alarm\'s threshold as a horizontal line', () => {
    expect(alarmsWithoutThresholdLine(widgets, alarms)).toEqual([]);
  });

  test('the rollout\'s state is charted from the metrics the controller publishes, one line per slot', () => {
    const endpoint = valueText({ 'Fn::GetAtt': [Object.keys(t.findResources('AWS::SageMaker::Endpoint'))[0], 'EndpointName'] });
    const published = rolloutStateMetrics({ endpointName: 'x', candidateVariant: 'green', state: initialState(0) },
      { stable: 100, candidate: 0 }).map((d) => d.name).sort();
    expect(published).toEqual(['CandidateShareLive', 'CandidateShareOrdered', 'RolloutActive', 'RolloutPhase']);
    const charted = widgets.flatMap(chartedMetrics).filter((m) => m.namespace === ROLLOUT_METRIC_NAMESPACE && published.includes(m.metricName));
    for (const slot of ['blue', 'green']) {
      expect(charted.filter((m) => JSON.stringify(m.dimensions) === JSON.stringify([`CandidateVariant=${slot}`, `EndpointName=${endpoint}`]))
        .map((m) => m.metricName).sort()).toEqual(published);
    }
  });

  test('each variant\'s row holds its errors and latency, and beside them its drift and its quality', () => {
    for (const variant of ['blue', 'green', 'challenger']) {
      const errors = widgets.find((w) => w.properties.title === `${variant}: 5XX rate (left), 4XX rate (right)`)!;
      const row = widgets.filter((w) => w.y === errors.y && w.type === 'metric');
      const namespaces = row.flatMap((w) => chartedMetrics(w).filter((m) => m.dimensions.includes(`VariantName=${variant}`)).map((m) => m.namespace));
      expect(new Set(namespaces)).toEqual(new Set(['AWS/SageMaker', DATA_METRICS_NAMESPACE, 'aws/sagemaker/Endpoints/model-metrics']));
      // Nothing of another variant on this row.
      expect(row.flatMap(chartedMetrics).filter((m) => m.dimensions.some((d) => d.startsWith('VariantName=') && d !== `VariantName=${variant}`))).toEqual([]);
    }
  });
});

describe('MonitoringDashboard with every construct that creates alarms', () => {
  test('status row and threshold lines cover the platform, a shadow analysis and a batch inference in one stack', () => {
    const app = new App({ context });
    const stack = new Stack(app, 'Everything', { env: { account: '111111111111', region: 'us-east-1' } });
    const platform = new MlPlatform(stack, 'Platform');
    new ShadowAnalysis(stack, 'Shadow', {
      endpoint: platform.endpoint, problem: ShadowProblem.CLASSIFICATION, productionVariant: 'blue', shadowVariant: 'challenger',
      threshold: 0.5, minAgreementRate: 0.95,
    });
    const model = new Model(stack, 'BatchModel', {
      image: ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7),
      modelData: ModelData.fromBucket(platform.training.artifactBucket, 'm/model.tar.gz'),
    });
    new BatchInference(stack, 'Batch', { model, lake: platform.data.lake, inputZone: LakeZone.FEATURES, inputPrefix: 'scoring/', runAfter: platform.data.etl });
    const t = synth(stack);
    const widgets = dashboardWidgets(t);
    const alarms = templateAlarms(t);
    const ids = alarms.map((a) => a.logicalId);
    // The shadow analysis' and the batch job's alarms exist and were created after the dashboard.
    expect(ids.filter((id) => id.startsWith('Shadow') || id.startsWith('Batch')).length).toBeGreaterThanOrEqual(2);
    expect([...statusRow(widgets)].sort()).toEqual([...ids].sort());
    expect(alarmsWithoutThresholdLine(widgets, alarms)).toEqual([]);
  });
});

describe('MonitoringDashboard and CloudWatch\'s dashboard quotas', () => {
  test('more than 100 alarms are split over alarm widgets of at most 100', () => {
    const { stack, endpoint } = monitoringFixture();
    new MonitoringDashboard(stack, 'Dashboard', { endpoint });
    const metric = new cloudwatch.Metric({ namespace: 'Test', metricName: 'M' });
    for (let i = 0; i < 150; i++) metric.createAlarm(stack, `A${String(i).padStart(3, '0')}`, { threshold: i, evaluationPeriods: 1 });
    const t = Template.fromStack(stack);
    const widgets = dashboardWidgets(t);
    // The fixture's endpoint and data platform have alarms of their own besides the 150.
    const total = templateAlarms(t).length;
    expect(total).toBeGreaterThan(150);
    expect(statusRow(widgets).length).toBe(total);
    const sizes = widgets.filter((w) => w.type === 'alarm' && w.properties.sortBy).map((w) => w.properties.alarms.length);
    expect(sizes).toEqual([100, total - 100]);
    // One chart of the metric carries all 150 thresholds.
    const chart = widgets.find((w) => chartedMetrics(w).some((m) => m.namespace === 'Test'))!;
    expect(chart.properties.annotations.horizontal.map((h: any) => h.value)).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  test('more than 500 widgets fail at synth, naming the dashboard, the count and the fix', () => {
    const { stack, endpoint } = monitoringFixture();
    const extraWidgets = Array.from({ length: 500 }, (_, i) => new cloudwatch.TextWidget({ markdown: `${i}` }));
    new MonitoringDashboard(stack, 'Dashboard', { endpoint, extraWidgets });
    expect(() => Template.fromStack(stack)).toThrow(/MonitoringDashboard 'Test\/Dashboard': 5\d\d widgets; CloudWatch allows 500 per dashboard\. Pass fewer variantNames/);
  });
});
