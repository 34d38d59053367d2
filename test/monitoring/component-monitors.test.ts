import { Size } from 'aws-cdk-lib';
import { DRIFT_ENV } from '../../contracts/drift-monitor';
import { DATA_METRICS_NAMESPACE, MONITORED_DIMENSION_ENV } from '../../contracts/model-monitor';
import { MODEL_QUALITY_NAMESPACE, QUALITY_ENV } from '../../contracts/model-quality';
import { LakeZone } from '../../lib/data/lake-zone';
import { DriftBaseline, DriftFeatures, DriftMonitor, ModelQualityMonitor, MonitoringDashboard, ProblemType } from '../../lib/monitoring';
import { InferenceComponent, InferenceComponentEndpoint } from '../../lib/serving';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { monitoringFixture } from './fixtures';

afterAll(lintQueuedTemplates);

/** The monitoring fixture plus an endpoint hosting two components, capturing into the lake. */
function componentFixture() {
  const f = monitoringFixture();
  const endpoint = new InferenceComponentEndpoint(f.stack, 'Shared', {
    endpointName: 'shared', dataCapture: { bucket: f.data.lake.bucket(LakeZone.DATA_CAPTURE), prefix: 'data-capture' },
  });
  const model = f.stack.node.findChild('ModelA') as never;
  const ranker = endpoint.addInferenceComponent('Ranker', { model, computeResources: { minMemory: Size.gibibytes(1) }, inferenceComponentName: 'ranker' });
  const chat = endpoint.addInferenceComponent('Chat', { model, computeResources: { minMemory: Size.gibibytes(1) }, inferenceComponentName: 'chat' });
  const baseline = DriftBaseline.fromBucket(f.data.lake.curatedBucket, 'baselines/statistics.json');
  return { ...f, shared: endpoint, ranker, chat, baseline, features: DriftFeatures.fromDataPlatform(f.data, { exclude: ['label'] }) };
}

const envOf = (t: ReturnType<typeof synth>, key: string, value: string) => Object.values(t.findResources('AWS::Lambda::Function'))
  .map((fn: any) => fn.Properties.Environment?.Variables ?? {}).find((v: Record<string, string>) => v[key] === value)!;

