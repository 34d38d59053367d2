/**
 * The builders of rollout plans, once: lib/rollout's DeploymentStrategy (after converting its Durations to seconds),
 * the CLI, the simulator and the tests all make their plans here, so a preset means the same plan everywhere.
 * Errors name the builder and its arguments as the caller calls them (`names`): DeploymentStrategy says
 * `DeploymentStrategy.canary: percentage is 0`, the CLI `canary: percent is 0`.
 */
import {
  MAX_PLAN_STEPS, MaxHoldAction, PLAN_DEFAULTS, ProbePlan, RolloutHooks, RolloutPlan, RolloutStep, ShadowGates, StatisticalGatePlan,
} from './rollout-plan';
import { RolloutPlanError, validatePlan } from './rollout-plan-validation';
import { PROBE_DEFAULTS } from './rollout-probe';
import type { AnswerFormatPlan } from './shadow-answers';

/** Knobs shared by every builder (seconds, counts and fractions; lib converts its Durations before). */
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
   * The bake probe: fields not given take PROBE_DEFAULTS; `false` turns it off.
   * @default PROBE_DEFAULTS
   */
  readonly probe?: Partial<ProbePlan> | false;
  /** A sequential comparison with stable. @default none */
  readonly statisticalGate?: StatisticalGatePlan;
  /** Instances the idle slot keeps once a rollout is over (RolloutPlan.idleSlotInstanceCount). @default not scaled */
  readonly idleSlotInstanceCount?: number;
}

/** How a builder's errors name it and its percentage argument. */
export interface BuilderNames {
  /** @default the builder's own name, e.g. 'canary' */
  readonly builder?: string;
  /** @default 'percent' */
  readonly percent?: string;
}

/** Gates of a shadow run that the caller does not set (DeploymentStrategy.shadowFirst, the CLI's shadow strategies). */
export const SHADOW_GATE_DEFAULTS: ShadowGates = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 };

/** A probe plan with every field given or defaulted (PROBE_DEFAULTS). */
export function probePlan(options: Partial<ProbePlan> = {}): ProbePlan {
  return { ...PROBE_DEFAULTS, ...options };
}

function build(name: string, steps: RolloutStep[], options: PlanOptions, builder: string): RolloutPlan {
  if (options.statisticalGate !== undefined && steps.every((s) => s.candidatePercent === 100)) {
    throw new RolloutPlanError(`${builder}: statisticalGate is set, but every step sends all traffic to the candidate, so ` +
      'stable serves nothing to compare with. Use it with a canary, linear or steps strategy, or remove statisticalGate.');
  }
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
    ...(options.idleSlotInstanceCount !== undefined ? { idleSlotInstanceCount: options.idleSlotInstanceCount } : {}),
  };
  return validatePlan(plan);
}

function requirePercent(builder: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0 || value >= 100) {
    throw new RolloutPlanError(`${builder}: ${name} is ${value}; use a percentage above 0 and below 100` +
      (value >= 100 ? ' (to move all traffic in one step use allAtOnce() or blueGreen())' : ''));
  }
}

function requireSeconds(builder: string, name: string, value: number, min = 0): void {
  if (!Number.isFinite(value) || value < min) {
    throw new RolloutPlanError(`${builder}: ${name} is ${value}; use a number of seconds of at least ${min}`);
  }
}

/** All traffic to the candidate in one step; promoted as soon as the final bake (default 0) passes. */
export function allAtOnce(options: PlanOptions = {}, names: BuilderNames = {}): RolloutPlan {
  return build('all-at-once', [{ candidatePercent: 100, bakeSeconds: 0 }], options, names.builder ?? 'allAtOnce');
}

/** `percent` of traffic for `bakeSeconds`, then the rest (CodeDeploy's Canary10Percent5Minutes is canary(10, 300)). */
export function canary(percent: number, bakeSeconds: number, options: PlanOptions = {}, names: BuilderNames = {}): RolloutPlan {
  const builder = names.builder ?? 'canary';
  requirePercent(builder, names.percent ?? 'percent', percent);
  requireSeconds(builder, 'bakeSeconds', bakeSeconds, 1);
  return build(`canary-${percent}%-${bakeSeconds}s`, [
    { candidatePercent: percent, bakeSeconds },
    { candidatePercent: 100, bakeSeconds: 0 },
  ], options, builder);
}

