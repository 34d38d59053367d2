import { Token } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import type { ModelEndpoint } from '../../serving/endpoint';
import { rolloutError } from './slot-validation';

/**
 * Refuses an endpoint whose deploys would apply the template's weights: at once (naming the prop), and again when the
 * app synthesizes, for an escape hatch set after the rollout was built.
 */
export function refuseTemplateWeights(rollout: Construct, endpoint: ModelEndpoint): void {
  const now = retainedWeightsProblem(endpoint);
  if (now) rolloutError('endpoint', now);
  rollout.node.addValidation({ validate: () => {
    const problem = retainedWeightsProblem(endpoint);
    return problem ? [`VariantRollout: endpoint ${problem}`] : [];
  } });
}

/**
 * Why the endpoint's deploy settings would let CloudFormation set the weights a rollout owns, or undefined. A
 * deploy that applies the template's weights (`updatedVariantProperties` naming DESIRED_WEIGHT, or
 * RetainAllVariantProperties turned off by an escape hatch) puts the next candidate on its initialWeight before its
 * rollout checks it, and undoes a promotion or a rollback.
 */
export function retainedWeightsProblem(endpoint: ModelEndpoint): string | undefined {
  const cfn = endpoint.node.defaultChild as sagemaker.CfnEndpoint | undefined;
  if (!(cfn instanceof sagemaker.CfnEndpoint)) return undefined;
  const why = 'so a deploy would put the template\'s weights (each variant\'s initialWeight) on the live endpoint: the next ' +
    'candidate would serve before its rollout checks it, and a promotion or rollback would be undone.';
  const retainAll = cfn.retainAllVariantProperties;
  if (retainAll !== undefined && !Token.isUnresolved(retainAll) && retainAll !== true) {
    return `${endpoint.node.path} has RetainAllVariantProperties ${JSON.stringify(retainAll)}, ${why} Leave ` +
      'RetainAllVariantProperties true (ModelEndpoint sets it) and remove the override.';
  }
  const excluded = cfn.excludeRetainedVariantProperties;
  if (excluded === undefined || Token.isUnresolved(excluded) || !Array.isArray(excluded)) return undefined;
  const names = excluded.map((p) => (Token.isUnresolved(p) ? undefined : (p as sagemaker.CfnEndpoint.VariantPropertyProperty).variantPropertyType));
  if (!names.includes('DesiredWeight')) return undefined;
  return `${endpoint.node.path} has updatedVariantProperties [${names.map((n) => `'${n}'`).join(', ')}] ` +
    `(ExcludeRetainedVariantProperties), ${why} Remove VariantProperty.DESIRED_WEIGHT from updatedVariantProperties: ` +
    'the rollout owns the weights (DESIRED_INSTANCE_COUNT and DATA_CAPTURE_CONFIG may stay).';
}
