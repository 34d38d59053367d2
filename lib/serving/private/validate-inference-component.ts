import { Annotations, SizeRoundingBehavior } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CapacitySize } from '../../rollout/capacity-size';
import { checkCount, checkEnum, checkNumber, checkString, isToken, seconds } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { limit } from '../../private/validation/limits';
import type { ComponentRollingUpdate } from '../component-rolling-update';
import type { InferenceComponentProps } from '../inference-component-props';
import { validateCopyScaling } from './copy-scaling';

/** An inference component's props against SageMaker's limits (generated table); `owner` names it with its path. */
export function validateInferenceComponent(scope: Construct, owner: string, props: InferenceComponentProps): void {
  checkString(owner, 'inferenceComponentName', props.inferenceComponentName, 'sagemaker.InferenceComponentName',
    `Use 1-63 letters, digits and hyphens, starting and ending with a letter or digit (${limit('sagemaker.InferenceComponentName').source}).`);
  checkNumber(owner, 'copyCount', props.copyCount, 'sagemaker.InferenceComponentCopyCount');
  const c = props.computeResources;
  const minMb = mebibytes(owner, 'computeResources.minMemory', c.minMemory);
  const maxMb = mebibytes(owner, 'computeResources.maxMemory', c.maxMemory);
  if (minMb !== undefined && maxMb !== undefined && maxMb < minMb) {
    invalidProp(owner, 'computeResources.maxMemory', `${maxMb} MiB`, `It is below computeResources.minMemory (${minMb} MiB); raise maxMemory or lower minMemory.`);
  }
  checkNumber(owner, 'computeResources.cpuCores', c.cpuCores, 'sagemaker.NumberOfCpuCores');
  checkNumber(owner, 'computeResources.acceleratorDevices', c.acceleratorDevices, 'sagemaker.NumberOfAcceleratorDevices');
  checkNumber(owner, 'modelDataDownloadTimeout', seconds(owner, 'modelDataDownloadTimeout', props.modelDataDownloadTimeout),
    'sagemaker.ModelDataDownloadTimeoutInSeconds', { fix: `Use 1 minute to 1 hour (${limit('sagemaker.ModelDataDownloadTimeoutInSeconds').source}).` });
  checkNumber(owner, 'containerStartupHealthCheckTimeout', seconds(owner, 'containerStartupHealthCheckTimeout', props.containerStartupHealthCheckTimeout),
    'sagemaker.ContainerStartupHealthCheckTimeoutInSeconds',
    { fix: `Use 1 minute to 1 hour (${limit('sagemaker.ContainerStartupHealthCheckTimeoutInSeconds').source}).` });
  if (props.copyAutoScaling) validateCopyScaling(owner, props.copyAutoScaling, initialCopies(props));
  if (props.rollingUpdate) validateRollingUpdate(scope, owner, props.rollingUpdate, initialCopies(props));
  if (props.defaultAlarms === false && (props.alarmOptions || props.alarmTopic)) {
    invalidProp(owner, props.alarmOptions ? 'alarmOptions' : 'alarmTopic', 'set', 'defaultAlarms is false, so nothing uses it; remove it or set defaultAlarms to true.');
  }
}

/** The copies a component is created with: `copyCount`, else 1, or the autoscaling minimum when that is more. */
export function initialCopies(props: InferenceComponentProps): number {
  if (props.copyCount !== undefined) return props.copyCount;
  const min = props.copyAutoScaling?.minCopyCount;
  return min !== undefined && !isToken(min) ? Math.max(1, min) : 1;
}

function validateRollingUpdate(scope: Construct, owner: string, r: ComponentRollingUpdate, copies: number): void {
  checkBatch(scope, owner, 'rollingUpdate.maximumBatchSize', r.maximumBatchSize, copies);
  if (r.rollbackMaximumBatchSize) checkBatch(scope, owner, 'rollingUpdate.rollbackMaximumBatchSize', r.rollbackMaximumBatchSize, copies);
  checkNumber(owner, 'rollingUpdate.waitInterval', seconds(owner, 'rollingUpdate.waitInterval', r.waitInterval), 'sagemaker.WaitIntervalInSeconds',
    { fix: `Use 0 to 1 hour (${limit('sagemaker.WaitIntervalInSeconds').source}).` });
  const max = seconds(owner, 'rollingUpdate.maximumExecutionTimeout', r.maximumExecutionTimeout);
  checkNumber(owner, 'rollingUpdate.maximumExecutionTimeout', max, 'sagemaker.MaximumExecutionTimeoutInSeconds',
    { fix: `Use 10 minutes to 8 hours (${limit('sagemaker.MaximumExecutionTimeoutInSeconds').source}).` });
  if (r.autoRollbackAlarms !== undefined && !isToken(r.autoRollbackAlarms)) {
    checkCount(owner, 'rollingUpdate.autoRollbackAlarms', r.autoRollbackAlarms.length, 'sagemaker.AutoRollbackAlarms', 'alarms');
  }
}

/** A batch of copies or a percentage of them: never instances, and within the documented range. */
function checkBatch(scope: Construct, owner: string, prop: string, size: CapacitySize, copies: number): void {
  checkEnum(owner, prop, size.type, 'sagemaker.InferenceComponentCapacitySizeType',
    `A component's update moves copies, not instances: use CapacitySize.copyCount(n) or CapacitySize.capacityPercent(p)`);
  if (size.type === 'CAPACITY_PERCENT') {
    checkNumber(owner, prop, size.value, 'sagemaker.rollingUpdateBatchPercent', { integer: true });
    return;
  }
  checkNumber(owner, prop, size.value, 'sagemaker.CapacitySizeValue', { integer: true });
  const pct = limit('sagemaker.rollingUpdateBatchPercent');
  if (!isToken(size.value) && !isToken(copies) && copies > 0 && size.value / copies > (pct.max as number) / 100) {
    // The API documentation states the range for every batch size; whether SageMaker refuses a count past it is not.
    Annotations.of(scope).addWarningV2('cdk-mlops:componentBatchSize', `${prop} is ${size} of ${copies} copies, more than ` +
      `${pct.max}% of the copy count (${pct.source} asks for ${pct.min}-${pct.max}%): SageMaker may refuse the update.`);
  }
}

function mebibytes(owner: string, prop: string, size: import('aws-cdk-lib').Size | undefined): number | undefined {
  if (size === undefined || size.isUnresolved()) return undefined;
  const mb = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  checkNumber(owner, prop, mb, 'sagemaker.MemoryInMb', { fix: `Use whole mebibytes, at least ${limit('sagemaker.MemoryInMb').min} (Size.mebibytes(n) or Size.gibibytes(n); ${limit('sagemaker.MemoryInMb').source}).` });
  return mb;
}
