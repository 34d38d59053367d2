/**
 * The JSON shape of a rollout plan, as the controller reads it from the state machine input. lib/ cannot import
 * lambda/core, so this mirrors `RolloutPlan` of lambda/core/rollout/strategy.ts field for field;
 * test/rollout/contracts.test.ts checks that every plan rendered here is one the core accepts and builds itself.
 * All durations are in seconds, all traffic shares in percent of requests.
 */

/** One traffic step of a rendered plan. */
export interface RolloutPlanStep {
  /** Share of requests sent to the candidate during this step, in (0, 100]. */
  readonly candidatePercent: number;
  /** How long the step is observed before the next one; 0 means "not judged, move on". */
  readonly bakeSeconds: number;
}

/** Hook settings of a rendered plan. */
export interface RolloutPlanHooks {
  /** Run the pre-traffic hooks before the candidate takes any traffic. */
  readonly preTraffic: boolean;
  /** Run the post-traffic hooks after the final bake, before promotion. */
  readonly postTraffic: boolean;
  /** A hook that has not reported within this time fails the rollout. */
  readonly timeoutSeconds: number;
}

/** Gates of a rendered shadow phase. */
export interface RolloutPlanShadowGates {
  /** Largest allowed (shadow 5XX rate − stable 5XX rate), as a fraction. */
  readonly maxErrorRateIncrease: number;
  /** Largest allowed shadow p99 / stable p99 of ModelLatency. */
  readonly maxP99LatencyRatio: number;
  /** Shadow requests needed before the gates can be judged. */
  readonly minRequests: number;
}

/** Shadow phase of a rendered plan. */
export interface RolloutPlanShadow {
  readonly durationSeconds: number;
  readonly gates: RolloutPlanShadowGates;
}

/** A deployment strategy rendered as plain data: the `plan` of the rollout state machine's input. */
export interface RolloutPlan {
  /** For logs and status, e.g. "canary-10%-300s". */
  readonly name: string;
  readonly steps: RolloutPlanStep[];
  readonly finalBakeSeconds: number;
  readonly keepOldWarmSeconds: number;
  readonly minInvocationsPerStep: number;
  readonly maxHoldSeconds: number;
  /** 'FAIL' or 'ADVANCE'. */
  readonly onMaxHold: string;
  readonly checkIntervalSeconds: number;
  readonly shiftTimeoutSeconds: number;
  readonly hooks: RolloutPlanHooks;
  /** Present when the candidate first runs as a shadow (by replay of captured requests, at weight 0). */
  readonly shadow?: RolloutPlanShadow;
}

/** The core's limit on the number of steps (lambda/core/rollout/plan-validation.ts). */
export const MAX_PLAN_STEPS = 100;

/** Every problem of a plan, mirroring lambda/core's `planProblems` for the plans lib can render. */
export function planProblems(plan: RolloutPlan): string[] {
  const problems: string[] = [];
  const steps = plan.steps;
  if (steps.length === 0) problems.push('steps is empty; give at least one step, ending at 100 percent');
  if (steps.length > MAX_PLAN_STEPS) problems.push(`has ${steps.length} steps; at most ${MAX_PLAN_STEPS} are allowed`);
  steps.forEach((s, i) => {
    if (!(s.candidatePercent > 0 && s.candidatePercent <= 100)) {
      problems.push(`steps[${i}].percent is ${s.candidatePercent}; it must be above 0 and at most 100`);
    } else if (i > 0 && !(s.candidatePercent > steps[i - 1].candidatePercent)) {
      problems.push(`steps[${i}].percent is ${s.candidatePercent} after ${steps[i - 1].candidatePercent}; steps must increase`);
    }
  });
  const last = steps[steps.length - 1];
  if (last && last.candidatePercent !== 100) {
    problems.push(`the last step is ${last.candidatePercent}%; end with a step at 100`);
  } else if (last && last.bakeSeconds !== 0) {
    problems.push(`the last step (100%) has a bake of ${last.bakeSeconds} s; leave it out and set finalBake instead`);
  }
  if (!Number.isInteger(plan.minInvocationsPerStep) || plan.minInvocationsPerStep < 0) {
    problems.push(`minInvocationsPerStep is ${plan.minInvocationsPerStep}; use a whole number >= 0`);
  }
  if (!(plan.checkIntervalSeconds > 0)) problems.push('checkInterval must be at least 1 second');
  if (!(plan.shiftTimeoutSeconds > 0)) problems.push('shiftTimeout must be at least 1 second');
  if (!(plan.hooks.timeoutSeconds > 0)) problems.push('hookTimeout must be at least 1 second');
  if (plan.shadow) {
    const g = plan.shadow.gates;
    if (!(plan.shadow.durationSeconds > 0)) problems.push('shadowFirst duration must be at least 1 second');
    if (!(g.maxErrorRateIncrease >= 0 && g.maxErrorRateIncrease <= 1)) {
      problems.push(`gates.maxErrorRateIncrease is ${g.maxErrorRateIncrease}; use a fraction in [0, 1] (0.01 = one percentage point)`);
    }
    if (!(g.maxP99LatencyRatio >= 1)) {
      problems.push(`gates.maxP99LatencyRatio is ${g.maxP99LatencyRatio}; use a ratio >= 1 (1.2 allows a p99 20% above the stable model)`);
    }
    if (!Number.isInteger(g.minRequests) || g.minRequests < 1) {
      problems.push(`gates.minRequests is ${g.minRequests}; use a whole number >= 1`);
    }
  }
  return problems;
}
