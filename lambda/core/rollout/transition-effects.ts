/**
 * The effect sequences every transition is made of: a raise (persist, order, verify), a lowering (order, verify),
 * and an end on stable (order, verify, persist, history row, stop, notify). One place, so every writer ends a
 * rollout the same way.
 */
import type { RolloutEvent, RolloutRecord } from '../../../contracts/rollout-execution';
import type { RolloutStatusEventDetail } from '../../../contracts/rollout-resources';
import type { Phase, RolloutState, VariantWeights } from '../../../contracts/rollout-state';
import type { Effect } from './effects';
import type { VariantPair } from './live-endpoint';
import { ALL_STABLE } from './weights';

export function statusOf(rec: RolloutRecord): Phase {
  return rec.state.phase;
}

export function statusDetail(r: RolloutRecord, state: RolloutState, reason: string): RolloutStatusEventDetail {
  return { endpointName: r.endpointName, rolloutId: r.rolloutId, phase: state.phase, cause: state.cause, reason,
    stableVariant: r.stableVariant, candidateVariant: r.candidateVariant };
}

/** Order `weights` that give the candidate traffic, then read them back (the caller persists first). */
export function raiseEffects(pair: VariantPair, weights: VariantWeights): Effect[] {
  return [{ kind: 'ORDER_WEIGHTS', pair: pairOf(pair), weights }, { kind: 'VERIFY', pair: pairOf(pair), weights }];
}

/** Order all traffic on `pair.stableVariant` and read it back until it holds. */
export function lowerEffects(pair: VariantPair, weights: VariantWeights = ALL_STABLE): Effect[] {
  return [{ kind: 'ORDER_WEIGHTS', pair: pairOf(pair), weights }, { kind: 'VERIFY', pair: pairOf(pair), weights }];
}

export interface EndOptions {
  /** Stop the rollout's execution (writers outside it); the controller's own execution ends by its answer. */
  readonly stop: boolean;
  /** Error name of StopExecution. */
  readonly stopError?: string;
  /** Publish to SNS too. @default true */
  readonly sns?: boolean;
  /** The pair to put on stable. @default the record's own pair */
  readonly pair?: VariantPair;
  /** Cause of StopExecution. @default reason */
  readonly stopCause?: string;
  /** Say why in a ROLLBACK_FAILED when stable does not hold. @default true */
  readonly explain?: boolean;
}

/**
 * A rollout ends on stable: traffic first (ordered, read back until it holds), then the record (conditional on its
 * version), its history row, the execution stopped, and only then people and machines told.
 */
export function endEffects(rec: RolloutRecord, state: RolloutState, entries: readonly RolloutEvent[], consumed: boolean,
  reason: string, o: EndOptions): Effect[] {
  const pair = pairOf(o.pair ?? rec);
  return [
    { kind: 'ORDER_WEIGHTS', pair, weights: ALL_STABLE },
    { kind: 'VERIFY', pair, weights: ALL_STABLE, ...(o.explain === false ? {} : { reason }) },
    { kind: 'PERSIST', state, entries, consumeCommand: consumed },
    { kind: 'HISTORY_ROW' },
    ...(o.stop ? [stopEffect(rec, o.stopError ?? 'RolloutEnded', o.stopCause ?? reason)] : []),
    { kind: 'NOTIFY', detail: statusDetail(rec, state, reason), sns: o.sns ?? true },
  ];
}

export function stopEffect(rec: RolloutRecord, error: string, cause: string): Effect {
  return { kind: 'STOP_EXECUTION', executionArn: rec.executionArn, error, cause: cause.slice(0, 32768) };
}

function pairOf(p: VariantPair): VariantPair {
  return { stableVariant: p.stableVariant, candidateVariant: p.candidateVariant };
}

/** The state of a rollout that ends on stable with `phase` and `cause`. */
export function endedOnStable(s: RolloutState, phase: 'ABORTED' | 'ROLLED_BACK' | 'FAILED', cause: RolloutState['cause'],
  reason: string): RolloutState {
  return { ...s, phase, cause, reason, weights: ALL_STABLE, pausedFrom: undefined, holdingSince: undefined, command: undefined };
}
