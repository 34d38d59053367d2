/**
 * The bake probe: while a step bakes, the rollout controller sends the candidate a few of the endpoint's captured
 * production requests at every check (InvokeEndpoint with TargetVariant, marked with an InferenceId that starts with
 * `cdk-mlops-synthetic:` so monitors and A/B analysis skip them) and judges its error rate at once with a sequential
 * probability ratio test, instead of waiting a minute or more for CloudWatch. The probe only rolls back; alarms and
 * bakes still decide when a step passes. It needs the endpoint's `dataCapture` (of inputs): without captured
 * requests there is nothing to probe with, and the rollout runs without it.
 *
 * Cost: at most `maxRequestsPerBake` extra requests per baked step (10 per check by default), served by the
 * candidate's instances (billed per request only on serverless endpoints).
 */
export interface ProbeOptions {
  /**
   * Whether the controller probes the candidate during bakes.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Probe requests per controller check while a step bakes.
   * @default 10
   */
  readonly requestsPerCheck?: number;
  /**
   * Most probe requests per baked step (the final bake included): the probe's cost.
   * @default 100
   */
  readonly maxRequestsPerBake?: number;
  /**
   * The candidate error rate the probe must catch, as a fraction (5XX, model errors and time-outs of probe requests).
   * @default 0.05
   */
  readonly maxErrorRate?: number;
  /**
   * Error rate of an acceptable candidate, as a fraction below `maxErrorRate`: a candidate failing at most this often
   * is rolled back by the probe with probability at most `alpha`.
   * @default 0.01
   */
  readonly acceptableErrorRate?: number;
  /**
   * Bound on the chance that the probe rolls back an acceptable candidate, over all its looks in one rollout.
   * @default 0.01
   */
  readonly alpha?: number;
}
