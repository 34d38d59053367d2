/**
 * The durable state of one rollout (its shape is in contracts/rollout-state.ts). The controller stores it between
 * checks; `decide` reads it and returns the next one inside every Decision.
 */
import type { RolloutState } from '../../../contracts/rollout-state';
import { ALL_STABLE } from './weights';

export function initialState(now: number): RolloutState {
  return {
    phase: 'PENDING',
    stepIndex: -1,
    phaseStartedAt: now,
    startedAt: now,
    weights: ALL_STABLE,
    hooks: { preTraffic: 'NOT_RUN', postTraffic: 'NOT_RUN' },
  };
}
