import { CfnParameter, Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { battery } from './battery';
import { LakeZone } from '../../lib/data/lake-zone';
import { DriftBaseline, DriftFeatures, DriftMonitor, ModelQualityMonitor, ProblemType } from '../../lib/monitoring';
import { CapacitySize, ComponentRollout } from '../../lib/rollout';
import {
  InferenceComponent, InferenceComponentEndpoint, InferenceComponentEndpointProps, InferenceComponentOptions, InstanceType,
} from '../../lib/serving';
import { monitoringFixture } from '../monitoring/fixtures';
import { endpointFixture } from '../serving/fixtures';

const compute = { minMemory: Size.gibibytes(1) };

function endpoint(props: InferenceComponentEndpointProps): () => unknown {
  return () => new InferenceComponentEndpoint(endpointFixture().stack, 'E', props);
}

function component(options: (f: ReturnType<typeof endpointFixture>) => Partial<InferenceComponentOptions>): () => unknown {
  return () => {
    const f = endpointFixture();
    return new InferenceComponentEndpoint(f.stack, 'E').addInferenceComponent('C', { model: f.modelA, computeResources: compute, ...options(f) });
  };
}

const rolling = (o: object) => ({ rollingUpdate: { maximumBatchSize: CapacitySize.copyCount(1), waitInterval: Duration.minutes(1), ...o } });

describe('inference components: invalid configurations from AWS limits are refused at synth, naming the construct path', () => {
  battery([
    { cls: 'inference-components', name: 'a negative copy count', run: component(() => ({ copyCount: -1 })),
      prop: /InferenceComponent 'Test\/E\/C': copyCount/, value: /-1/, fix: /whole number from 0/ },
    { cls: 'inference-components', name: 'a fractional copy count', run: component(() => ({ copyCount: 1.5 })),
      prop: /copyCount/, value: /1\.5/, fix: /whole number/ },
    { cls: 'inference-components', name: 'less memory than SageMaker reserves', run: component(() => ({ computeResources: { minMemory: Size.mebibytes(64) } })),
      prop: /computeResources\.minMemory/, value: /64/, fix: /at least 128/ },
    { cls: 'inference-components', name: 'a max memory below the min', run: component(() => ({ computeResources: { minMemory: Size.gibibytes(2), maxMemory: Size.gibibytes(1) } })),
      prop: /computeResources\.maxMemory/, value: /1024 MiB/, fix: /below computeResources\.minMemory \(2048 MiB\)/ },
    { cls: 'inference-components', name: 'a tenth of a core', run: component(() => ({ computeResources: { minMemory: Size.gibibytes(1), cpuCores: 0.1 } })),
      prop: /computeResources\.cpuCores/, value: /0\.1/, fix: /from 0\.25/ },
    { cls: 'inference-components', name: 'half an accelerator', run: component(() => ({ computeResources: { minMemory: Size.gibibytes(1), acceleratorDevices: 0.5 } })),
      prop: /computeResources\.acceleratorDevices/, value: /0\.5/, fix: /from 1/ },
    { cls: 'inference-components', name: 'a 30-second download timeout', run: component(() => ({ modelDataDownloadTimeout: Duration.seconds(30) })),
      prop: /modelDataDownloadTimeout/, value: /30/, fix: /1 minute to 1 hour/ },
    { cls: 'inference-components', name: 'a 2-hour health check timeout', run: component(() => ({ containerStartupHealthCheckTimeout: Duration.hours(2) })),
      prop: /containerStartupHealthCheckTimeout/, value: /7200/, fix: /1 minute to 1 hour/ },
    { cls: 'inference-components', name: 'a name SageMaker refuses', run: component(() => ({ inferenceComponentName: 'my_component' })),
      prop: /inferenceComponentName/, value: /'my_component'/, fix: /letters, digits and hyphens/ },
    { cls: 'inference-components', name: 'a batch of 60% of the copies', run: component(() => rolling({ maximumBatchSize: CapacitySize.capacityPercent(60) })),
      prop: /rollingUpdate\.maximumBatchSize/, value: /60/, fix: /from 5 to 50/ },
    { cls: 'inference-components', name: 'a batch of 0 copies', run: component(() => rolling({ maximumBatchSize: CapacitySize.copyCount(0) })),
      prop: /rollingUpdate\.maximumBatchSize/, value: /0/, fix: /whole number from 1/ },
    { cls: 'inference-components', name: 'a rollback batch counted in instances', run: component(() => rolling({ rollbackMaximumBatchSize: CapacitySize.instanceCount(1) })),
      prop: /rollingUpdate\.rollbackMaximumBatchSize/, value: /INSTANCE_COUNT/, fix: /copies, not instances/ },
    { cls: 'inference-components', name: 'a 2-hour wait between batches', run: component(() => rolling({ waitInterval: Duration.hours(2) })),
      prop: /rollingUpdate\.waitInterval/, value: /7200/, fix: /0 to 1 hour/ },
    { cls: 'inference-components', name: 'a 5-minute execution timeout', run: component(() => rolling({ maximumExecutionTimeout: Duration.minutes(5) })),
      prop: /rollingUpdate\.maximumExecutionTimeout/, value: /300/, fix: /10 minutes to 8 hours/ },
    { cls: 'inference-components', name: 'eleven rollback alarms', run: component((f) => rolling({
      autoRollbackAlarms: Array.from({ length: 11 }, (_, i) => cloudwatch.Alarm.fromAlarmName(f.stack, `A${i}`, `alarm-${i}`)) })),
    prop: /rollingUpdate\.autoRollbackAlarms/, value: /11 alarms/, fix: /1 to 10 alarms/ },
    { cls: 'inference-components', name: 'alarm options with defaultAlarms off', run: component(() => ({ defaultAlarms: false, alarmOptions: { errorRateThreshold: 0.1 } })),
      prop: /alarmOptions/, value: /set/, fix: /defaultAlarms is false/ },
    { cls: 'inference-components', name: 'managed scaling with min above max', run: endpoint({ managedInstanceScaling: { minInstanceCount: 3, maxInstanceCount: 2 } }),
      prop: /InferenceComponentEndpoint 'Test\/E': managedInstanceScaling/, value: /min 3 above max 2/, fix: /at least minInstanceCount/ },
    { cls: 'inference-components', name: 'a max of 0 instances', run: endpoint({ managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 0 } }),
      prop: /managedInstanceScaling\.maxInstanceCount/, value: /0/, fix: /from 1/ },
    { cls: 'inference-components', name: 'an initial count outside managed scaling', run: endpoint({ initialInstanceCount: 5, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 4 } }),
      prop: /initialInstanceCount/, value: /5/, fix: /1-4 instances/ },
    { cls: 'inference-components', name: 'a misspelt instance type', run: endpoint({ instanceType: InstanceType.of('ml.g5.xlargee') }),
      prop: /instanceType/, value: /ml\.g5\.xlargee/, fix: /did you mean 'ml\.g5\.xlarge'/ },
    { cls: 'names', name: 'an endpoint name with an underscore', run: endpoint({ endpointName: 'shared_endpoint' }),
      prop: /endpointName/, value: /'shared_endpoint'/, fix: /letters, digits and single hyphens/ },
  ]);

  test('tokens are passed through untouched (CloudFormation checks them)', () => {
    const f = endpointFixture();
    const n = (id: string) => new CfnParameter(f.stack, id, { type: 'Number', default: 1 }).valueAsNumber;
    const e = new InferenceComponentEndpoint(f.stack, 'E', { initialInstanceCount: n('Initial'), managedInstanceScaling: { minInstanceCount: n('Min'), maxInstanceCount: n('Max') } });
    const c = e.addInferenceComponent('C', {
      model: f.modelA, computeResources: { minMemory: Size.mebibytes(n('Memory')), cpuCores: n('Cores') }, copyCount: n('Copies'),
      rollingUpdate: { maximumBatchSize: CapacitySize.copyCount(n('Batch')), waitInterval: Duration.seconds(n('Wait')) },
    });
    const props = f.stack.resolve(c.resource.specification) as Record<string, any>;
    expect(props.computeResourceRequirements).toEqual({ minMemoryRequiredInMb: { Ref: 'Memory' }, numberOfCpuCoresRequired: { Ref: 'Cores' } });
    expect(f.stack.resolve(c.resource.runtimeConfig)).toEqual({ copyCount: { Ref: 'Copies' } });
    expect(JSON.stringify(f.stack.resolve(c.resource.deploymentConfig))).toMatch(/"value":\{"Ref":"Batch"\}.*"waitIntervalInSeconds":\{"Ref":"Wait"\}/);
  });
});

