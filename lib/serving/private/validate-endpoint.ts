import { checkBucketPrefix } from './validate-capture';
import { checkEnum, checkNumber, isToken, seconds } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { allowed, limit } from '../../private/validation/limits';
import type { ModelEndpointProps } from '../endpoint-props';
import type { ProductionVariantProps, VariantOptions } from '../variant';

const OWNER = 'ModelEndpoint';

/** Checks a ModelEndpoint's props against SageMaker's and Application Auto Scaling's limits (generated table). */
export function validateEndpointLimits(props: ModelEndpointProps): void {
  const all: Array<[string, VariantOptions]> = [
    ...props.variants.map((v, i) => [`variants[${i}]`, v] as [string, VariantOptions]),
    ...(props.shadowVariant ? [['shadowVariant', props.shadowVariant] as [string, VariantOptions]] : []),
  ];
  for (const [where, v] of all) validateVariant(where, v);
  props.variants.forEach((v, i) => {
    checkNumber(OWNER, `variants[${i}].initialWeight`, v.initialWeight, 'sagemaker.VariantWeight');
    validateAutoScaling(`variants[${i}]`, v);
  });
  if (props.shadowVariant) validateShadow(props);
  if (props.dataCapture?.prefix !== undefined) checkBucketPrefix(OWNER, 'dataCapture.prefix', props.dataCapture.prefix);
}

function validateVariant(where: string, v: VariantOptions): void {
  if (v.instanceType !== undefined) {
    checkEnum(OWNER, `${where}.instanceType`, v.instanceType.toString(), 'sagemaker.ProductionVariantInstanceType',
      'SageMaker hosting does not offer this instance type');
  }
  checkNumber(OWNER, `${where}.initialInstanceCount`, v.initialInstanceCount, 'sagemaker.InitialTaskCount');
  if (!v.serverless) return;
  // serverless.memorySize against the same limit: validateVariants (endpoint-validation.ts), which runs first.
  checkNumber(OWNER, `${where}.serverless.maxConcurrency`, v.serverless.maxConcurrency, 'sagemaker.ServerlessMaxConcurrency');
  checkNumber(OWNER, `${where}.serverless.provisionedConcurrency`, v.serverless.provisionedConcurrency, 'sagemaker.ServerlessProvisionedConcurrency');
}

function validateAutoScaling(where: string, v: ProductionVariantProps): void {
  const a = v.autoScaling;
  if (!a) return;
  // Application Auto Scaling capacities are integers; a real-time variant keeps at least one instance.
  checkNumber(OWNER, `${where}.autoScaling.minCapacity`, a.minCapacity, 'applicationautoscaling.ResourceCapacity', { min: 1 });
  checkNumber(OWNER, `${where}.autoScaling.maxCapacity`, a.maxCapacity, 'applicationautoscaling.ResourceCapacity', { min: 1 });
  seconds(OWNER, `${where}.autoScaling.scaleInCooldown`, a.scaleInCooldown);
  seconds(OWNER, `${where}.autoScaling.scaleOutCooldown`, a.scaleOutCooldown);
  const t = a.targetInvocationsPerInstance;
  if (!isToken(t) && !(Number.isFinite(t) && t > 0)) {
    invalidProp(OWNER, `${where}.autoScaling.targetInvocationsPerInstance`, t, 'Use a positive number of invocations per instance per minute.');
  }
}

/** SageMaker's shadow variant rules: one production variant, and none of the excluded features. */
function validateShadow(props: ModelEndpointProps): void {
  const rules = limit('sagemaker.shadowVariants');
  const shadow = props.shadowVariant!;
  const pairs: Array<[string, VariantOptions]> = [['variants[0]', props.variants[0]], ['shadowVariant', shadow]];
  for (const [where, v] of pairs) {
    if (rules.excludesServerless && v.serverless) {
      invalidProp(OWNER, `${where}.serverless`, 'set beside a shadow variant',
        `SageMaker excludes serverless variants from shadow tests: give both variants an instanceType, or remove shadowVariant (${rules.source}).`);
    }
    const type = v.instanceType?.toString();
    const fam = type && !isToken(type) ? type.split('.')[1] : undefined;
    if (fam && (rules.excludedInstanceFamilies as string[]).includes(fam)) {
      invalidProp(OWNER, `${where}.instanceType`, type,
        `SageMaker excludes ${fam} instances from shadow tests: pick another instance family (e.g. inf2) or remove shadowVariant (${rules.source}).`);
    }
  }
}

/** Instance types with local NVMe storage, where SageMaker rejects a KmsKeyId (generated from AWS's data). */
export function hasInstanceStorage(instanceType: string): boolean {
  return !isToken(instanceType) && allowed('sagemaker.instanceTypesWithInstanceStorage').includes(instanceType);
}

/**
 * The shadow's weight: its share of copied requests relative to the production variant's weight. No arithmetic on
 * tokens: with the default 100% the production weight is used as it is, token or not.
 */
export function shadowWeight(productionWeight: number, samplingPercentage: number | undefined): number {
  if (samplingPercentage === undefined || (!isToken(samplingPercentage) && samplingPercentage === 100)) return productionWeight;
  if (isToken(productionWeight) || isToken(samplingPercentage)) {
    invalidProp(OWNER, 'shadowVariant.samplingPercentage', isToken(samplingPercentage) ? 'a token' : samplingPercentage,
      'The shadow\'s weight is computed at synth from samplingPercentage and variants[0].initialWeight, which CloudFormation ' +
      'cannot multiply: pass both as numbers, or leave samplingPercentage unset (100%).');
  }
  return productionWeight * samplingPercentage / 100;
}
