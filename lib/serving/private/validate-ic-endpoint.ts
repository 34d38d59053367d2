import { checkEnum, checkNumber, checkString, isToken } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { limit } from '../../private/validation/limits';
import type { InferenceComponentEndpointProps } from '../inference-component-endpoint-props';
import { checkBucketPrefix, validateCaptureLimits } from './validate-capture';

/** An inference-component endpoint's props against SageMaker's limits (generated table). */
export function validateInferenceComponentEndpoint(owner: string, props: InferenceComponentEndpointProps): void {
  const nameRule = 'use 1-63 letters, digits and single hyphens, starting and ending with a letter or digit';
  checkString(owner, 'endpointName', props.endpointName, 'sagemaker.EndpointName', `SageMaker endpoint names ${nameRule} (${limit('sagemaker.EndpointName').source}).`);
  checkString(owner, 'variantName', props.variantName, 'sagemaker.VariantName', `SageMaker variant names ${nameRule} (${limit('sagemaker.VariantName').source}).`);
  if (props.instanceType) {
    checkEnum(owner, 'instanceType', props.instanceType.toString(), 'sagemaker.ProductionVariantInstanceType', 'SageMaker hosting does not offer this instance type');
  }
  checkNumber(owner, 'initialInstanceCount', props.initialInstanceCount, 'sagemaker.InitialTaskCount');
  const m = props.managedInstanceScaling;
  if (m) {
    checkNumber(owner, 'managedInstanceScaling.minInstanceCount', m.minInstanceCount, 'sagemaker.ManagedInstanceScalingMinInstanceCount');
    checkNumber(owner, 'managedInstanceScaling.maxInstanceCount', m.maxInstanceCount, 'sagemaker.ManagedInstanceScalingMaxInstanceCount');
    const known = !isToken(m.minInstanceCount) && !isToken(m.maxInstanceCount);
    if (known && m.minInstanceCount > m.maxInstanceCount) {
      invalidProp(owner, 'managedInstanceScaling', `min ${m.minInstanceCount} above max ${m.maxInstanceCount}`, 'Make maxInstanceCount at least minInstanceCount.');
    }
    const initial = props.initialInstanceCount ?? 1;
    if (known && !isToken(initial) && (initial < Math.max(1, m.minInstanceCount) || initial > m.maxInstanceCount)) {
      invalidProp(owner, 'initialInstanceCount', initial, `Start within managedInstanceScaling's ${Math.max(1, m.minInstanceCount)}-` +
        `${m.maxInstanceCount} instances (at least 1: an endpoint is created with an instance even when it may scale to zero).`);
    }
  }
  if (props.routingStrategy) checkEnum(owner, 'routingStrategy', props.routingStrategy.name, 'sagemaker.RoutingStrategy');
  validateCaptureLimits(owner, props.dataCapture);
  if (props.dataCapture?.prefix !== undefined) checkBucketPrefix(owner, 'dataCapture.prefix', props.dataCapture.prefix);
}
