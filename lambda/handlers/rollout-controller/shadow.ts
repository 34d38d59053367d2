/**
 * The SHADOW phase of a step (shadow by replay): the candidate stays at weight 0; each step reads the stable
 * variant's Data Capture objects newer than the marker kept in the rollout state, replays their requests to the
 * candidate with TargetVariant (bounded; answers discarded, failures counted), adds the counters to the state, and
 * compares candidate and stable (replay counters and CloudWatch) for the policy's shadow gates.
 */
import { captureStartKey, variantCapturePrefix } from '../../core/capture';
import {
  addReplay, emptyReplay, REPLAY_DEFAULTS, ReplayBatch, RolloutRecord, RolloutState, ShadowComparison,
  shadowComparison, ShadowReplayState, syntheticInferenceId,
} from '../../core/rollout';
import { readCaptures, replayToVariant } from '../../shared/capture-replay';
import { errorMessage } from '../../shared/errors';
import { shadowWindowMetrics } from '../../shared/shadow-metrics';
import type { ControllerContext } from './context';

/** The replay counters a shadow run starts with: nothing sent, listing from the hour the run started. */
export function startReplay(rec: RolloutRecord, startedAt: number): ShadowReplayState | undefined {
  if (!rec.capture) return undefined;
  const prefix = variantCapturePrefix(rec.capture.prefix, rec.endpointName, rec.stableVariant);
  return emptyReplay(captureStartKey(prefix, startedAt));
}

export interface ShadowStep {
  /** rec.state with this step's replay added to its counters. */
  readonly state: RolloutState;
  readonly comparison?: ShadowComparison;
}

export async function shadowStep(ctx: ControllerContext, rec: RolloutRecord, now: number,
  limits = REPLAY_DEFAULTS): Promise<ShadowStep> {
  const { log, aws } = ctx;
  if (!rec.capture) {
    log.error('shadow phase without a Data Capture location: nothing to replay; the gates cannot pass');
    return { state: rec.state };
  }
  const prev = rec.state.shadowReplay ?? startReplay(rec, rec.state.phaseStartedAt)!;
  const prefix = variantCapturePrefix(rec.capture.prefix, rec.endpointName, rec.stableVariant);
  let batch: ReplayBatch;
  try {
    const read = await readCaptures(aws.s3, rec.capture, prefix, prev.marker,
      { maxObjects: limits.maxObjectsPerStep, maxRequests: limits.maxRequestsPerStep }, log);
    const sent = await replayToVariant(aws.runtime, rec.endpointName, rec.candidateVariant, read.requests,
      { concurrency: limits.concurrency, timeoutMs: limits.timeoutMs,
        inferenceId: (i) => syntheticInferenceId('replay', rec.rolloutId, prev.sent + i) }, log);
    batch = { marker: read.marker, objects: read.objects, skippedLines: read.skippedLines, ...sent };
  } catch (e) {
    // Reading the captures failed (S3 access, a missing bucket): nothing was sent; the next step tries again.
    log.warn('shadow replay: cannot read the Data Capture objects; nothing replayed at this step', {
      error: e, bucket: rec.capture.bucket, prefix,
    });
    log.metric('ShadowReplayUnavailable', 1);
    batch = { marker: prev.marker, objects: 0, sent: 0, errors: 0, timeouts: 0, clientErrors: 0, skippedLines: 0,
      latenciesMs: [], lastError: `reading captures: ${errorMessage(e)}` };
  }
  const replay = addReplay(prev, batch);
  const metrics = await shadowWindowMetrics(aws.cloudwatch, rec.endpointName, rec.stableVariant, rec.candidateVariant,
    rec.state.phaseStartedAt, now, log);
  const comparison = shadowComparison(replay, metrics.stable, metrics.candidate);
  log.info('shadow replay', {
    objects: batch.objects, sent: batch.sent, errors: batch.errors, timeouts: batch.timeouts,
    total: { sent: replay.sent, errors: replay.errors, objects: replay.objects }, marker: replay.marker,
    stable: metrics.stable, candidate: metrics.candidate, comparison,
  });
  if (batch.sent > 0) log.metric('ShadowRequestsReplayed', batch.sent);
  return { state: { ...rec.state, shadowReplay: replay }, comparison };
}