describe('drift and quality monitors measure inference components', () => {
  test('each component from its own captures, named in InferenceComponentName; one alarm per component and threshold', () => {
    const { stack, data, shared, ranker, chat, baseline, features } = componentFixture();
    const drift = new DriftMonitor(stack, 'Drift', { endpoint: shared, lake: data.lake, features, baseline, inferenceComponents: [ranker, chat], monitorName: 'shared-drift' });
    const quality = new ModelQualityMonitor(stack, 'Quality', {
      endpoint: shared, lake: data.lake, problemType: ProblemType.BINARY_CLASSIFICATION, inferenceComponents: [ranker], monitorName: 'shared-quality',
      thresholds: { minAccuracy: 0.8 },
    });
    new MonitoringDashboard(stack, 'Dash', { endpoint: shared, driftMonitor: drift, qualityMonitor: quality });
    expect(drift.inferenceComponentNames).toEqual(['ranker', 'chat']);
    expect(drift.variantNames).toEqual([]);
    expect(quality.inferenceComponentNames).toEqual(['ranker']);
    const t = synth(stack);
    const driftEnv = envOf(t, DRIFT_ENV.monitorName, 'shared-drift');
    expect(driftEnv[DRIFT_ENV.variantNames]).toBe('ranker,chat');
    expect(driftEnv[MONITORED_DIMENSION_ENV]).toBe('InferenceComponentName');
    const qualityEnv = envOf(t, QUALITY_ENV.monitorName, 'shared-quality');
    expect(qualityEnv[QUALITY_ENV.variantNames]).toBe('ranker');
    expect(qualityEnv[MONITORED_DIMENSION_ENV]).toBe('InferenceComponentName');
    // The variant monitors of the fixture's other endpoint keep the default (no dimension variable).
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties);
    const byNamespace = (ns: string) => alarms.filter((a) => a.Namespace === ns).map((a) => a.Dimensions.find((d: any) => d.Name === 'InferenceComponentName')?.Value);
    expect(byNamespace(DATA_METRICS_NAMESPACE)).toEqual(['ranker', 'chat']);
    expect(byNamespace(MODEL_QUALITY_NAMESPACE)).toEqual(['ranker']);
    const m = drift.forComponent('chat').metricBaselineDrift('petal_length');
    const endpointName = stack.resolve(shared.endpointName);
    expect(stack.resolve(m.dimensions)).toEqual({ Endpoint: endpointName, MonitoringSchedule: 'shared-drift', InferenceComponentName: 'chat' });
    expect(stack.resolve(quality.forComponent('ranker').metricAccuracy().dimensions))
      .toEqual({ Endpoint: endpointName, MonitoringSchedule: 'shared-quality', InferenceComponentName: 'ranker' });
    expect(() => drift.forVariant('AllTraffic')).toThrow(/measures only inference components \(use forComponent\)/);
    expect(() => quality.forComponent('chat')).toThrow(/measures only the components 'ranker'/);
    // One drift graph per component (main's driftVariantGraph), named after it and on its dimension; then records and alarms.
    const widgets = drift.widgets().map((w) => stack.resolve(w.toJson())[0]);
    expect(widgets.map((w) => w.properties.title)).toEqual([
      'Drift of ranker: distance per feature (left), drifted features (right)',
      'Drift of chat: distance per feature (left), drifted features (right)',
      'Drift: captured records analysed (left) / malformed (right)',
      'Drift alarms',
    ]);
    expect(JSON.stringify(widgets[1].properties.metrics)).toContain('"InferenceComponentName","chat"');
    expect(JSON.stringify(widgets[1].properties.metrics)).not.toContain('VariantName');
    // The dashboard's monitor totals chart the components too (before the merge fix they listed variants only: none here).
    const body = JSON.stringify(t.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('ranker records');
    expect(body).toContain('chat malformed');
    expect(nagFindings(stack)).toEqual([]);
  });

  test('variant monitors are unchanged: no dimension variable, forComponent refused', () => {
    const { stack, data, endpoint, baseline, features } = componentFixture();
    const drift = new DriftMonitor(stack, 'Drift', { endpoint, lake: data.lake, features, baseline, monitorName: 'iris-drift' });
    const env = envOf(synth(stack), DRIFT_ENV.monitorName, 'iris-drift');
    expect(env[MONITORED_DIMENSION_ENV]).toBeUndefined();
    expect(env[DRIFT_ENV.variantNames]).toBe('champion,challenger');
    expect(() => drift.forComponent('ranker')).toThrow(/measures variants, not inference components \(use forVariant\)/);
  });

  test('an inference-component endpoint needs its components named; variants and components together, or a foreign component, are refused', () => {
    const { stack, data, shared, ranker, baseline, features } = componentFixture();
    expect(() => new DriftMonitor(stack, 'D1', { endpoint: shared, lake: data.lake, features, baseline }))
      .toThrow(/DriftMonitor 'Test\/D1': inferenceComponents is undefined\. The endpoint hosts inference components, whose captures are per component; pass inferenceComponents/);
    expect(() => new ModelQualityMonitor(stack, 'Q1', { endpoint: shared, lake: data.lake, problemType: ProblemType.REGRESSION, variantNames: ['AllTraffic'], inferenceComponents: [ranker] }))
      .toThrow(/ModelQualityMonitor 'Test\/Q1': inferenceComponents is a list of 1\. variantNames is set too; .*keep one/);
    const other = new InferenceComponentEndpoint(stack, 'Other', { endpointName: 'other' });
    const foreign = other.addInferenceComponent('X', { model: stack.node.findChild('ModelB') as never, computeResources: { minMemory: Size.gibibytes(1) } });
    expect(() => new DriftMonitor(stack, 'D2', { endpoint: shared, lake: data.lake, features, baseline, inferenceComponents: [foreign] }))
      .toThrow(/DriftMonitor 'Test\/D2': inferenceComponents\[0\] is 'Test\/Other\/X'\. It is hosted by another endpoint \(Test\/Other\)/);
    const imported = InferenceComponent.fromInferenceComponentAttributes(stack, 'Imp', { inferenceComponentName: 'ranker', endpoint: shared });
    expect(new ModelQualityMonitor(stack, 'Q2', { endpoint: shared, lake: data.lake, problemType: ProblemType.REGRESSION, inferenceComponents: [imported] })
      .inferenceComponentNames).toEqual(['ranker']);
  });
});
