/**
 * The rollout history table: one row per rollout ever started on an endpoint (the rollout table keeps only the
 * latest one). Written by whoever writes the rollout record (controller, rollback, deploy trigger, CLI abort) and
 * read by `cdk-mlops rollout history <endpoint>`. Pure: the row is a function of the record.
 */
import type { RolloutRecord } from './rollout-execution';
import type { CapacityState, EndCause, Phase } from './rollout-state';
import { isTerminal } from './rollout-state';

/** Partition key of the history table (string). */
export const HISTORY_PARTITION_KEY = 'endpointName';
/** Sort key of the history table (string): start time then rollout id, so a Query lists rollouts in start order. */
export const HISTORY_SORT_KEY = 'startKey';
/** TTL attribute of the history table (epoch seconds); absent on rows kept forever. */
export const HISTORY_TTL_ATTRIBUTE = 'expiresAt';

export interface RolloutHistoryRow {
  readonly endpointName: string;
  /** HISTORY_SORT_KEY: `<startedAt, 12 digits>#<rolloutId>`. */
  readonly startKey: string;
  readonly rolloutId: string;
  /** Epoch seconds. */
  readonly startedAt: number;
  /** Epoch seconds the rollout ended; absent while it is active. */
  readonly endedAt?: number;
  /** The plan's name (e.g. canary-10%-300s). */
  readonly strategy: string;
  readonly stableVariant: string;
  readonly candidateVariant: string;
  readonly candidateModel?: string;
  /** The current phase: ACTIVE phases while it runs, then PROMOTED, ROLLED_BACK, ABORTED or FAILED. */
  readonly outcome: Phase;
  readonly cause?: EndCause;
  readonly reason?: string;
  /** endedAt - startedAt, seconds; absent while active. */
  readonly durationSeconds?: number;
  readonly executionArn: string;
  /** Capacity before traffic: the candidate's instances ordered (and when they were InService), or why none were. */
  readonly capacity?: string;
  /** Epoch seconds after which DynamoDB may delete the row (HISTORY_TTL_ATTRIBUTE). */
  readonly expiresAt?: number;
}

export function historySortKey(startedAt: number, rolloutId: string): string {
  return `${String(Math.max(0, Math.floor(startedAt))).padStart(12, '0')}#${rolloutId}`;
}

/**
 * The history row of a record. `endedAt` is the time of the write that made it terminal (`now`). `ttlSeconds` (> 0)
 * sets expiresAt that long after the end (or after the start while the rollout is active).
 */
export function historyRowOf(rec: RolloutRecord, now: number, ttlSeconds?: number): RolloutHistoryRow {
  const s = rec.state;
  const ended = isTerminal(s.phase);
  const endedAt = ended ? Math.max(s.startedAt, now) : undefined;
  const expiresAt = ttlSeconds !== undefined && ttlSeconds > 0 ? (endedAt ?? s.startedAt) + ttlSeconds : undefined;
  return {
    endpointName: rec.endpointName,
    startKey: historySortKey(s.startedAt, rec.rolloutId),
    rolloutId: rec.rolloutId,
    startedAt: s.startedAt,
    ...(endedAt !== undefined ? { endedAt, durationSeconds: endedAt - s.startedAt } : {}),
    strategy: rec.plan?.name ?? 'unknown',
    stableVariant: rec.stableVariant,
    candidateVariant: rec.candidateVariant,
    ...(rec.candidateModel ? { candidateModel: rec.candidateModel } : {}),
    outcome: s.phase,
    ...(s.cause ? { cause: s.cause } : {}),
    ...(s.reason ? { reason: s.reason.slice(0, 2000) } : {}),
    executionArn: rec.executionArn,
    ...(s.capacity ? { capacity: capacitySummary(s.capacity) } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** One line for the history row: what capacity the candidate got before traffic. */
export function capacitySummary(c: CapacityState): string {
  if (c.instanceCount === undefined) return c.reason.slice(0, 300);
  const ready = c.readyAt !== undefined ? `InService ${c.readyAt - c.decidedAt} s after the order` : 'not InService';
  return `candidate ${c.previousInstanceCount ?? '?'} -> ${c.instanceCount} instance(s) before traffic, ${ready}`;
}
