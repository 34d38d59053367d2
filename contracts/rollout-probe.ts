/**
 * Synthetic traffic of a rollout: the bake probe and the shadow replay send captured production requests to the
 * candidate (InvokeEndpoint with TargetVariant). They are not user traffic, so every such request carries an
 * InferenceId with this prefix; SageMaker writes the InferenceId into the candidate's Data Capture
 * (`eventMetadata.inferenceId`), and the drift, quality, A/B and shadow readers skip records that carry it.
 *
 * InferenceId is at most 64 printable characters (botocore's sagemaker-runtime model, shape InferenceId).
 */
export const SYNTHETIC_INFERENCE_ID_PREFIX = 'cdk-mlops-synthetic:';

/** Most characters of an InferenceId (botocore sagemaker-runtime, shape InferenceId). */
export const MAX_INFERENCE_ID_LENGTH = 64;

/** The InferenceId of one synthetic request: `cdk-mlops-synthetic:<kind>:<rollout>:<n>`, cut to 64 characters. */
export function syntheticInferenceId(kind: 'probe' | 'replay', rolloutId: string, n: number): string {
  const tail = `:${n}`;
  const head = `${SYNTHETIC_INFERENCE_ID_PREFIX}${kind}:`;
  // Keep the end of the rollout id (its timestamp part is the distinctive one) and the counter.
  const room = MAX_INFERENCE_ID_LENGTH - head.length - tail.length;
  const id = rolloutId.replace(/[^\x21-\x7e]/g, '_');
  return `${head}${id.length > room ? id.slice(id.length - room) : id}${tail}`;
}

/** Whether a captured record's inferenceId marks synthetic traffic (probe or replay), not a user's request. */
export function isSyntheticInferenceId(inferenceId: unknown): boolean {
  return typeof inferenceId === 'string' && inferenceId.startsWith(SYNTHETIC_INFERENCE_ID_PREFIX);
}

/** Defaults of the bake probe (DeploymentStrategy's `probe` and the core builders). */
export const PROBE_DEFAULTS = {
  /** Requests per controller check while the candidate is live and baking. */
  requestsPerCheck: 10,
  /** Most probe requests per step's bake (the final bake included). */
  maxRequestsPerBake: 100,
  /** The error rate the probe must catch (its alternative hypothesis). */
  maxErrorRate: 0.05,
  /** A candidate failing at most this often is rolled back by the probe with probability at most `alpha`. */
  acceptableErrorRate: 0.01,
  /** Bound on the probability of a false rollback by the probe, over all its looks in one rollout. */
  alpha: 0.01,
};
