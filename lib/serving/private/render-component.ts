import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import type { CapacitySize } from '../../rollout/capacity-size';
import type { ComponentRollingUpdate } from '../component-rolling-update';
import { InferenceComponentEndpoint } from '../inference-component-endpoint';
import type { IInferenceComponentEndpoint } from '../inference-component-endpoint-base';
import type { InferenceComponentProps } from '../inference-component-props';
import type { IModel } from '../model';
import { grantCaptureWrites } from './render-capture';

/** The component's `Specification`: its model, what a copy reserves and how long a copy may take to start. */
export function renderSpecification(props: InferenceComponentProps): sagemaker.CfnInferenceComponent.InferenceComponentSpecificationProperty {
  const c = props.computeResources;
  const startup = props.modelDataDownloadTimeout || props.containerStartupHealthCheckTimeout ? {
    modelDataDownloadTimeoutInSeconds: props.modelDataDownloadTimeout?.toSeconds(),
    containerStartupHealthCheckTimeoutInSeconds: props.containerStartupHealthCheckTimeout?.toSeconds(),
  } : undefined;
  return {
    modelName: props.model.modelName,
    computeResourceRequirements: {
      minMemoryRequiredInMb: c.minMemory.toMebibytes(),
      maxMemoryRequiredInMb: c.maxMemory?.toMebibytes(),
      numberOfCpuCoresRequired: c.cpuCores,
      numberOfAcceleratorDevicesRequired: c.acceleratorDevices,
    },
    startupParameters: startup,
  };
}

/** The component's `DeploymentConfig`: SageMaker's rolling update, rolled back by `alarms` (none: no rollback config). */
export function renderRollingUpdate(r: ComponentRollingUpdate, alarms: readonly cloudwatch.IAlarm[]):
sagemaker.CfnInferenceComponent.InferenceComponentDeploymentConfigProperty {
  const size = (s: CapacitySize) => ({ type: s.type, value: s.value });
  return {
    rollingUpdatePolicy: {
      maximumBatchSize: size(r.maximumBatchSize),
      waitIntervalInSeconds: r.waitInterval.toSeconds(),
      maximumExecutionTimeoutInSeconds: r.maximumExecutionTimeout?.toSeconds(),
      rollbackMaximumBatchSize: r.rollbackMaximumBatchSize ? size(r.rollbackMaximumBatchSize) : undefined,
    },
    autoRollbackConfiguration: alarms.length > 0 ? { alarms: alarms.map((a) => ({ alarmName: a.alarmName })) } : undefined,
  };
}

/**
 * With Data Capture on the endpoint, the component's model role may write captures too: which role SageMaker writes
 * an inference component's captures with is not documented, so both the endpoint's and the model's can.
 */
export function grantComponentCaptureWrites(scope: Construct, endpoint: IInferenceComponentEndpoint, model: IModel): void {
  if (!(endpoint instanceof InferenceComponentEndpoint) || !endpoint.dataCaptureLocation) return;
  grantCaptureWrites(scope, endpoint.dataCaptureLocation, [{ what: `Inference component '${scope.node.path}'`, role: model.role }]);
}

/** The endpoint's fewest instances under managed scaling, when this library created it (undefined: unknown or none). */
export function endpointMinInstances(endpoint: IInferenceComponentEndpoint): number | undefined {
  return endpoint instanceof InferenceComponentEndpoint ? endpoint.managedInstanceScaling?.minInstanceCount : undefined;
}
