import { Duration } from 'aws-cdk-lib';
import { RolloutPlan } from '../../contracts/rollout-plan';
import * as plans from '../../contracts/rollout-plan-builders';
import {
  BlueGreenStrategyProps, CanaryStrategyProps, LinearStrategyProps, ShadowFirstStrategyProps, StrategyOptions, TrafficStep,
} from './deployment-strategy-props';
import { renderProbe } from './private/probe';
import { renderStatisticalGate } from './private/statistical-gate';
import { answerGates } from './private/shadow-gates';
import { literalPlanNumber } from './private/validate-rollout';

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
    return new DeploymentStrategy(plans.allAtOnce(planOptions('allAtOnce', options), names('allAtOnce')));
  }

  /** `percentage` of traffic, judged for at least `interval`, then the rest. */
  public static canary(props: CanaryStrategyProps): DeploymentStrategy {
    const percent = required('canary', 'percentage', props.percentage, 'percentage: 10');
    literalPlanNumber('canary', 'percentage', percent);
    const bake = seconds('canary', 'interval', required('canary', 'interval', props.interval, 'interval: Duration.minutes(5)'), 1);
    return new DeploymentStrategy(plans.canary(percent, bake, planOptions('canary', props), names('canary', 'percentage')));
  }

  /** `percentage` more traffic every `interval` (each step judged) until 100%. */
  public static linear(props: LinearStrategyProps): DeploymentStrategy {
    const step = required('linear', 'percentage', props.percentage, 'percentage: 10');
    literalPlanNumber('linear', 'percentage', step);
    const interval = seconds('linear', 'interval', required('linear', 'interval', props.interval, 'interval: Duration.minutes(1)'), 1);
    return new DeploymentStrategy(plans.linear(step, interval, planOptions('linear', props), names('linear', 'percentage')));
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
    return new DeploymentStrategy(plans.blueGreen(bake, watch, planOptions('blueGreen', { ...props, postPromotionWatch: undefined }),
      names('blueGreen')));
  }

  /** Explicit steps, e.g. 1% → 5% → 25% → 100%. The last step is 100% (its bake is `finalBake`). */
  public static steps(steps: TrafficStep[], options: StrategyOptions = {}): DeploymentStrategy {
    const rendered = steps.map((s, i) => {
      literalPlanNumber('steps', `steps[${i}].percent`, s.percent);
      if (!Number.isFinite(s.percent)) throw new Error(`DeploymentStrategy.steps: steps[${i}].percent is ${s.percent}; use a number above 0 and at most 100.`);
      return { candidatePercent: s.percent, bakeSeconds: s.bake ? seconds('steps', `steps[${i}].bake`, s.bake, 0) : 0 };
    });
    return new DeploymentStrategy(plans.customSteps(rendered, planOptions('steps', options), names('steps')));
  }

  /**
   * The candidate first runs as a shadow for `duration` (at weight 0, sent replayed requests from the endpoint's Data
   * Capture) and is judged by `gates`; then `then` moves user traffic. The endpoint needs `dataCapture` of inputs.
   */
  public static shadowFirst(props: ShadowFirstStrategyProps): DeploymentStrategy {
    const duration = seconds('shadowFirst', 'duration', props.duration, 1);
    literalPlanNumber('shadowFirst', 'gates.maxErrorRateIncrease', props.gates?.maxErrorRateIncrease);
    literalPlanNumber('shadowFirst', 'gates.maxP99LatencyRatio', props.gates?.maxP99LatencyRatio);
    literalPlanNumber('shadowFirst', 'gates.minRequests', props.gates?.minRequests);
    const gates = {
      maxErrorRateIncrease: props.gates?.maxErrorRateIncrease ?? plans.SHADOW_GATE_DEFAULTS.maxErrorRateIncrease,
      maxP99LatencyRatio: props.gates?.maxP99LatencyRatio ?? plans.SHADOW_GATE_DEFAULTS.maxP99LatencyRatio,
      minRequests: props.gates?.minRequests ?? plans.SHADOW_GATE_DEFAULTS.minRequests,
      ...answerGates(props),
    };
    return new DeploymentStrategy(plans.shadowFirst(duration, gates, props.then.plan, props.answers?._toPlan(), names('shadowFirst')));
  }

  /** The plan's name in logs and status. */
  public readonly name: string;
  /** Whether the candidate first runs as a shadow (by replay of captured requests, at weight 0). */
  public readonly hasShadowPhase: boolean;
  /** Shortest time until the candidate is promoted: shadow run, every bake, the final bake (holds and shifts not counted). */
  public readonly minimumDuration: Duration;

  /** `plan` comes from the contracts' builders, which validated it. */
  private constructor(private readonly plan: RolloutPlan) {
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

/** The options of every builder with their Durations in seconds (the contracts' builders check the rest). */
function planOptions(builder: string, o: StrategyOptions): plans.PlanOptions {
  const min = o.minInvocationsPerStep;
  literalPlanNumber(builder, 'minInvocationsPerStep', min);
  const probe = renderProbe(builder, o.probe);
  const statisticalGate = renderStatisticalGate(builder, o.statisticalGate);
  return {
    ...(o.name !== undefined ? { name: o.name } : {}),
    ...(o.finalBake ? { finalBakeSeconds: seconds(builder, 'finalBake', o.finalBake, 0) } : {}),
    keepOldWarmSeconds: watchSeconds(builder, o),
    ...(min !== undefined ? { minInvocationsPerStep: min } : {}),
    ...(o.maxHold ? { maxHoldSeconds: seconds(builder, 'maxHold', o.maxHold, 0) } : {}),
    ...(o.onMaxHold !== undefined ? { onMaxHold: o.onMaxHold } : {}),
    ...(o.checkInterval ? { checkIntervalSeconds: seconds(builder, 'checkInterval', o.checkInterval, 1) } : {}),
    ...(o.shiftTimeout ? { shiftTimeoutSeconds: seconds(builder, 'shiftTimeout', o.shiftTimeout, 1) } : {}),
    ...(o.hookTimeout ? { hooks: { timeoutSeconds: seconds(builder, 'hookTimeout', o.hookTimeout, 1) } } : {}),
    probe: probe ?? false,
    ...(statisticalGate ? { statisticalGate } : {}),
  };
}

/** How the contracts' builders name this builder and its percentage prop in errors. */
function names(builder: string, percent?: string): plans.BuilderNames {
  return { builder: `DeploymentStrategy.${builder}`, ...(percent ? { percent } : {}) };
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
