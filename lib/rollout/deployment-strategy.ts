import { Duration } from 'aws-cdk-lib';
import { MAX_PLAN_STEPS, PLAN_DEFAULTS, planProblems, RolloutPlan, RolloutStep } from '../../contracts/rollout-plan';
import {
  BlueGreenStrategyProps, CanaryStrategyProps, LinearStrategyProps, MaxHoldAction, ShadowFirstStrategyProps, StrategyOptions, TrafficStep,
} from './deployment-strategy-props';
import { renderProbe } from './private/probe';
import { renderStatisticalGate } from './private/statistical-gate';
import { answerGates } from './private/shadow-gates';
import { literalPlanNumber } from './private/validate-rollout';

const DEFAULTS = PLAN_DEFAULTS;

/**
 * How a variant-level rollout moves traffic from the stable variant to the candidate, CodeDeploy style: all at
 * once, canary, linear, blue/green with a bake and a watch after promotion, explicit steps, or a shadow run first.
 * Every step is watched by alarms scoped to the candidate; one firing puts all traffic back on the stable variant.
 */
export class DeploymentStrategy {
  /** All traffic to the candidate at once; promoted at once. */
  public static readonly ALL_AT_ONCE = DeploymentStrategy.allAtOnce();
  /** 10% for 5 minutes, then all. */
  public static readonly CANARY_10PERCENT_5MINUTES = DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5) });
  /** 10% for 10 minutes, then all. */
  public static readonly CANARY_10PERCENT_10MINUTES = DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(10) });
  /** 10% for 15 minutes, then all. */
  public static readonly CANARY_10PERCENT_15MINUTES = DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(15) });
  /** 10% for 30 minutes, then all. */
  public static readonly CANARY_10PERCENT_30MINUTES = DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(30) });
  /** 10% more every minute (10 minutes in all). */
  public static readonly LINEAR_10PERCENT_EVERY_1MINUTE = DeploymentStrategy.linear({ percentage: 10, interval: Duration.minutes(1) });
  /** 10% more every 2 minutes. */
  public static readonly LINEAR_10PERCENT_EVERY_2MINUTES = DeploymentStrategy.linear({ percentage: 10, interval: Duration.minutes(2) });
  /** 10% more every 3 minutes. */
  public static readonly LINEAR_10PERCENT_EVERY_3MINUTES = DeploymentStrategy.linear({ percentage: 10, interval: Duration.minutes(3) });
  /** 10% more every 10 minutes (90 minutes until 100%: longer than a `cdk deploy` can wait, start it with the CLI). */
  public static readonly LINEAR_10PERCENT_EVERY_10MINUTES = DeploymentStrategy.linear({ percentage: 10, interval: Duration.minutes(10) });

  /** All traffic to the candidate in one step. */
  public static allAtOnce(options: StrategyOptions = {}): DeploymentStrategy {
    return DeploymentStrategy.build('all-at-once', [{ candidatePercent: 100, bakeSeconds: 0 }], options);
  }

  /** `percentage` of traffic, judged for at least `interval`, then the rest. */
  public static canary(props: CanaryStrategyProps): DeploymentStrategy {
    const percent = required('canary', 'percentage', props.percentage, 'percentage: 10');
    requirePercent('canary', 'percentage', percent);
    const bake = seconds('canary', 'interval', required('canary', 'interval', props.interval, 'interval: Duration.minutes(5)'), 1);
    return DeploymentStrategy.build(`canary-${percent}%-${bake}s`, [
      { candidatePercent: percent, bakeSeconds: bake },
      { candidatePercent: 100, bakeSeconds: 0 },
    ], props);
  }

  /** `percentage` more traffic every `interval` (each step judged) until 100%. */
  public static linear(props: LinearStrategyProps): DeploymentStrategy {
    const step = { prop: 'percentage', value: required('linear', 'percentage', props.percentage, 'percentage: 10') };
    requirePercent('linear', step.prop, step.value);
    const interval = seconds('linear', 'interval', required('linear', 'interval', props.interval, 'interval: Duration.minutes(1)'), 1);
    // Millionths, as lambda/core does, so 12.5 or 0.5 steps add up without floating-point drift.
    const unit = Math.round(step.value * 1e6);
    if (100e6 % unit !== 0) {
      throw new Error(`DeploymentStrategy.linear: ${step.prop} is ${step.value}, which does not divide 100 (the last step ` +
        `would be ${(100e6 % unit) / 1e6}%); use a divisor of 100 such as 5, 10, 20, 25 or 50, or list the steps with DeploymentStrategy.steps([...]).`);
    }
    if (100e6 / unit > MAX_PLAN_STEPS) {
      throw new Error(`DeploymentStrategy.linear: ${step.prop} ${step.value} makes ${100e6 / unit} steps; at most ` +
        `${MAX_PLAN_STEPS} are allowed. Use a ${step.prop} of at least ${100 / MAX_PLAN_STEPS}.`);
    }
    const steps: RolloutStep[] = [];
    for (let p = unit; p < 100e6; p += unit) steps.push({ candidatePercent: p / 1e6, bakeSeconds: interval });
    steps.push({ candidatePercent: 100, bakeSeconds: 0 });
    return DeploymentStrategy.build(`linear-${step.value}%-every-${interval}s`, steps, props);
  }

  /**
   * All traffic to the new slot, watched for `bake`; after promotion its alarms still switch back to the previous slot
   * during `postPromotionWatch`.
   */
  public static blueGreen(props: BlueGreenStrategyProps): DeploymentStrategy {
    if (props.finalBake !== undefined) {
      throw new Error('DeploymentStrategy.blueGreen: finalBake is set; a blue/green bake is its `bake` prop. Remove finalBake.');
    }
    const bake = seconds('blueGreen', 'bake', props.bake, 0);
    // postPromotionWatch is inherited (optional) from StrategyOptions: jsii forbids redeclaring it as required.
    const watch = watchSeconds('blueGreen', props);
    const watchFor = Duration.seconds(watch);
    return DeploymentStrategy.build(`blue-green-bake-${bake}s-warm-${watch}s`, [{ candidatePercent: 100, bakeSeconds: 0 }],
      { ...props, finalBake: props.bake, postPromotionWatch: watchFor });
  }

  /** Explicit steps, e.g. 1% → 5% → 25% → 100%. The last step is 100% (its bake is `finalBake`). */
  public static steps(steps: TrafficStep[], options: StrategyOptions = {}): DeploymentStrategy {
    const rendered = steps.map((s, i) => {
      literalPlanNumber('steps', `steps[${i}].percent`, s.percent);
      if (!Number.isFinite(s.percent)) throw new Error(`DeploymentStrategy.steps: steps[${i}].percent is ${s.percent}; use a number above 0 and at most 100.`);
      return { candidatePercent: s.percent, bakeSeconds: s.bake ? seconds('steps', `steps[${i}].bake`, s.bake, 0) : 0 };
    });
    return DeploymentStrategy.build(`steps-${rendered.map((s) => s.candidatePercent).join('-')}`, rendered, options);
  }

  /**
   * The candidate first runs as a shadow for `duration` (at weight 0, sent replayed requests from the endpoint's Data
   * Capture) and is judged by `gates`; then `then` moves user traffic. The endpoint needs `dataCapture` of inputs.
   */
  public static shadowFirst(props: ShadowFirstStrategyProps): DeploymentStrategy {
    const then = props.then.plan;
    if (then.shadow) {
      throw new Error(`DeploymentStrategy.shadowFirst: then is '${then.name}', which already starts with a shadow run; ` +
        'a rollout has one shadow phase. Pass the strategy without shadowFirst as `then`.');
    }
    const duration = seconds('shadowFirst', 'duration', props.duration, 1);
    literalPlanNumber('shadowFirst', 'gates.maxErrorRateIncrease', props.gates?.maxErrorRateIncrease);
    literalPlanNumber('shadowFirst', 'gates.maxP99LatencyRatio', props.gates?.maxP99LatencyRatio);
    literalPlanNumber('shadowFirst', 'gates.minRequests', props.gates?.minRequests);
    const gates = {
      maxErrorRateIncrease: props.gates?.maxErrorRateIncrease ?? 0.01,
      maxP99LatencyRatio: props.gates?.maxP99LatencyRatio ?? 1.2,
      minRequests: props.gates?.minRequests ?? 100,
      ...answerGates(props),
    };
    return new DeploymentStrategy({ ...then, name: `shadow-${duration}s-then-${then.name}`,
      shadow: { durationSeconds: duration, gates, ...optional('answers', props.answers?._toPlan()) } });
  }

  private static build(name: string, steps: RolloutStep[], o: StrategyOptions): DeploymentStrategy {
    if (o.statisticalGate !== undefined && steps.every((s) => s.candidatePercent === 100)) {
      throw new Error(`DeploymentStrategy '${name}': statisticalGate is set, but every step sends all traffic to the candidate, so ` +
        'stable serves nothing to compare with. Use it with a canary, linear or steps strategy, or remove statisticalGate.');
    }
    const min = o.minInvocationsPerStep ?? DEFAULTS.minInvocationsPerStep;
    literalPlanNumber(name, 'minInvocationsPerStep', min);
    return new DeploymentStrategy({
      name: o.name ?? name,
      steps,
      finalBakeSeconds: o.finalBake ? seconds(name, 'finalBake', o.finalBake, 0) : 0,
      keepOldWarmSeconds: watchSeconds(name, o),
      minInvocationsPerStep: min,
      maxHoldSeconds: o.maxHold ? seconds(name, 'maxHold', o.maxHold, 0) : DEFAULTS.maxHoldSeconds,
      onMaxHold: o.onMaxHold ?? MaxHoldAction.FAIL,
      checkIntervalSeconds: o.checkInterval ? seconds(name, 'checkInterval', o.checkInterval, 1) : DEFAULTS.checkIntervalSeconds,
      shiftTimeoutSeconds: o.shiftTimeout ? seconds(name, 'shiftTimeout', o.shiftTimeout, 1) : DEFAULTS.shiftTimeoutSeconds,
      hooks: {
        preTraffic: false,
        postTraffic: false,
        timeoutSeconds: o.hookTimeout ? seconds(name, 'hookTimeout', o.hookTimeout, 1) : DEFAULTS.hookTimeoutSeconds,
      },
      ...optional('probe', renderProbe(name, o.probe)),
      ...optional('statisticalGate', renderStatisticalGate(name, o.statisticalGate)),
    });
  }

  /** The plan's name in logs and status. */
  public readonly name: string;
  /** Whether the candidate first runs as a shadow (by replay of captured requests, at weight 0). */
  public readonly hasShadowPhase: boolean;
  /** Shortest time until the candidate is promoted: shadow run, every bake, the final bake (holds and shifts not counted). */
  public readonly minimumDuration: Duration;

  private constructor(private readonly plan: RolloutPlan) {
    const problems = planProblems(plan);
    if (problems.length > 0) {
      throw new Error(`DeploymentStrategy '${plan.name}': ${problems.join('; ')}.`);
    }
    this.name = plan.name;
    this.hasShadowPhase = plan.shadow !== undefined;
    this.minimumDuration = Duration.seconds((plan.shadow?.durationSeconds ?? 0) +
      plan.steps.reduce((a, s) => a + s.bakeSeconds, 0) + plan.finalBakeSeconds);
  }

  /**
   * The plan as the rollout controller reads it (a fresh copy).
   * @internal
   */
  public _toPlan(): RolloutPlan {
    return JSON.parse(JSON.stringify(this.plan));
  }
}

