/**
 * The bake probe of a step (lambda/core/rollout/probe.ts decides; this is the I/O): while the candidate is live and
 * its step bakes, send it up to the plan's budget of the stable variant's captured requests (InvokeEndpoint with
 * TargetVariant and a synthetic InferenceId), and add the outcomes to the rollout's probe counters, which the policy
 * judges at this same check. Failures to read captures never stop the rollout: alarms still guard it.
 */
import { captureStartKey, variantCapturePrefix } from '../../core/capture';
import {
  addProbe, probeBudget, ReplayBatch, REPLAY_DEFAULTS, ROLLOUT_METRICS, RolloutPlan, RolloutRecord, RolloutState, shouldProbe,
  startProbe, syntheticInferenceId, VariantWeights,
} from '../../core/rollout';
import { readCaptures, replayToVariant } from '../../shared/capture-replay';
import { errorMessage } from '../../shared/errors';
import type { ControllerContext } from './context';

/** How far before the rollout's start the probe looks for captured requests (quiet endpoints capture rarely). */
export const PROBE_LOOKBACK_SECONDS = 24 * 3600;

/** rec.state with this check's probe added; undefined when nothing was probed (no probe, not baking, no budget). */
export async function probeStep(ctx: ControllerContext, rec: RolloutRecord, plan: RolloutPlan,
  live: VariantWeights | undefined): Promise<RolloutState | undefined> {
  const { log, aws } = ctx;
  const state = rec.state;
  if (!plan.probe || !shouldProbe(plan, state, live)) return undefined;
  if (!rec.capture) {
    if (!state.probe) log.warn('the plan has a probe but the rollout has no Data Capture location: not probing');
    return undefined;
  }
  const budget = probeBudget(plan.probe, state.probe, state.stepIndex);
  if (budget === 0) return undefined;
  const prefix = variantCapturePrefix(rec.capture.prefix, rec.endpointName, rec.stableVariant);
  const prev = state.probe ?? startProbe(captureStartKey(prefix, state.startedAt - PROBE_LOOKBACK_SECONDS), state.stepIndex);
  let batch: ReplayBatch;
  try {
    const limits = { maxObjects: REPLAY_DEFAULTS.maxObjectsPerStep, maxRequests: budget };
    let read = await readCaptures(aws.s3, rec.capture, prefix, prev.marker, limits, log);
    if (read.requests.length === 0 && prev.marker !== prev.startMarker) {
      // Every capture since the start was used: probe with the same production requests again.
      read = await readCaptures(aws.s3, rec.capture, prefix, prev.startMarker, limits, log);
    }
    const sent = await replayToVariant(aws.runtime, rec.endpointName, rec.candidateVariant, read.requests,
      { concurrency: REPLAY_DEFAULTS.concurrency, timeoutMs: REPLAY_DEFAULTS.timeoutMs,
        inferenceId: (i) => syntheticInferenceId('probe', rec.rolloutId, prev.sent + i) }, log);
    batch = { marker: read.marker, objects: read.objects, skippedLines: read.skippedLines, ...sent };
  } catch (e) {
    log.warn('probe: cannot read the Data Capture objects; nothing probed at this check', { error: e, prefix });
    log.metric('ProbeUnavailable', 1);
    batch = { marker: prev.marker, objects: 0, sent: 0, errors: 0, timeouts: 0, clientErrors: 0, skippedLines: 0,
      latenciesMs: [], lastError: `reading captures: ${errorMessage(e)}` };
  }
  const probe = addProbe(prev, batch, state.stepIndex);
  log.info('probe', { sent: batch.sent, errors: batch.errors, clientErrors: batch.clientErrors,
    total: { sent: probe.sent, errors: probe.errors, clientErrors: probe.clientErrors }, bakeSent: probe.bakeSent });
  if (batch.sent > 0) log.metric(ROLLOUT_METRICS.PROBE_REQUESTS, batch.sent);
  if (batch.sent === 0 && batch.objects === 0 && !batch.lastError) log.info('probe: no captured requests to send yet');
  return { ...state, probe };
}