describe('copy autoscaling: bounds refused at synth', () => {
  const scaling = (o: object) => () => ({ copyAutoScaling: { minCopyCount: 0, maxCopyCount: 4, targetInvocationsPerCopy: 10, ...o } });
  battery([
    { cls: 'inference-components', name: 'a minimum above the maximum', run: component(scaling({ minCopyCount: 5 })),
      prop: /copyAutoScaling/, value: /min 5 above max 4/, fix: /maxCopyCount at least minCopyCount/ },
    { cls: 'inference-components', name: 'a maximum of 0 copies', run: component(scaling({ maxCopyCount: 0 })),
      prop: /copyAutoScaling\.maxCopyCount/, value: /0/, fix: /from 1/ },
    { cls: 'inference-components', name: 'a starting count outside the range', run: component(() => ({ ...scaling({})(), copyCount: 6 })),
      prop: /copyCount/, value: /6/, fix: /within copyAutoScaling's 0-4 copies/ },
    { cls: 'inference-components', name: 'a target of 0 invocations per copy', run: component(scaling({ targetInvocationsPerCopy: 0 })),
      prop: /targetInvocationsPerCopy/, value: /0/, fix: /positive number/ },
    { cls: 'inference-components', name: 'a scale-from-zero step without a zero minimum', run: component(scaling({ minCopyCount: 1, scaleFromZeroCopies: 1 })),
      prop: /scaleFromZeroCopies/, value: /1/, fix: /only when minCopyCount is 0/ },
    { cls: 'inference-components', name: 'a scale-from-zero step above the maximum', run: component(scaling({ scaleFromZeroCopies: 5 })),
      prop: /scaleFromZeroCopies/, value: /5/, fix: /from 1 to 4/ },
    { cls: 'inference-components', name: 'a fractional cooldown', run: component(scaling({ scaleInCooldown: Duration.millis(1500) })),
      prop: /scaleInCooldown/, value: /1 second 500 millis/, fix: /whole number of seconds/ },
  ]);
});

/** The monitoring fixture (a variant endpoint, a lake) and an endpoint hosting one component, with or without capture. */
function components(capture = true) {
  const f = monitoringFixture();
  const shared = new InferenceComponentEndpoint(f.stack, 'Shared', {
    endpointName: 'shared', ...(capture ? { dataCapture: { bucket: f.data.lake.bucket(LakeZone.DATA_CAPTURE), prefix: 'data-capture' } } : {}),
  });
  const model = f.stack.node.findChild('ModelA') as never;
  const compute = { minMemory: Size.gibibytes(1) };
  const ranker = shared.addInferenceComponent('Ranker', { model, computeResources: compute, inferenceComponentName: 'ranker',
    rollingUpdate: { maximumBatchSize: CapacitySize.copyCount(1), waitInterval: Duration.minutes(1), maximumExecutionTimeout: Duration.minutes(30) } });
  const plain = shared.addInferenceComponent('Plain', { model, computeResources: compute, inferenceComponentName: 'plain' });
  const features = DriftFeatures.fromDataPlatform(f.data, { exclude: ['label'] });
  const baseline = DriftBaseline.fromBucket(f.data.lake.curatedBucket, 'baselines/statistics.json');
  return { ...f, shared, ranker, plain, features, baseline };
}

describe('monitors of inference components and ComponentRollout: refused at synth, naming the construct path', () => {
  battery([
    { cls: 'inference-components', name: 'a drift monitor of a component endpoint without its components', run: () => {
      const f = components();
      return new DriftMonitor(f.stack, 'D', { endpoint: f.shared, lake: f.data.lake, features: f.features, baseline: f.baseline });
    }, prop: /DriftMonitor 'Test\/D': inferenceComponents/, value: /undefined/, fix: /captures are per component; pass inferenceComponents/ },
    { cls: 'inference-components', name: 'variants and components together', run: () => {
      const f = components();
      return new ModelQualityMonitor(f.stack, 'Q', { endpoint: f.shared, lake: f.data.lake, problemType: ProblemType.REGRESSION,
        variantNames: ['AllTraffic'], inferenceComponents: [f.ranker] });
    }, prop: /ModelQualityMonitor 'Test\/Q': inferenceComponents/, value: /a list of 1/, fix: /variantNames is set too.*keep one/ },
    { cls: 'inference-components', name: 'no component named', run: () => {
      const f = components();
      return new DriftMonitor(f.stack, 'D', { endpoint: f.shared, lake: f.data.lake, features: f.features, baseline: f.baseline, inferenceComponents: [] });
    }, prop: /inferenceComponents/, value: /a list of 0/, fix: /at least one component/ },
    { cls: 'inference-components', name: 'a component listed twice', run: () => {
      const f = components();
      return new DriftMonitor(f.stack, 'D', { endpoint: f.shared, lake: f.data.lake, features: f.features, baseline: f.baseline, inferenceComponents: [f.ranker, f.ranker] });
    }, prop: /inferenceComponents\[1\]/, value: /'Test\/Shared\/Ranker'/, fix: /listed twice/ },
    { cls: 'inference-components', name: "another endpoint's component", run: () => {
      const f = components();
      const other = new InferenceComponentEndpoint(f.stack, 'Other', { endpointName: 'other' });
      const foreign = other.addInferenceComponent('X', { model: f.stack.node.findChild('ModelA') as never, computeResources: { minMemory: Size.gibibytes(1) } });
      return new DriftMonitor(f.stack, 'D', { endpoint: f.shared, lake: f.data.lake, features: f.features, baseline: f.baseline, inferenceComponents: [foreign] });
    }, prop: /inferenceComponents\[0\]/, value: /'Test\/Other\/X'/, fix: /hosted by another endpoint \(Test\/Other\)/ },
    { cls: 'inference-components', name: 'a rollout of an imported component', run: () => {
      const f = components();
      const imported = InferenceComponent.fromInferenceComponentAttributes(f.stack, 'Imp', { inferenceComponentName: 'x', endpoint: f.shared });
      return new ComponentRollout(f.stack, 'R', { component: imported });
    }, prop: /ComponentRollout 'Test\/R': component/, value: /'Test\/Imp'/, fix: /Pass the InferenceComponent construct itself/ },
    { cls: 'inference-components', name: 'a rollout of a component without rolling update', run: () => {
      const f = components();
      return new ComponentRollout(f.stack, 'R', { component: f.plain });
    }, prop: /ComponentRollout 'Test\/R': component\.rollingUpdate/, value: /undefined/, fix: /Give the component rollingUpdate/ },
    { cls: 'inference-components', name: 'a copy canary on an endpoint without capture', run: () => {
      const f = components(false);
      return new ComponentRollout(f.stack, 'R', { component: f.ranker });
    }, prop: /ComponentRollout 'Test\/R': copyCanary/, value: /true/, fix: /set copyCanary: false/ },
  ]);
});