/**
 * `stepPercent` more traffic every `intervalSeconds` until 100%. The step must divide 100 (a last step of another
 * size would be a surprise), and make at most MAX_PLAN_STEPS steps.
 */
export function linear(stepPercent: number, intervalSeconds: number, options: PlanOptions = {}, names: BuilderNames = {}): RolloutPlan {
  const builder = names.builder ?? 'linear';
  const prop = names.percent ?? 'percent';
  requirePercent(builder, prop, stepPercent);
  requireSeconds(builder, 'intervalSeconds', intervalSeconds, 1);
  // Millionths, so 12.5 or 0.5 steps add up without floating-point drift.
  const unit = Math.round(stepPercent * 1e6);
  if (100e6 % unit !== 0) {
    throw new RolloutPlanError(`${builder}: ${prop} is ${stepPercent}, which does not divide 100 (the last step would be ` +
      `${(100e6 % unit) / 1e6}%); use a divisor of 100 such as 5, 10, 20, 25 or 50, or list the steps with ` +
      'DeploymentStrategy.steps([...]) (customSteps).');
  }
  if (100e6 / unit > MAX_PLAN_STEPS) {
    throw new RolloutPlanError(`${builder}: ${prop} ${stepPercent} makes ${100e6 / unit} steps; at most ` +
      `${MAX_PLAN_STEPS} are allowed. Use a ${prop} of at least ${100 / MAX_PLAN_STEPS}.`);
  }
  const steps: RolloutStep[] = [];
  for (let p = unit; p < 100e6; p += unit) steps.push({ candidatePercent: p / 1e6, bakeSeconds: intervalSeconds });
  steps.push({ candidatePercent: 100, bakeSeconds: 0 });
  return build(`linear-${stepPercent}%-every-${intervalSeconds}s`, steps, options, builder);
}

/** All traffic to the new slot, watched for `bakeSeconds`; after promotion its alarms still switch back for `keepOldWarmSeconds`. */
export function blueGreen(bakeSeconds: number, keepOldWarmSeconds: number, options: PlanOptions = {}, names: BuilderNames = {}): RolloutPlan {
  const builder = names.builder ?? 'blueGreen';
  requireSeconds(builder, 'bakeSeconds', bakeSeconds);
  requireSeconds(builder, 'keepOldWarmSeconds', keepOldWarmSeconds);
  return build(`blue-green-bake-${bakeSeconds}s-warm-${keepOldWarmSeconds}s`, [{ candidatePercent: 100, bakeSeconds: 0 }],
    { ...options, finalBakeSeconds: bakeSeconds, keepOldWarmSeconds }, builder);
}

/** Explicit steps, e.g. 1% → 5% → 25% → 100%. The last must be 100 with bakeSeconds 0 (its bake is finalBakeSeconds). */
export function customSteps(steps: readonly RolloutStep[], options: PlanOptions = {}, names: BuilderNames = {}): RolloutPlan {
  const name = `steps-${steps.map((s) => s.candidatePercent).join('-')}`;
  return build(name, steps.map((s) => ({ candidatePercent: s.candidatePercent, bakeSeconds: s.bakeSeconds })), options,
    names.builder ?? 'customSteps');
}

/**
 * Run the candidate as a shadow for `durationSeconds` and judge it by `gates`, then roll out with `then`. `answers`
 * says how answers are read for the answer gates (default: the first value as a class label).
 */
export function shadowFirst(durationSeconds: number, gates: ShadowGates, then: RolloutPlan, answers?: AnswerFormatPlan,
  names: BuilderNames = {}): RolloutPlan {
  const builder = names.builder ?? 'shadowFirst';
  if (then.shadow) {
    throw new RolloutPlanError(`${builder}: then is '${then.name}', which already starts with a shadow run; a rollout has ` +
      'one shadow phase. Pass the plan without its shadow run as `then`.');
  }
  return validatePlan({ ...then, name: `shadow-${durationSeconds}s-then-${then.name}`,
    shadow: { durationSeconds, gates, ...(answers ? { answers } : {}) } });
}
