import { Duration, Size } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CapacitySize, NativeDeploymentConfig } from '../../lib/rollout';
import { ModelEndpoint, ProductionVariantProps } from '../../lib/serving';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { rolloutFixture } from './fixtures';

afterAll(lintQueuedTemplates);

/** An endpoint with one variant of `instances` instances (or serverless) and the given deployment configuration. */
function endpointWith(deploymentConfig: NativeDeploymentConfig, instances = 4, more: Partial<ProductionVariantProps>[] = []) {
  const f = rolloutFixture();
  const variants: ProductionVariantProps[] = [
    { variantName: 'main', model: f.models.blue, initialInstanceCount: instances },
    ...more.map((m, i) => ({ variantName: `other${i}`, model: f.models.green, ...m })),
  ];
  const endpoint = new ModelEndpoint(f.stack, 'Endpoint', { endpointName: 'native-endpoint', variants, deploymentConfig });
  return { ...f, endpoint };
}

function alarm(f: ReturnType<typeof rolloutFixture>, id: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(f.stack, id, {
    metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', dimensionsMap: { EndpointName: 'native-endpoint', VariantName: 'main' }, statistic: 'Average' }),
    threshold: 0.05, evaluationPeriods: 1, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

describe('NativeDeploymentConfig on ModelEndpoint', () => {
  test('blue/green canary with auto-rollback alarms renders DeploymentConfig and stops retaining the old one', () => {
    const f = rolloutFixture();
    const alarms = [alarm(f, 'A1'), alarm(f, 'A2')];
    new ModelEndpoint(f.stack, 'Endpoint', {
      endpointName: 'native-endpoint',
      variants: [{ variantName: 'main', model: f.models.blue, initialInstanceCount: 4 }],
      deploymentConfig: NativeDeploymentConfig.blueGreenCanary({
        canarySize: CapacitySize.instanceCount(1), waitInterval: Duration.minutes(10),
        terminationWait: Duration.minutes(5), maximumExecutionTimeout: Duration.hours(1), autoRollbackAlarms: alarms,
      }),
    });
    const t = synth(f.stack);
    t.hasResourceProperties('AWS::SageMaker::Endpoint', {
      RetainDeploymentConfig: false,
      DeploymentConfig: {
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: { Ref: Match.anyValue() } }, { AlarmName: { Ref: Match.anyValue() } }] },
        BlueGreenUpdatePolicy: {
          MaximumExecutionTimeoutInSeconds: 3600,
          TerminationWaitInSeconds: 300,
          TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 600, CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 } },
        },
      },
    });
    expect(nagFindings(f.stack)).toEqual([]);
  });

  test('linear, all-at-once and rolling render their policies', () => {
    const linear = synth(endpointWith(NativeDeploymentConfig.blueGreenLinear({ stepSize: CapacitySize.capacityPercent(25), waitInterval: Duration.minutes(2) })).stack);
    linear.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'LINEAR', WaitIntervalInSeconds: 120, LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 25 } } } },
    });
    const allAtOnce = synth(endpointWith(NativeDeploymentConfig.blueGreenAllAtOnce({ waitInterval: Duration.minutes(5) }), 1).stack);
    allAtOnce.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 300 } } },
    });
    const rolling = synth(endpointWith(NativeDeploymentConfig.rollingUpdate({
      maximumBatchSize: CapacitySize.instanceCount(2), waitInterval: Duration.minutes(1),
      rollbackMaximumBatchSize: CapacitySize.capacityPercent(50), maximumExecutionTimeout: Duration.hours(2),
    }), 4).stack);
    rolling.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: { RollingUpdatePolicy: {
        MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 2 }, WaitIntervalInSeconds: 60, MaximumExecutionTimeoutInSeconds: 7200,
        RollbackMaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 50 },
      } },
    });
  });

  test('without a deploymentConfig the endpoint still retains the last one', () => {
    const f = rolloutFixture();
    new ModelEndpoint(f.stack, 'Endpoint', { variants: [{ variantName: 'main', model: f.models.blue }] });
    synth(f.stack).hasResourceProperties('AWS::SageMaker::Endpoint', { RetainDeploymentConfig: true, DeploymentConfig: Match.absent() });
  });

  describe('SageMaker\'s limits are checked at synth', () => {
    const canary = (size: CapacitySize) => NativeDeploymentConfig.blueGreenCanary({ canarySize: size, waitInterval: Duration.minutes(5) });

    test('canary above 50% of the instances', () => {
      expect(() => endpointWith(canary(CapacitySize.instanceCount(3)), 4))
        .toThrow(/NativeDeploymentConfig: canarySize is 3 instance\(s\) on variant 'main' with 4 instance\(s\), 75% of the fleet; SageMaker allows a canary of at most 50% of the instances. Use at most 2 instance\(s\)/);
      expect(() => endpointWith(canary(CapacitySize.capacityPercent(60)), 4)).toThrow(/canarySize is 60% of capacity .* at most 50%/);
    });

    test('canary on one instance', () => {
      expect(() => endpointWith(canary(CapacitySize.instanceCount(1)), 1)).toThrow(/A native canary needs at least 2 instances; for a percent-of-requests canary use a VariantRollout/);
      expect(() => endpointWith(canary(CapacitySize.capacityPercent(10)), 4)).toThrow(/less than one instance; SageMaker's smallest canary is 1 instance/);
    });

    test('canary checked against the autoscaling minimum', () => {
      const f = rolloutFixture();
      expect(() => new ModelEndpoint(f.stack, 'Endpoint', {
        variants: [{ variantName: 'main', model: f.models.blue, initialInstanceCount: 4, autoScaling: { minCapacity: 2, maxCapacity: 8, targetInvocationsPerInstance: 100 } }],
        deploymentConfig: canary(CapacitySize.instanceCount(2)),
      })).toThrow(/with 2 instance\(s\), 100% of the fleet/);
    });

    test('linear step outside 10–50%', () => {
      const linear = (size: CapacitySize) => NativeDeploymentConfig.blueGreenLinear({ stepSize: size, waitInterval: Duration.minutes(1) });
      expect(() => endpointWith(linear(CapacitySize.capacityPercent(5)), 20)).toThrow(/stepSize is 5% of capacity on variant 'main' with 20 instance\(s\), 5% of the fleet; SageMaker needs 10%–50%/);
      expect(() => endpointWith(linear(CapacitySize.capacityPercent(60)), 20)).toThrow(/stepSize is 60% of capacity .* needs 10%–50%/);
      expect(() => endpointWith(linear(CapacitySize.instanceCount(3)), 4)).toThrow(/stepSize is 3 instance\(s\) .* 75% of the fleet/);
    });

    test('waits above 3600 s', () => {
      expect(() => NativeDeploymentConfig.blueGreenCanary({ canarySize: CapacitySize.instanceCount(1), waitInterval: Duration.minutes(61) }))
        .toThrow(/NativeDeploymentConfig: waitInterval is 1 hour 1 minute; SageMaker allows whole seconds from 0 to 3600/);
      expect(() => NativeDeploymentConfig.blueGreenAllAtOnce({ terminationWait: Duration.hours(2) })).toThrow(/terminationWait is 2 hours; SageMaker allows whole seconds from 0 to 3600/);
    });

    test('maximum execution outside 600–28800 s, or not above the waits', () => {
      expect(() => NativeDeploymentConfig.blueGreenAllAtOnce({ maximumExecutionTimeout: Duration.minutes(5) }))
        .toThrow(/maximumExecutionTimeout is 5 minutes; SageMaker allows whole seconds from 600 to 28800/);
      expect(() => NativeDeploymentConfig.rollingUpdate({ maximumBatchSize: CapacitySize.instanceCount(1), waitInterval: Duration.minutes(1), maximumExecutionTimeout: Duration.hours(9) }))
        .toThrow(/maximumExecutionTimeout is 9 hours/);
      expect(() => endpointWith(NativeDeploymentConfig.blueGreenCanary({
        canarySize: CapacitySize.instanceCount(1), waitInterval: Duration.minutes(50), terminationWait: Duration.minutes(30), maximumExecutionTimeout: Duration.hours(1),
      }), 4)).toThrow(/maximumExecutionTimeout is 3600 s, not more than the deployment's waits \(4800 s\)/);
    });

    test('rolling update with serverless or several variants', () => {
      const rolling = NativeDeploymentConfig.rollingUpdate({ maximumBatchSize: CapacitySize.instanceCount(1), waitInterval: Duration.minutes(1) });
      const f = rolloutFixture();
      expect(() => new ModelEndpoint(f.stack, 'Serverless', {
        variants: [{ variantName: 'main', model: f.models.blue, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5 } }],
        deploymentConfig: rolling,
      })).toThrow(/rollingUpdate is set on an endpoint with the serverless variant 'main'; SageMaker rolls instances only/);
      expect(() => endpointWith(rolling, 4, [{ initialInstanceCount: 4 }])).toThrow(/rollingUpdate is set on an endpoint with 2 production variants; SageMaker supports rolling updates with one variant only/);
    });

    test('canary on serverless, too many alarms, a zero size', () => {
      const f = rolloutFixture();
      expect(() => new ModelEndpoint(f.stack, 'Serverless', {
        variants: [{ variantName: 'main', model: f.models.blue, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5 } }],
        deploymentConfig: canary(CapacitySize.instanceCount(1)),
      })).toThrow(/canarySize is set on an endpoint with the serverless variant 'main', which has no instances/);
      const alarms = Array.from({ length: 11 }, (_, i) => alarm(f, `Alarm${i}`));
      expect(() => NativeDeploymentConfig.blueGreenAllAtOnce({ autoRollbackAlarms: alarms })).toThrow(/autoRollbackAlarms has 11 alarms; SageMaker allows at most 10/);
      expect(() => canary(CapacitySize.instanceCount(0))).toThrow(/canarySize is 0 instance\(s\); use a whole number above 0/);
    });
  });
});
