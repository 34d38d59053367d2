/**
 * The plan of an inference component's rollout (pure), from the strategy's plan, for the one policy (`decide`):
 *
 * - with a copy canary (Strategy B then A): the plan's first share of the component's copies becomes a temporary
 *   candidate component judged as a shadow run by replay (`shadow`: the plan's own shadow run when it has one, else
 *   the first step's bake with the default gates), then one step to 100%, which is CloudFormation's update of the live
 *   component: SageMaker's rolling update, guarded by the verdict alarm;
 * - without (Strategy A alone): the one step to 100%.
 *
 * The step to 100% may take as long as the rolling update (`rollingUpdateSeconds` becomes the shift timeout). Nothing
 * can act on a bake after it, since SageMaker's alarm rollback ends with the update: no final bake, no watch after
 * promotion, no post-traffic hook.
 */
import type { ComponentPlan } from './component-rollout';
import { RolloutPlan } from './rollout-plan';
import { RolloutPlanError } from './rollout-plan-validation';
import { SHADOW_GATE_DEFAULTS } from './rollout-plan-builders';

export interface ComponentPlanOptions {
  /** The component's copies (its copy count, or the autoscaling minimum it starts from). */
  readonly copies: number;
  /** Judge a temporary candidate component before the live one changes (Strategy B). */
  readonly copyCanary: boolean;
  /** The longest the rolling update may take (its MaximumExecutionTimeout, or the bound computed from its batches). */
  readonly rollingUpdateSeconds: number;
}

export function componentPlan(plan: RolloutPlan, o: ComponentPlanOptions): ComponentPlan {
  if (!(o.rollingUpdateSeconds > 0)) throw new RolloutPlanError(`rollingUpdateSeconds is ${o.rollingUpdateSeconds}; it must be > 0`);
  const update = { candidatePercent: 100, bakeSeconds: 0 };
  const base: RolloutPlan = {
    ...plan, steps: [update], finalBakeSeconds: 0, keepOldWarmSeconds: 0,
    shiftTimeoutSeconds: Math.ceil(o.rollingUpdateSeconds),
    hooks: { ...plan.hooks, postTraffic: false },
  };
  if (!o.copyCanary) return { plan: { ...base, name: `${plan.name}-rolling-update`, shadow: undefined }, canaryCopies: 0 };
  const first = plan.steps[0];
  const copies = candidateCopiesFor(first.candidatePercent, o.copies);
  const shadow = plan.shadow ?? (first.candidatePercent < 100 && first.bakeSeconds > 0
    ? { durationSeconds: first.bakeSeconds, gates: SHADOW_GATE_DEFAULTS } : undefined);
  if (!shadow) {
    throw new RolloutPlanError(`plan '${plan.name}' starts at ${first.candidatePercent}% with a bake of ${first.bakeSeconds} s: ` +
      'a copy canary needs a first step below 100% with a bake (its share gives the canary\'s copies, its bake how long ' +
      'it is judged), or a shadow run');
  }
  return { plan: { ...base, name: `${plan.name}-copy-canary-${copies}-of-${o.copies}`, shadow }, canaryCopies: copies };
}

/**
 * The candidate copies a step of `requestedPercent` asks of a fleet of `copies`: at least that share of the copies,
 * and at least one (the granularity of a component).
 */
export function candidateCopiesFor(requestedPercent: number, copies: number): number {
  if (!Number.isInteger(copies) || copies < 1) throw new Error(`a copy canary needs a whole number of copies >= 1, got ${copies}`);
  if (!(requestedPercent > 0 && requestedPercent <= 100)) throw new Error(`a step's percent must be in (0, 100], got ${requestedPercent}`);
  // Rounded to 1e-4 copy first, so that 10% of 10 copies (or a share already rounded to millionths, 66.666667% of 6)
  // is a whole copy count, not one more from float noise.
  return Math.min(copies, Math.max(1, Math.ceil(Math.round(requestedPercent * copies * 100) / 10_000)));
}
