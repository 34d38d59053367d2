import { App, Stack } from 'aws-cdk-lib';
import { DataLake, DataQualityGate, DataWarehouse, EtlJob, PipelineAlarms, StreamingEtlJob } from '../../lib/data';
import { AbTestAnalysis, AdaptiveAllocation, ShadowAnalysis } from '../../lib/experiments';
import { BaselineJob, DriftMonitor, ModelQualityMonitor, MonitoringDashboard, VariantAlarms } from '../../lib/monitoring';
import { VariantRollout } from '../../lib/rollout';
import { Model, ModelEndpoint } from '../../lib/serving';
import { RetrainingPipeline, RetrainingTriggers } from '../../lib/training';
import { battery } from './battery';

/** What a JavaScript caller (no type checker) can pass. */
type Js = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const stack = () => new Stack(new App(), 'Js');
const missing = (construct: string, prop: string, run: () => unknown) => ({
  cls: 'required-props', name: `${construct} without ${prop}`, run,
  prop: new RegExp(`${construct}: required prop.*'${prop}'`), value: /missing \(undefined\)/, fix: /Pass (it|them) in the props object/,
});

describe('JavaScript callers who omit a required prop get a clear message, not a TypeError', () => {
  battery([
    missing('ModelEndpoint', 'variants', () => new ModelEndpoint(stack(), 'E', {} as Js)),
    missing('Model', 'image', () => new Model(stack(), 'M', {} as Js)),
    missing('EtlJob', 'lake', () => new EtlJob(stack(), 'J', { dataset: 'orders' } as Js)),
    missing('StreamingEtlJob', 'dataset', () => { const s = stack(); return new StreamingEtlJob(s, 'S', { lake: new DataLake(s, 'L') } as Js); }),
    missing('DataQualityGate', 'rules', () => new DataQualityGate(stack(), 'G', { job: {} } as Js)),
    missing('PipelineAlarms', 'job', () => new PipelineAlarms(stack(), 'A', {} as Js)),
    missing('DataWarehouse', 'lake', () => new DataWarehouse(stack(), 'W', {} as Js)),
    missing('RetrainingPipeline', 'featureColumns', () => new RetrainingPipeline(stack(), 'T', { data: {}, registry: {}, labelColumn: 'label' } as Js)),
    missing('RetrainingTriggers', 'pipeline', () => new RetrainingTriggers(stack(), 'RT', {} as Js)),
    missing('VariantRollout', 'strategy', () => new VariantRollout(stack(), 'R', { endpoint: {} } as Js)),
    missing('VariantAlarms', 'variantName', () => new VariantAlarms(stack(), 'V', { endpoint: {} } as Js)),
    missing('DriftMonitor', 'baseline', () => new DriftMonitor(stack(), 'D', { endpoint: {}, lake: {}, features: {} } as Js)),
    missing('ModelQualityMonitor', 'problemType', () => new ModelQualityMonitor(stack(), 'Q', { endpoint: {}, lake: {} } as Js)),
    missing('BaselineJob', 'features', () => new BaselineJob(stack(), 'B', { data: {} } as Js)),
    missing('MonitoringDashboard', 'endpoint', () => new MonitoringDashboard(stack(), 'MD', {} as Js)),
    missing('AbTestAnalysis', 'outcomes', () => new AbTestAnalysis(stack(), 'AB', { endpoint: {}, metrics: [] } as Js)),
    missing('AdaptiveAllocation', 'metricName', () => new AdaptiveAllocation(stack(), 'AA', { endpoint: {}, outcomes: {} } as Js)),
    missing('ShadowAnalysis', 'problem', () => new ShadowAnalysis(stack(), 'SA', { endpoint: {} } as Js)),
    {
      cls: 'required-props', name: 'ModelEndpoint with no props object at all', run: () => new ModelEndpoint(stack(), 'E', undefined as Js),
      prop: /ModelEndpoint: props/, value: /is undefined/, fix: /Pass a props object with 'variants'/,
    },
  ]);
});
