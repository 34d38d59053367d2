/**
 * A canary counted in copies of an inference component (pure). A component has no traffic weights: callers address
 * it by name and its requests are spread over its copies, so a candidate's share of the requests is its share of the
 * copies that serve them. The plan's percent steps (contracts/rollout-plan.ts) become copy counts, one copy at the
 * least, and the share they really give is what the rollout watches.
 *
 * Two ways to make room for the candidate's copies:
 * - SURGE (this library's copy canary): candidate copies are added beside all the stable copies, which stay until
 *   the candidate passed its last partial step; a rollback before then only removes candidate copies (nothing to
 *   re-provision). It needs spare capacity for the candidate's copies (managed instance scaling adds instances).
 * - REPLACE (SageMaker's rolling update): each batch of new copies replaces as many old ones; the component keeps
 *   its copy count, and a rollback must start old copies again.
 */
import { candidateCopiesFor } from '../../../contracts/component-plan';
import type { RolloutPlan } from '../../../contracts/rollout-plan';

export type CopyMode = 'SURGE' | 'REPLACE';

/** One step of a copy canary: the copies of each side while the step bakes, and the share that gives. */
export interface CopyStep {
  /** Copies of the candidate. */
  readonly candidateCopies: number;
  /** Copies of the stable model serving beside them. */
  readonly stableCopies: number;
  /** The candidate's share of the requests, percent: candidate / (candidate + stable) copies. */
  readonly candidatePercent: number;
  /** The percent the plan asked for (the largest, when several plan steps give the same copies). */
  readonly requestedPercent: number;
  /** How long the step is watched once its copies serve (the longest, when several plan steps merged). */
  readonly bakeSeconds: number;
}

/** A share in percent, rounded to millionths (as weightsFor does, so no float noise reaches a decision). */
function percent(candidate: number, stable: number): number {
  return Math.round((100 * candidate / (candidate + stable)) * 1e6) / 1e6;
}


/**
 * The plan's steps in copies of a fleet of `copies`. Steps that give the same candidate copies are one step (with
 * the longest bake asked); the last step is all candidate copies and no stable ones, baked `finalBakeSeconds`.
 */
export function copySteps(plan: Pick<RolloutPlan, 'steps' | 'finalBakeSeconds'>, copies: number, mode: CopyMode): CopyStep[] {
  const out: CopyStep[] = [];
  for (const s of plan.steps) {
    const candidate = candidateCopiesFor(s.candidatePercent, copies);
    const final = s.candidatePercent === 100 || candidate === copies;
    // SURGE keeps every stable copy until the final step; REPLACE removes one per candidate copy.
    const stable = final ? 0 : mode === 'SURGE' ? copies : copies - candidate;
    const bake = final ? plan.finalBakeSeconds : s.bakeSeconds;
    const step: CopyStep = { candidateCopies: candidate, stableCopies: stable, candidatePercent: percent(candidate, stable), requestedPercent: s.candidatePercent, bakeSeconds: bake };
    const last = out[out.length - 1];
    if (last && last.candidateCopies === candidate) {
      out[out.length - 1] = { ...step, bakeSeconds: Math.max(last.bakeSeconds, bake) };
    } else {
      out.push(step);
    }
    if (final) break;
  }
  return out;
}

/** The plan with its steps at the shares the copies give (what a rollout of copies watches). */
export function copyPlan<P extends RolloutPlan>(plan: P, copies: number, mode: CopyMode): P {
  const steps = copySteps(plan, copies, mode);
  return {
    ...plan,
    steps: steps.map((s, i) => ({ candidatePercent: s.candidatePercent, bakeSeconds: i === steps.length - 1 ? 0 : s.bakeSeconds })),
  };
}

/**
 * The copies to order for a step, given what is InService now: add the candidate's copies in batches of at most
 * `maxBatch`, and remove stable copies only once the candidate's copies of this step serve (capacity never drops
 * before the replacement is up).
 */
export interface CopyOrder {
  /** Candidate copies to ask for now (DesiredCopyCount). */
  readonly candidateDesired: number;
  /** Stable copies to ask for now. */
  readonly stableDesired: number;
  /** True when the step's copies are all ordered: nothing more to order for it. */
  readonly complete: boolean;
}

export function copyOrder(step: CopyStep, live: { readonly candidate: number; readonly stable: number }, maxBatch = Infinity): CopyOrder {
  if (!(maxBatch >= 1)) throw new Error(`a batch is at least 1 copy, got ${maxBatch}`);
  const candidateDesired = Math.min(step.candidateCopies, live.candidate + maxBatch);
  const candidateUp = live.candidate >= step.candidateCopies;
  // Remove stable copies (REPLACE, or the final step) only as far as the candidate already replaces them.
  const stableDesired = candidateUp ? step.stableCopies : Math.max(step.stableCopies, live.stable);
  return { candidateDesired, stableDesired, complete: candidateDesired === step.candidateCopies && stableDesired === step.stableCopies };
}

export { candidateCopiesFor };
