/**
 * The SHADOW phase of a step (shadow by replay): the candidate stays at weight 0; each step reads the stable
 * variant's Data Capture objects newer than the marker kept in the rollout state, replays their requests to the
 * candidate with TargetVariant (bounded; failures counted), compares the candidate's answers with the captured
 * production answers of the same requests (agreement, class flips, mean differences), adds both to the state,
 * publishes the comparison as metrics, and compares candidate and stable for the policy's shadow gates.
 */
import { SHADOW_REPLAY_METRICS } from '../../../contracts/shadow-answers';
import { variantCapturePrefix } from '../../core/capture';
import { compareReplayAnswers } from '../../core/experiments/replay-agreement';
import {
  addReplay, planFromJson, REPLAY_DEFAULTS, ReplayBatch, RolloutRecord, RolloutState, ShadowComparison,
  shadowComparison, startReplay, syntheticInferenceId,
} from '../../core/rollout';
import { readCaptures, replayToVariant } from '../../shared/capture-replay';
import { errorMessage } from '../../shared/errors';
import { shadowWindowMetrics } from '../../shared/shadow-metrics';
import type { ControllerContext } from './context';

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
  // A component rollout: the live component's captures (<prefix>/<endpoint>/<component>/) replayed to the temporary one.
  const c = rec.component;
  const endpointName = c?.endpointName ?? rec.endpointName;
  const prefix = variantCapturePrefix(rec.capture.prefix, endpointName, rec.stableVariant);
  let batch: ReplayBatch;
  try {
    const read = await readCaptures(aws.s3, rec.capture, prefix, prev.marker,
      { maxObjects: limits.maxObjectsPerStep, maxRequests: limits.maxRequestsPerStep }, log);
    const sent = await replayToVariant(aws.runtime, endpointName, rec.candidateVariant, read.requests,
      { concurrency: limits.concurrency, timeoutMs: limits.timeoutMs, ...(c ? { inferenceComponentName: rec.candidateVariant } : {}),
        inferenceId: (i) => syntheticInferenceId('replay', rec.rolloutId, prev.sent + i) }, log);
    const { candidateAnswers, ...outcome } = sent;
    // Each replayed request carries the answer production gave it: compare the two, exactly paired.
    const answers = compareReplayAnswers(read.outputs, candidateAnswers, planFromJson(rec.plan).shadow?.answers);
    batch = { marker: read.marker, objects: read.objects, skippedLines: read.skippedLines, ...outcome, answers };
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
  const metrics = await shadowWindowMetrics(aws.cloudwatch, endpointName, rec.stableVariant, rec.candidateVariant,
    rec.state.phaseStartedAt, now, log, c ? 'InferenceComponentName' : 'VariantName');
  const comparison = shadowComparison(replay, metrics.stable, metrics.candidate);
  log.info('shadow replay', {
    objects: batch.objects, sent: batch.sent, errors: batch.errors, timeouts: batch.timeouts,
    total: { sent: replay.sent, errors: replay.errors, objects: replay.objects }, marker: replay.marker, answers: replay.answers,
    stable: metrics.stable, candidate: metrics.candidate, comparison,
  });
  if (batch.sent > 0) log.metric('ShadowRequestsReplayed', batch.sent);
  publishComparison(ctx, batch, comparison);
  return { state: { ...rec.state, shadowReplay: replay }, comparison };
}

/** The comparison so far as metrics per endpoint (cumulative figures; this step's counts). Absent figures are not published. */
function publishComparison(ctx: ControllerContext, batch: ReplayBatch, c: ShadowComparison | undefined): void {
  const { log } = ctx;
  const m = SHADOW_REPLAY_METRICS;
  if (batch.answers && (batch.answers.compared > 0 || batch.answers.unreadable > 0)) {
    log.metric(m.compared, batch.answers.compared);
    log.metric(m.unreadable, batch.answers.unreadable);
  }
  const a = c?.answers;
  if (a?.agreementRate !== undefined) log.metric(m.agreementRate, a.agreementRate, 'None');
  if (a?.meanAbsoluteDifference !== undefined) log.metric(m.meanAbsoluteDifference, a.meanAbsoluteDifference, 'None');
  if (a?.meanRelativeDifference !== undefined) log.metric(m.meanRelativeDifference, a.meanRelativeDifference, 'None');
  // Health differences only once both sides were measured (zeros mean "not published yet").
  if (c && c.stableRequests > 0 && c.shadowRequests > 0) log.metric(m.errorRateDifference, c.shadowErrorRate - c.stableErrorRate, 'None');
  if (c && c.stableP99Ms > 0 && c.shadowP99Ms > 0) log.metric(m.p99LatencyDifferenceMs, c.shadowP99Ms - c.stableP99Ms, 'Milliseconds');
}