/** The watch after promotion in seconds. */
function watchSeconds(name: string, o: StrategyOptions): number {
  return o.postPromotionWatch ? seconds(name, 'postPromotionWatch', o.postPromotionWatch, 0) : 0;
}

/** A required prop: JavaScript callers are not stopped by the compiler, so a missing one is named with an example. */
function required<T>(builder: string, prop: string, value: T | undefined, example: string): T {
  if (value === undefined || value === null) throw new Error(`DeploymentStrategy.${builder}: ${prop} is required, e.g. ${example}.`);
  return value;
}

/** `{ [key]: value }`, or nothing when the value is undefined (so the plan JSON has no undefined fields). */
function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return value === undefined ? {} : { [key]: value } as { [k in K]?: V };
}

function requirePercent(builder: string, prop: string, value: number): void {
  literalPlanNumber(builder, prop, value);
  if (!Number.isFinite(value) || value <= 0 || value >= 100) {
    throw new Error(`DeploymentStrategy.${builder}: ${prop} is ${value}; use a percentage above 0 and below 100` +
      (value >= 100 ? ' (to move all traffic in one step use DeploymentStrategy.allAtOnce() or blueGreen()).' : '.'));
  }
}

/** A Duration as whole seconds, with an error naming the prop when it is a token, fractional or too short. */
function seconds(builder: string, prop: string, d: Duration, min: number): number {
  if (d.isUnresolved()) {
    throw new Error(`DeploymentStrategy.${builder}: ${prop} is a token; the plan is fixed at synth, so use a concrete Duration.`);
  }
  const ms = d.toMilliseconds();
  if (ms % 1000 !== 0 || ms / 1000 < min) {
    throw new Error(`DeploymentStrategy.${builder}: ${prop} is ${d.toHumanString()}; use a whole number of seconds, at least ${min} ` +
      `(e.g. Duration.minutes(5)).`);
  }
  return ms / 1000;
}
