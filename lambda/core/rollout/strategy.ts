/**
 * Builders of rollout plans (contracts/rollout-plan.ts) for the simulator, the CLI and the tests; lib/rollout's
 * DeploymentStrategy renders the same plans at synth.
 */
import {
  MaxHoldAction, PLAN_DEFAULTS, ProbePlan, RolloutHooks, StatisticalGatePlan, RolloutPlan, RolloutPlanError, RolloutStep, ShadowGates, validatePlan,
} from '../../../contracts/rollout-plan';
import type { AnswerFormatPlan } from '../../../contracts/shadow-answers';
import { probePlan } from './probe';

export type { MaxHoldAction, ProbePlan, RolloutHooks, RolloutPlan, RolloutStep, ShadowGates, ShadowPhase } from '../../../contracts/rollout-plan';

/** Knobs shared by every builder. */
export interface PlanOptions {
  /** @default 0 (except blueGreen, where it is the bake) */
  readonly finalBakeSeconds?: number;
  /** @default 0 (except blueGreen) */
  readonly keepOldWarmSeconds?: number;
  /** @default 30 — a handful of requests says little about an error rate. */
  readonly minInvocationsPerStep?: number;
  /** @default 900 */
  readonly maxHoldSeconds?: number;
  /** @default 'FAIL' — an unjudged candidate is never promoted silently. */
  readonly onMaxHold?: MaxHoldAction;
  /** @default 10 */
  readonly checkIntervalSeconds?: number;
  /** @default 300 — UpdateEndpointWeightsAndCapacities normally settles in well under a minute. */
  readonly shiftTimeoutSeconds?: number;
  /** @default no hooks, timeout 600 s */
  readonly hooks?: Partial<RolloutHooks>;
  /** Overrides the generated name. */
  readonly name?: string;
  /**
   * The bake probe (probe.ts): fields not given take PROBE_DEFAULTS; `false` turns it off.
   * @default PROBE_DEFAULTS
   */
  readonly probe?: Partial<ProbePlan> | false;
  /** A sequential comparison with stable (statistical-gate.ts). @default none */
  readonly statisticalGate?: StatisticalGatePlan;
}


function build(name: string, steps: RolloutStep[], options: PlanOptions = {}): RolloutPlan {
  const plan: RolloutPlan = {
    name: options.name ?? name,
    steps,
    finalBakeSeconds: options.finalBakeSeconds ?? PLAN_DEFAULTS.finalBakeSeconds,
    keepOldWarmSeconds: options.keepOldWarmSeconds ?? PLAN_DEFAULTS.keepOldWarmSeconds,
    minInvocationsPerStep: options.minInvocationsPerStep ?? PLAN_DEFAULTS.minInvocationsPerStep,
    maxHoldSeconds: options.maxHoldSeconds ?? PLAN_DEFAULTS.maxHoldSeconds,
    onMaxHold: options.onMaxHold ?? PLAN_DEFAULTS.onMaxHold,
    checkIntervalSeconds: options.checkIntervalSeconds ?? PLAN_DEFAULTS.checkIntervalSeconds,
    shiftTimeoutSeconds: options.shiftTimeoutSeconds ?? PLAN_DEFAULTS.shiftTimeoutSeconds,
    hooks: {
      preTraffic: options.hooks?.preTraffic ?? false,
      postTraffic: options.hooks?.postTraffic ?? false,
      timeoutSeconds: options.hooks?.timeoutSeconds ?? PLAN_DEFAULTS.hookTimeoutSeconds,
    },
    ...(options.probe === false ? {} : { probe: probePlan(options.probe) }),
    ...(options.statisticalGate ? { statisticalGate: options.statisticalGate } : {}),
  };
  return validatePlan(plan);
}

function requirePercent(what: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0 || value >= 100) {
    throw new RolloutPlanError(`${what} must be greater than 0 and less than 100, got ${value}` +
      (value === 100 ? ' (use allAtOnce() or blueGreen() to move all traffic in one step)' : ''));
  }
}

function requireSeconds(what: string, value: number, min = 0): void {
  if (!Number.isFinite(value) || value < min) {
    throw new RolloutPlanError(`${what} must be a number of seconds >= ${min}, got ${value}`);
  }
}

/** All traffic to the candidate in one step; promoted as soon as the final bake (default 0) passes. */
export function allAtOnce(options?: PlanOptions): RolloutPlan {
  return build('all-at-once', [{ candidatePercent: 100, bakeSeconds: 0 }], options);
}

/** `percent` of traffic for `bakeSeconds`, then the rest (CodeDeploy's Canary10Percent5Minutes is canary(10, 300)). */
export function canary(percent: number, bakeSeconds: number, options?: PlanOptions): RolloutPlan {
  requirePercent('canary percent', percent);
  requireSeconds('canary bake', bakeSeconds, 1);
  return build(`canary-${percent}%-${bakeSeconds}s`, [
    { candidatePercent: percent, bakeSeconds },
    { candidatePercent: 100, bakeSeconds: 0 },
  ], options);
}

/** `stepPercent` more traffic every `intervalSeconds` until 100% (the last step is capped at 100). */
export function linear(stepPercent: number, intervalSeconds: number, options?: PlanOptions): RolloutPlan {
  requirePercent('linear step percent', stepPercent);
  requireSeconds('linear interval', intervalSeconds, 1);
  const steps: RolloutStep[] = [];
  // Integer arithmetic in millionths avoids 0.1 + 0.2 style drift on fractional steps.
  const unit = Math.round(stepPercent * 1e6);
  for (let p = unit; p < 100e6; p += unit) steps.push({ candidatePercent: p / 1e6, bakeSeconds: intervalSeconds });
  steps.push({ candidatePercent: 100, bakeSeconds: 0 });
  return build(`linear-${stepPercent}%-every-${intervalSeconds}s`, steps, options);
}

/**
 * All traffic to the new fleet, bake, then keep the old fleet warm so a late alarm can still switch back at once.
 */
export function blueGreen(bakeSeconds: number, keepOldWarmSeconds: number, options?: PlanOptions): RolloutPlan {
  requireSeconds('blue/green bake', bakeSeconds);
  requireSeconds('blue/green keepOldFleetWarm', keepOldWarmSeconds);
  return build(`blue-green-bake-${bakeSeconds}s-warm-${keepOldWarmSeconds}s`,
    [{ candidatePercent: 100, bakeSeconds: 0 }],
    { ...options, finalBakeSeconds: bakeSeconds, keepOldWarmSeconds });
}

/** Explicit steps, e.g. 1% → 5% → 25% → 100%. The last must be 100 with bakeSeconds 0. */
export function customSteps(steps: readonly RolloutStep[], options?: PlanOptions): RolloutPlan {
  const name = `steps-${steps.map((s) => s.candidatePercent).join('-')}`;
  return build(name, steps.map((s) => ({ candidatePercent: s.candidatePercent, bakeSeconds: s.bakeSeconds })), options);
}

/**
 * Run the candidate as a shadow for `durationSeconds` and judge it by `gates`, then roll out with `then`. `answers`
 * says how answers are read for the answer gates (default: the first value as a class label).
 */
export function shadowFirst(durationSeconds: number, gates: ShadowGates, then: RolloutPlan, answers?: AnswerFormatPlan): RolloutPlan {
  if (then.shadow) throw new RolloutPlanError(`shadowFirst: plan '${then.name}' already has a shadow phase`);
  return validatePlan({ ...then, name: `shadow-${durationSeconds}s-then-${then.name}`,
    shadow: { durationSeconds, gates, ...(answers ? { answers } : {}) } });
}
