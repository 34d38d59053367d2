import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { InstanceType } from '../instance-type';
import { VariantOptions } from '../variant';

/** The CloudFormation production variant of a variant's props, with its initial weight. */
export function renderVariant(v: VariantOptions, weight: number): sagemaker.CfnEndpointConfig.ProductionVariantProperty {
  if (v.serverless) {
    return {
      variantName: v.variantName,
      modelName: v.model.modelName,
      initialVariantWeight: weight,
      serverlessConfig: {
        memorySizeInMb: v.serverless.memorySize.toMebibytes(),
        maxConcurrency: v.serverless.maxConcurrency,
        provisionedConcurrency: v.serverless.provisionedConcurrency,
      },
    };
  }
  return {
    variantName: v.variantName,
    modelName: v.model.modelName,
    initialVariantWeight: weight,
    instanceType: (v.instanceType ?? InstanceType.ML_M5_LARGE).toString(),
    initialInstanceCount: v.initialInstanceCount ?? 1,
  };
}

/**
 * The stack's shared key for endpoint storage volumes (created on first use): one key per stack rather than one per
 * endpoint keeps many-endpoint stacks small; pass `encryptionKey` for a key of the endpoint's own.
 */
export function sharedStorageKey(scope: Construct): kms.IKey {
  const stack = Stack.of(scope);
  const id = 'CdkMlopsEndpointStorageKey';
  return (stack.node.tryFindChild(id) as kms.Key | undefined) ?? new kms.Key(stack, id, {
    enableKeyRotation: true,
    description: 'cdk-mlops endpoint storage volumes',
    removalPolicy: RemovalPolicy.DESTROY,
  });
}
