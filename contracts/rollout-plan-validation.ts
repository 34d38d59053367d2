/**
 * Validation of a rollout plan (rollout-plan.ts): every problem named with the field, the bad value and the fix. The
 * controller validates what a START needs when it parses a plan (`planFromJson`); lib validates at synth.
 */
import {
  MAX_PLAN_STEPS, ProbePlan, RolloutPlan, RolloutStep, ShadowPhase, StatisticalGatePlan, SUB_MINUTE_METRICS_PERIODS,
} from './rollout-plan';
import { answerGateProblems } from './shadow-answers';

export class RolloutPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutPlanError';
  }
}

function isNonNegative(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

function isPositive(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

function stepProblems(steps: readonly RolloutStep[]): string[] {
  const problems: string[] = [];
  if (!Array.isArray(steps) || steps.length === 0) {
    return ['steps is empty; a plan needs at least one step, ending at candidatePercent 100'];
  }
  if (steps.length > MAX_PLAN_STEPS) problems.push(`steps has ${steps.length} entries; at most ${MAX_PLAN_STEPS} are allowed`);
  steps.forEach((step, i) => {
    const p = step?.candidatePercent;
    if (!isPositive(p) || p > 100) {
      problems.push(`steps[${i}].candidatePercent is ${p}; it must be > 0 and <= 100`);
    } else if (i > 0 && !(p > steps[i - 1].candidatePercent)) {
      problems.push(`steps[${i}].candidatePercent is ${p} after ${steps[i - 1].candidatePercent}; ` +
        'steps must be strictly increasing');
    }
    if (!isNonNegative(step?.bakeSeconds)) problems.push(`steps[${i}].bakeSeconds is ${step?.bakeSeconds}; it must be >= 0`);
  });
  const last = steps[steps.length - 1];
  if (last?.candidatePercent !== 100) {
    problems.push(`the last step is ${last?.candidatePercent}%; a plan must end at candidatePercent 100`);
  } else if (last.bakeSeconds !== 0) {
    problems.push(`steps[${steps.length - 1}].bakeSeconds is ${last.bakeSeconds}; the bake at 100% is ` +
      `finalBakeSeconds, so set bakeSeconds 0 and finalBakeSeconds ${last.bakeSeconds}`);
  }
  return problems;
}

function shadowProblems(shadow: ShadowPhase): string[] {
  const problems: string[] = [];
  const { durationSeconds, gates } = shadow;
  if (!isPositive(durationSeconds)) problems.push(`shadow.durationSeconds is ${durationSeconds}; it must be > 0`);
  if (!gates || typeof gates !== 'object') return [...problems, 'shadow.gates is missing'];
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
  problems.push(...answerGateProblems(gates, shadow.answers));
  return problems;
}

function probeProblems(probe: ProbePlan): string[] {
  if (!probe || typeof probe !== 'object') return ['probe is not an object; omit it to turn the probe off'];
  const problems: string[] = [];
  for (const k of ['requestsPerCheck', 'maxRequestsPerBake'] as const) {
    if (!isPositive(probe[k]) || !Number.isInteger(probe[k])) problems.push(`probe.${k} is ${probe[k]}; it must be a whole number >= 1`);
  }
  const fraction = (v: unknown) => isPositive(v) && v < 1;
  if (!fraction(probe.maxErrorRate)) {
    problems.push(`probe.maxErrorRate is ${probe.maxErrorRate}; it is a fraction in (0, 1) (0.05 = 5% of probes)`);
  }
  if (!fraction(probe.acceptableErrorRate)) {
    problems.push(`probe.acceptableErrorRate is ${probe.acceptableErrorRate}; it is a fraction in (0, 1) (0.01 = 1% of probes)`);
  } else if (fraction(probe.maxErrorRate) && !(probe.acceptableErrorRate < probe.maxErrorRate)) {
    problems.push(`probe.acceptableErrorRate is ${probe.acceptableErrorRate}, not below probe.maxErrorRate ` +
      `${probe.maxErrorRate}; the probe tells the two apart, so lower acceptableErrorRate or raise maxErrorRate`);
  }
  if (!fraction(probe.alpha) || probe.alpha > 0.5) {
    problems.push(`probe.alpha is ${probe.alpha}; it is a probability in (0, 0.5] (0.01 = one false rollback in 100 good rollouts at most)`);
  }
  return problems;
}

function gateProblems(g: StatisticalGatePlan): string[] {
  if (!g || typeof g !== 'object') return ['statisticalGate is not an object; omit it to turn the gate off'];
  const problems: string[] = [];
  if (!isPositive(g.alpha) || g.alpha > 0.5) problems.push(`statisticalGate.alpha is ${g.alpha}; it is a probability in (0, 0.5]`);
  if (!isNonNegative(g.max5xxIncrease) || g.max5xxIncrease >= 1) {
    problems.push(`statisticalGate.max5xxIncrease is ${g.max5xxIncrease}; it is a fraction in [0, 1) (0.01 = one percentage point)`);
  }
  if (!isPositive(g.minRequests) || !Number.isInteger(g.minRequests)) {
    problems.push(`statisticalGate.minRequests is ${g.minRequests}; it must be a whole number >= 1`);
  }
  if (g.maxLatencyIncreaseMs !== undefined && !isNonNegative(g.maxLatencyIncreaseMs)) {
    problems.push(`statisticalGate.maxLatencyIncreaseMs is ${g.maxLatencyIncreaseMs}; it must be a number of milliseconds >= 0 ` +
      '(omit it to leave latency out of the gate)');
  }
  return problems;
}

/** Every problem in the plan, empty when it is valid. */
export function planProblems(plan: RolloutPlan): string[] {
  const problems = stepProblems(plan.steps);
  const seconds: Array<[string, unknown]> = [
    ['finalBakeSeconds', plan.finalBakeSeconds],
    ['keepOldWarmSeconds', plan.keepOldWarmSeconds],
    ['maxHoldSeconds', plan.maxHoldSeconds],
  ];
  for (const [name, v] of seconds) if (!isNonNegative(v)) problems.push(`${name} is ${v}; it must be >= 0`);
  if (!isPositive(plan.checkIntervalSeconds)) problems.push(`checkIntervalSeconds is ${plan.checkIntervalSeconds}; it must be > 0`);
  if (!isPositive(plan.shiftTimeoutSeconds)) problems.push(`shiftTimeoutSeconds is ${plan.shiftTimeoutSeconds}; it must be > 0`);
  if (!isNonNegative(plan.minInvocationsPerStep) || !Number.isInteger(plan.minInvocationsPerStep)) {
    problems.push(`minInvocationsPerStep is ${plan.minInvocationsPerStep}; it must be a whole number >= 0`);
  }
  if (plan.onMaxHold !== 'FAIL' && plan.onMaxHold !== 'ADVANCE') {
    problems.push(`onMaxHold is ${JSON.stringify(plan.onMaxHold)}; use 'FAIL' or 'ADVANCE'`);
  }
  if (!plan.hooks || typeof plan.hooks !== 'object') {
    problems.push('hooks is missing; use { preTraffic: false, postTraffic: false, timeoutSeconds: 600 }');
  } else if (!isPositive(plan.hooks.timeoutSeconds)) {
    problems.push(`hooks.timeoutSeconds is ${plan.hooks.timeoutSeconds}; it must be > 0`);
  }
  if (plan.shadow !== undefined) problems.push(...shadowProblems(plan.shadow));
  if (plan.probe !== undefined) problems.push(...probeProblems(plan.probe));
  if (plan.statisticalGate !== undefined) problems.push(...gateProblems(plan.statisticalGate));
  const idle = plan.idleSlotInstanceCount;
  if (idle !== undefined && !(isPositive(idle) && Number.isInteger(idle))) {
    problems.push(`idleSlotInstanceCount is ${idle}; it must be a whole number >= 1 (an instance-based variant cannot ` +
      'scale to 0 instances; only endpoints with inference components can)');
  }
  if (plan.metricsPeriodSeconds !== undefined && !SUB_MINUTE_METRICS_PERIODS.includes(plan.metricsPeriodSeconds)) {
    problems.push(`metricsPeriodSeconds is ${plan.metricsPeriodSeconds}; use ${SUB_MINUTE_METRICS_PERIODS.join(' or ')} ` +
      '(the endpoint\'s sub-minute publish interval), or omit it for one-minute data');
  }
  return problems;
}

/** Returns the plan unchanged, or throws a RolloutPlanError listing every problem. */
export function validatePlan<T extends RolloutPlan>(plan: T): T {
  const problems = planProblems(plan);
  if (problems.length > 0) throw new RolloutPlanError(`Invalid rollout plan '${plan.name}': ${problems.join('; ')}`);
  return plan;
}

/** Parses a plan from JSON (the state machine input or the trigger's `Plan` property) and validates it. */
export function planFromJson(value: unknown): RolloutPlan {
  let v: unknown = value;
  if (typeof value === 'string') {
    try {
      v = JSON.parse(value);
    } catch (e) {
      throw new RolloutPlanError(`a rollout plan must be JSON: ${(e as Error).message}`);
    }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw new RolloutPlanError(`a rollout plan must be a JSON object, got ${JSON.stringify(v)}`);
  }
  const plan = v as RolloutPlan;
  if (typeof plan.name !== 'string') throw new RolloutPlanError('rollout plan has no "name" string');
  return validatePlan(plan);
}
