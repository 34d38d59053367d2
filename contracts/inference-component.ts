/**
 * Inference components on CloudWatch, shared by lib/serving (metrics, alarms, scaling) and the run-time code that
 * reads a component's health. SageMaker publishes a component's invocation metrics in `AWS/SageMaker` and its
 * utilization in `/aws/sagemaker/InferenceComponents`, both with the one dimension `InferenceComponentName`
 * (SageMaker Developer Guide, "SageMaker AI inference component metrics" and "Scale an endpoint to zero instances").
 */
export const COMPONENT_METRICS = {
  /** Invocations, Invocation4XXErrors, Invocation5XXErrors, ModelLatency, OverheadLatency, NoCapacityInvocationFailures. */
  invocationNamespace: 'AWS/SageMaker',
  /** CPUUtilizationNormalized, MemoryUtilizationNormalized, GPUUtilizationNormalized, GPUMemoryUtilizationNormalized. */
  utilizationNamespace: '/aws/sagemaker/InferenceComponents',
  dimension: 'InferenceComponentName',
  /** Requests that found no copy to answer them (a component scaled to zero, or all copies still starting). */
  noCapacity: 'NoCapacityInvocationFailures',
} as const;
