/**
 * Shadow by replay: during the SHADOW phase the candidate slot stays at weight 0 (it answers no user), and the
 * controller sends it a sample of real production requests read from the stable variant's Data Capture, with
 * InvokeEndpoint `TargetVariant=<candidate>`, and compares its answers with the captured production answers of the
 * same requests (lambda/core/experiments/replay-agreement.ts). This file holds the pure part: the counters kept in
 * the rollout state between steps, and the comparison with the stable variant that the shadow gates judge.
 */
import type { RolloutRecord } from '../../../contracts/rollout-execution';
import { captureStartKey, variantCapturePrefix } from '../capture/parse';
import { agreementFigures, mergeAgreement } from '../experiments/replay-agreement';
import type { ShadowComparison } from './signals';

import type { CaptureLocation, ShadowReplayState } from '../../../contracts/rollout-state';

export type { CaptureLocation, ShadowReplayState };

/** One step's replay: the same counters, for that step only (its marker is where the next step starts). */
export interface ReplayBatch extends Omit<ShadowReplayState, 'latenciesMs'> {
  readonly latenciesMs: readonly number[];
}

/** Latency samples kept in the record (DynamoDB items stay far below 400 KB). */
export const MAX_LATENCY_SAMPLES = 200;

/** Replay bounds of one controller step. */
export const REPLAY_DEFAULTS = {
  /** Capture objects read per step. */
  maxObjectsPerStep: 10,
  /** Requests sent per step. */
  maxRequestsPerStep: 50,
  /** Requests in flight at once. */
  concurrency: 4,
  /** A request not answered within this counts as an error (timeout). */
  timeoutMs: 5000,
};

export function emptyReplay(marker: string): ShadowReplayState {
  return { marker, objects: 0, sent: 0, errors: 0, timeouts: 0, clientErrors: 0, skippedLines: 0, latenciesMs: [] };
}

/** The replay counters a shadow run starts with: nothing sent, listing from the hour the run started. */
export function startReplay(rec: RolloutRecord, startedAt: number): ShadowReplayState | undefined {
  if (!rec.capture) return undefined;
  const prefix = variantCapturePrefix(rec.capture.prefix, rec.endpointName, rec.stableVariant);
  return emptyReplay(captureStartKey(prefix, startedAt));
}

export function addReplay(prev: ShadowReplayState, b: ReplayBatch): ShadowReplayState {
  return {
    marker: b.marker,
    objects: prev.objects + b.objects,
    sent: prev.sent + b.sent,
    errors: prev.errors + b.errors,
    timeouts: prev.timeouts + b.timeouts,
    clientErrors: prev.clientErrors + b.clientErrors,
    skippedLines: prev.skippedLines + b.skippedLines,
    latenciesMs: [...prev.latenciesMs, ...b.latenciesMs].slice(-MAX_LATENCY_SAMPLES),
    ...(b.lastError ?? prev.lastError ? { lastError: b.lastError ?? prev.lastError } : {}),
    ...optionalAnswers(mergeAgreement(prev.answers, b.answers)),
  };
}

function optionalAnswers(answers: ShadowReplayState['answers']): { answers?: ShadowReplayState['answers'] } {
  return answers ? { answers } : {};
}

/** One variant's CloudWatch figures over the shadow window; undefined fields were not published (yet). */
export interface VariantWindowMetrics {
  /** Sum of Invocations. */
  readonly requests?: number;
  /** Invocation5XXErrors over the window as a fraction of requests (their Average). */
  readonly errorRate?: number;
  /** p99 of ModelLatency, in milliseconds. */
  readonly p99Ms?: number;
}

/**
 * What the shadow gates compare. The stable side is CloudWatch (the variant that answered users). The candidate's
 * request count and error rate are the replay counters: every replayed request's outcome is known at once, timeouts
 * included, while CloudWatch publishes late. Its latency is CloudWatch's ModelLatency p99 of the candidate variant
 * (TargetVariant invocations count in the variant's metrics), the same metric as the stable side: the controller's
 * round trips include overhead and network, so they are kept for status only. Missing figures give zeros, which
 * judgeShadow reads as "not yet" (never as a pass). The answers' agreement comes with it when the replay compared any.
 */
export function shadowComparison(replay: ShadowReplayState | undefined, stable: VariantWindowMetrics,
  candidate: VariantWindowMetrics): ShadowComparison | undefined {
  if (!replay) return undefined;
  const judged = replay.sent - replay.clientErrors;
  return {
    stableRequests: stable.requests ?? 0,
    shadowRequests: Math.max(0, judged),
    stableErrorRate: stable.errorRate ?? 0,
    shadowErrorRate: judged > 0 ? replay.errors / judged : 0,
    stableP99Ms: stable.p99Ms ?? 0,
    shadowP99Ms: candidate.p99Ms ?? 0,
    ...(replay.answers ? { answers: agreementFigures(replay.answers) } : {}),
  };
}

/** p99 of a sample (nearest rank), 0 when empty. */
export function p99(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
}
