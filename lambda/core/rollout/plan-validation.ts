/**
 * Validation of a RolloutPlan. Run by every builder and by `planFromJson`, so a plan that reaches the policy
 * (from CDK or from a JSON state machine input) is always well-formed. Errors name the field, the bad value
 * and the fix.
 */
import type { RolloutPlan } from './strategy';

export class RolloutPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutPlanError';
  }
}

const MAX_STEPS = 100;

function isNonNegative(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

function isPositive(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

/** Every problem in the plan, empty when it is valid. */
export function planProblems(plan: RolloutPlan): string[] {
  const problems: string[] = [];
  const steps = plan.steps;
  if (!Array.isArray(steps) || steps.length === 0) {
    problems.push('steps is empty; a plan needs at least one step, ending at candidatePercent 100');
  } else {
    if (steps.length > MAX_STEPS) problems.push(`steps has ${steps.length} entries; at most ${MAX_STEPS} are allowed`);
    steps.forEach((step, i) => {
      const p = step.candidatePercent;
      if (!isPositive(p) || p > 100) {
        problems.push(`steps[${i}].candidatePercent is ${p}; it must be > 0 and <= 100`);
      } else if (i > 0 && !(p > steps[i - 1].candidatePercent)) {
        problems.push(`steps[${i}].candidatePercent is ${p} after ${steps[i - 1].candidatePercent}; ` +
          'steps must be strictly increasing');
      }
      if (!isNonNegative(step.bakeSeconds)) {
        problems.push(`steps[${i}].bakeSeconds is ${step.bakeSeconds}; it must be >= 0`);
      }
    });
    const last = steps[steps.length - 1];
    if (last.candidatePercent !== 100) {
      problems.push(`the last step is ${last.candidatePercent}%; a plan must end at candidatePercent 100`);
    } else if (last.bakeSeconds !== 0) {
      problems.push(`steps[${steps.length - 1}].bakeSeconds is ${last.bakeSeconds}; the bake at 100% is ` +
        `finalBakeSeconds, so set bakeSeconds 0 and finalBakeSeconds ${last.bakeSeconds}`);
    }
  }
  const seconds: Array<[string, unknown]> = [
    ['finalBakeSeconds', plan.finalBakeSeconds],
    ['keepOldWarmSeconds', plan.keepOldWarmSeconds],
    ['maxHoldSeconds', plan.maxHoldSeconds],
  ];
  for (const [name, v] of seconds) if (!isNonNegative(v)) problems.push(`${name} is ${v}; it must be >= 0`);
  if (!isPositive(plan.checkIntervalSeconds)) {
    problems.push(`checkIntervalSeconds is ${plan.checkIntervalSeconds}; it must be > 0`);
  }
  if (!isPositive(plan.shiftTimeoutSeconds)) {
    problems.push(`shiftTimeoutSeconds is ${plan.shiftTimeoutSeconds}; it must be > 0`);
  }
  if (!isNonNegative(plan.minInvocationsPerStep) || !Number.isInteger(plan.minInvocationsPerStep)) {
    problems.push(`minInvocationsPerStep is ${plan.minInvocationsPerStep}; it must be a whole number >= 0`);
  }
  if (plan.onMaxHold !== 'FAIL' && plan.onMaxHold !== 'ADVANCE') {
    problems.push(`onMaxHold is ${JSON.stringify(plan.onMaxHold)}; use 'FAIL' or 'ADVANCE'`);
  }
  if (!plan.hooks || typeof plan.hooks !== 'object') {
    problems.push('hooks is missing; use { preTraffic: false, postTraffic: false, timeoutSeconds: 3600 }');
  } else if (!isPositive(plan.hooks.timeoutSeconds)) {
    problems.push(`hooks.timeoutSeconds is ${plan.hooks.timeoutSeconds}; it must be > 0`);
  }
  if (plan.shadow !== undefined) {
    const { durationSeconds, gates } = plan.shadow;
    if (!isPositive(durationSeconds)) problems.push(`shadow.durationSeconds is ${durationSeconds}; it must be > 0`);
    if (!gates || typeof gates !== 'object') {
      problems.push('shadow.gates is missing');
    } else {
      if (!isNonNegative(gates.maxErrorRateIncrease) || gates.maxErrorRateIncrease > 1) {
        problems.push(`shadow.gates.maxErrorRateIncrease is ${gates.maxErrorRateIncrease}; it is a fraction in ` +
          '[0, 1] (0.01 = one percentage point)');
      }
      if (typeof gates.maxP99LatencyRatio !== 'number' || !(gates.maxP99LatencyRatio >= 1)) {
        problems.push(`shadow.gates.maxP99LatencyRatio is ${gates.maxP99LatencyRatio}; it must be >= 1 ` +
          '(1.2 allows a p99 20% above the stable model)');
      }
      if (!isPositive(gates.minRequests) || !Number.isInteger(gates.minRequests)) {
        problems.push(`shadow.gates.minRequests is ${gates.minRequests}; it must be a whole number >= 1`);
      }
    }
  }
  return problems;
}

/** Returns the plan unchanged, or throws a RolloutPlanError listing every problem. */
export function validatePlan(plan: RolloutPlan): RolloutPlan {
  const problems = planProblems(plan);
  if (problems.length > 0) {
    throw new RolloutPlanError(`Invalid rollout plan '${plan.name}': ${problems.join('; ')}`);
  }
  return plan;
}

/** Parses a plan from JSON (the state machine input) and validates it. */
export function planFromJson(value: unknown): RolloutPlan {
  const v = typeof value === 'string' ? JSON.parse(value) as unknown : value;
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw new RolloutPlanError(`a rollout plan must be a JSON object, got ${JSON.stringify(v)}`);
  }
  const plan = v as RolloutPlan;
  if (typeof plan.name !== 'string') throw new RolloutPlanError('rollout plan has no "name" string');
  return validatePlan(plan);
}
