import { Annotations, Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { checkNumber, isToken, seconds } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { limit } from '../../private/validation/limits';
import type { CopyAutoScaling } from '../copy-auto-scaling';
import type { IInferenceComponent } from '../inference-component-base';

const COPIES = limit('applicationautoscaling.inferenceComponentCopies');

/** The scaling of a component's copies; `copyCount` is the count it is created with (validated against the range). */
export function validateCopyScaling(owner: string, a: CopyAutoScaling, copyCount: number): void {
  checkNumber(owner, 'copyAutoScaling.minCopyCount', a.minCopyCount, 'applicationautoscaling.ResourceCapacity', { min: 0 });
  checkNumber(owner, 'copyAutoScaling.maxCopyCount', a.maxCopyCount, 'applicationautoscaling.ResourceCapacity', { min: 1 });
  const range = !isToken(a.minCopyCount) && !isToken(a.maxCopyCount);
  if (range && a.minCopyCount > a.maxCopyCount) {
    invalidProp(owner, 'copyAutoScaling', `min ${a.minCopyCount} above max ${a.maxCopyCount}`, 'Make maxCopyCount at least minCopyCount.');
  }
  if (range && !isToken(copyCount) && (copyCount < a.minCopyCount || copyCount > a.maxCopyCount)) {
    invalidProp(owner, 'copyCount', copyCount, `Start within copyAutoScaling's ${a.minCopyCount}-${a.maxCopyCount} copies.`);
  }
  const t = a.targetInvocationsPerCopy;
  if (!isToken(t) && !(typeof t === 'number' && Number.isFinite(t) && t > 0)) {
    invalidProp(owner, 'copyAutoScaling.targetInvocationsPerCopy', t, 'Use a positive number of invocations per copy per minute.');
  }
  seconds(owner, 'copyAutoScaling.scaleInCooldown', a.scaleInCooldown);
  seconds(owner, 'copyAutoScaling.scaleOutCooldown', a.scaleOutCooldown);
  const step = a.scaleFromZeroCopies;
  if (step !== undefined) {
    if (!isToken(a.minCopyCount) && a.minCopyCount !== 0) {
      invalidProp(owner, 'copyAutoScaling.scaleFromZeroCopies', step, 'It applies only when minCopyCount is 0; remove it or set minCopyCount to 0.');
    }
    checkNumber(owner, 'copyAutoScaling.scaleFromZeroCopies', step, 'applicationautoscaling.ResourceCapacity',
      { min: 1, max: isToken(a.maxCopyCount) ? undefined : a.maxCopyCount, integer: true });
  }
}

/** What the scaling adds to a component: its target, and the scale-from-zero alarm when the minimum is 0. */
export interface CopyScaling {
  readonly target: appscaling.ScalableTarget;
  readonly scaleFromZeroAlarm?: cloudwatch.Alarm;
}

/**
 * Registers the component's copies with Application Auto Scaling, tracks invocations per copy, and with a minimum of
 * 0 adds the documented scale-from-zero step policy and its alarm. The target waits for the component (its resource
 * id is the component's name, which names no resource in the template).
 */
export function addCopyScaling(scope: Construct, component: IInferenceComponent, resource: Construct, a: CopyAutoScaling): CopyScaling {
  const target = new appscaling.ScalableTarget(scope, 'CopyScaling', {
    serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
    resourceId: `${COPIES.resourceIdPrefix}${component.inferenceComponentName}`,
    scalableDimension: COPIES.scalableDimension as string,
    minCapacity: a.minCopyCount,
    maxCapacity: a.maxCopyCount,
  });
  target.node.addDependency(resource);
  target.scaleToTrackMetric('InvocationsPerCopy', {
    predefinedMetric: COPIES.predefinedMetric as appscaling.PredefinedMetric,
    targetValue: a.targetInvocationsPerCopy,
    scaleInCooldown: a.scaleInCooldown ?? Duration.minutes(5),
    scaleOutCooldown: a.scaleOutCooldown ?? Duration.minutes(1),
  });
  if (isToken(a.minCopyCount) || a.minCopyCount !== 0) return { target };

  // AWS's procedure ("Scale an endpoint to zero instances"): a ChangeInCapacity step of +1 copy on the Maximum of
  // NoCapacityInvocationFailures >= 1 in a minute, cooldown 60 s.
  const fromZero = new appscaling.StepScalingAction(scope, 'ScaleFromZero', {
    scalingTarget: target,
    adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
    metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
    cooldown: Duration.minutes(1),
  });
  fromZero.addAdjustment({ adjustment: a.scaleFromZeroCopies ?? 1, lowerBound: 0 });
  const alarm = new cloudwatch.Alarm(scope, 'NoCapacityAlarm', {
    metric: component.metricNoCapacityInvocationFailures({ statistic: 'Sum', period: Duration.minutes(1) }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    // No datapoint: no request failed for lack of a copy.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `Requests to inference component ${component.inferenceComponentName} found no copy: add ` +
      `${a.scaleFromZeroCopies ?? 1} (scale from zero).`,
  });
  alarm.addAlarmAction(new cwactions.ApplicationScalingAction(fromZero));
  return { target, scaleFromZeroAlarm: alarm };
}

/** Copies that reach zero save instances only if the endpoint may scale its instances to zero too. */
export function noteInstancesKept(scope: Construct, a: CopyAutoScaling, endpointMinInstances: number | undefined): void {
  if (isToken(a.minCopyCount) || a.minCopyCount !== 0 || endpointMinInstances === 0 || isToken(endpointMinInstances)) return;
  Annotations.of(scope).addInfo(`copyAutoScaling.minCopyCount is 0 but the endpoint keeps ${endpointMinInstances ?? 'its'} ` +
    'instance(s) (managedInstanceScaling.minInstanceCount is not 0): the component scales to zero, the instances stay.');
}
