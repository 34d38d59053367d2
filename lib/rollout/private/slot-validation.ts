import { Token } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { ModelEndpoint } from '../../serving/endpoint';
import { DeploymentStrategy } from '../deployment-strategy';
import { gatesOnAnswers } from './shadow-gates';

/** Eager validation of a VariantRollout's blue/green slots against its endpoint and strategy. */
export function rolloutError(prop: string, message: string): never {
  throw new Error(`VariantRollout: ${prop} ${message}`);
}

function variantList(endpoint: ModelEndpoint): string {
  return `production variants: ${endpoint.variantNames.join(', ')}` +
    `${endpoint.shadowVariantName ? `; shadow variant: ${endpoint.shadowVariantName}` : ''}`;
}

/** The two slots: the ones given, or the endpoint's variants when it has exactly two. */
export function resolveSlots(endpoint: ModelEndpoint, given: string[] | undefined): [string, string] {
  const all = [...endpoint.variantNames, ...(endpoint.shadowVariantName ? [endpoint.shadowVariantName] : [])];
  const slots = given ?? all;
  if (given === undefined && all.length !== 2) {
    rolloutError('variants', `is required: ${endpoint.node.path} has ${all.length} variants (${variantList(endpoint)}); ` +
      'name the two that rollouts alternate between, e.g. variants: [\'blue\', \'green\'].');
  }
  if (slots.length !== 2) {
    rolloutError('variants', `has ${slots.length} names (${slots.join(', ')}); give exactly two: the blue/green slots rollouts alternate between.`);
  }
  const [a, b] = slots;
  if (Token.isUnresolved(a) || Token.isUnresolved(b)) {
    rolloutError('variants', 'contains a token; use the variant names given to the ModelEndpoint.');
  }
  if (a.toLowerCase() === b.toLowerCase()) {
    rolloutError('variants', `names '${a}' and '${b}', the same variant (SageMaker compares names case-insensitively); ` +
      `name two different variants (${variantList(endpoint)}).`);
  }
  for (const v of [a, b]) {
    if (!all.includes(v)) rolloutError('variants', `'${v}' is not a variant of ${endpoint.node.path} (${variantList(endpoint)}).`);
  }
  return [a, b];
}

export function validateSlots(endpoint: ModelEndpoint, slots: readonly [string, string], strategy: DeploymentStrategy): void {
  const shadow = slots.find((v) => v === endpoint.shadowVariantName);
  if (shadow) {
    // Both slots are production variants: weights shift between them, and a shadow run (by replay) invokes the
    // candidate with TargetVariant at weight 0, which SageMaker does not allow on a shadow variant.
    rolloutError('variants', `'${shadow}' is the shadow variant, but strategy '${strategy.name}' shifts weights, which needs the ` +
      'candidate as a second production variant. Add it to the endpoint\'s `variants` (with initialWeight 0)' +
      (strategy.hasShadowPhase
        ? '; shadowFirst runs the candidate as a shadow by replaying captured requests to that production variant at weight 0.'
        : ', or remove the shadow variant from the rollout\'s slots.'));
  }
  // Other production variants (an A/B arm) keep their share: a rollout moves only the share its two slots hold.
  if (strategy.hasShadowPhase) validateShadowReplay(endpoint, strategy);
}

/** shadowFirst replays the stable slot's captured requests to the candidate: the endpoint must capture inputs. */
function validateShadowReplay(endpoint: ModelEndpoint, strategy: DeploymentStrategy): void {
  const capture = endpoint.dataCaptureLocation;
  if (!capture) {
    rolloutError('strategy', `'${strategy.name}' starts with a shadow run, which replays real requests from the endpoint's ` +
      `Data Capture to the candidate, but ${endpoint.node.path} has no dataCapture. Give the ModelEndpoint ` +
      '`dataCapture: { bucket, captureMode: CaptureMode.INPUT_AND_OUTPUT }` (or CaptureMode.INPUT), or use a strategy without shadowFirst.');
  }
  if (!capture.captureMode.modes.includes('Input')) {
    rolloutError('strategy', `'${strategy.name}' starts with a shadow run, which replays captured requests, but the ` +
      `dataCapture of ${endpoint.node.path} captures ${capture.captureMode.modes.join(' and ')} only. Set its captureMode to ` +
      'CaptureMode.INPUT_AND_OUTPUT (or CaptureMode.INPUT).');
  }
  if (gatesOnAnswers(strategy._toPlan().shadow?.gates) && !capture.captureMode.modes.includes('Output')) {
    rolloutError('strategy', `'${strategy.name}' gates the shadow run on its answers (minAgreement or maxMean*Difference), which ` +
      `are compared with production's captured answers, but the dataCapture of ${endpoint.node.path} captures ` +
      `${capture.captureMode.modes.join(' and ')} only. Set its captureMode to CaptureMode.INPUT_AND_OUTPUT, or remove the answer gates.`);
  }
  const config = endpoint.endpointConfig.dataCaptureConfig as sagemaker.CfnEndpointConfig.DataCaptureConfigProperty | undefined;
  const sampling = config?.initialSamplingPercentage;
  if (typeof sampling === 'number' && !Token.isUnresolved(sampling) && sampling <= 0) {
    rolloutError('strategy', `'${strategy.name}' starts with a shadow run, which replays captured requests, but the ` +
      `dataCapture of ${endpoint.node.path} has samplingPercentage ${sampling}, so nothing is captured. Use a samplingPercentage above 0.`);
  }
}

function renderedVariants(endpoint: ModelEndpoint): sagemaker.CfnEndpointConfig.ProductionVariantProperty[] {
  const cfg = endpoint.endpointConfig;
  const all = [cfg.productionVariants, cfg.shadowProductionVariants ?? []];
  return all.flatMap((v) => (Array.isArray(v) ? v as sagemaker.CfnEndpointConfig.ProductionVariantProperty[] : []));
}

/** The model name (a token of the Model resource) the endpoint's configuration gives a variant. */
export function modelNameOf(endpoint: ModelEndpoint, variant: string): string {
  const found = renderedVariants(endpoint).find((v) => v.variantName === variant);
  if (!found?.modelName) {
    rolloutError('variants', `'${variant}': cannot find its model in the configuration of ${endpoint.node.path}.`);
  }
  return found.modelName;
}
