/**
 * `--strategy` of `cdk-mlops simulate` (pure): every strategy the library has, written either as a short spec
 * (`canary:10:300`) or as the plan name the CLI prints (`canary-10%-300s`), so a printed name can be pasted back.
 *
 *   canary:P:BAKE            canary-P%-BAKEs
 *   linear:P:INTERVAL        linear-P%-every-INTERVALs
 *   all-at-once              all-at-once
 *   blue-green:BAKE[:WARM]   blue-green-bake-BAKEs-warm-WARMs
 *   steps:P1,P2,..,100:BAKE  steps-P1-P2-..-100-bake-BAKEs
 *   shadow:SECONDS:<strategy>          shadow-SECONDSs-then-<name>      (shadow-first)
 *   native-canary:INSTANCES:WAIT[:TERMINATION]   sagemaker-native-canary-1-of-INSTANCES-wait-WAITs-termination-Ts
 *   CodeDeploy-style constants: CANARY_10PERCENT_5MINUTES, LINEAR_10PERCENT_EVERY_1MINUTE, ALL_AT_ONCE
 */
import {
  allAtOnce, blueGreen, canary, customSteps, linear, PlanOptions, RolloutPlan, ShadowGates, shadowFirst,
} from '../../lambda/core/rollout';
import { SHADOW_GATE_DEFAULTS } from '../../contracts/rollout-plan-builders';
import { nativeCanary, SimulationOptions } from '../../sim';
import { UsageError } from './io';

export const STRATEGY_FORMS = 'canary:10:300, linear:10:60, all-at-once, blue-green:600:300, steps:1,5,25,100:300, ' +
  'shadow:600:canary:10:300, native-canary:4:300[:0], CANARY_10PERCENT_5MINUTES, or a plan name the CLI printed ' +
  '(e.g. canary-10%-300s, shadow-600s-then-linear-10%-every-60s)';

/** Shadow gates when the flags do not set them (DeploymentStrategy.shadowFirst's defaults). */
export const DEFAULT_SHADOW_GATES: ShadowGates = SHADOW_GATE_DEFAULTS;

export interface ParsedStrategy {
  readonly plan: RolloutPlan;
  /** SageMaker-native strategies also change how the alarm and the controller behave. */
  readonly simulation?: Pick<SimulationOptions, 'alarm' | 'controller'>;
}

export function parseStrategy(spec: string, options: PlanOptions = {}, gates: ShadowGates = DEFAULT_SHADOW_GATES):
ParsedStrategy {
  try {
    const parsed = parse(spec.trim(), options, gates);
    if (!parsed) throw new UsageError(`--strategy ${spec} is not a strategy`, `use ${STRATEGY_FORMS}`);
    return parsed;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--strategy ${spec}: ${(e as Error).message}`, `use ${STRATEGY_FORMS}`);
  }
}

/** The plan alone (SageMaker-native alarm and controller differences dropped). */
export function planFromStrategy(spec: string, options: PlanOptions = {}, gates?: ShadowGates): RolloutPlan {
  return parseStrategy(spec, options, gates).plan;
}

const N = '(\\d+(?:\\.\\d+)?)';

function parse(spec: string, o: PlanOptions, gates: ShadowGates): ParsedStrategy | undefined {
  let m: RegExpMatchArray | null;
  const plan = (p: RolloutPlan): ParsedStrategy => ({ plan: p });
  // Shadow-first wraps any other strategy.
  if ((m = spec.match(/^shadow(?:-first)?:([^:]+):(.+)$/)) || (m = spec.match(/^shadow-(\d+)s-then-(.+)$/))) {
    const inner = parse(m[2], o, gates);
    if (!inner) return undefined;
    return { ...inner, plan: shadowFirst(num(m[1], 'shadow seconds'), gates, inner.plan) };
  }
  if ((m = spec.match(/^canary:([^:]*):([^:]*)$/)) || (m = spec.match(new RegExp(`^canary-${N}%-${N}s$`)))) {
    return plan(canary(num(m[1], 'percent'), num(m[2], 'bake seconds'), o));
  }
  if ((m = spec.match(/^linear:([^:]*):([^:]*)$/)) || (m = spec.match(new RegExp(`^linear-${N}%-every-${N}s$`)))) {
    return plan(linear(num(m[1], 'step percent'), num(m[2], 'interval seconds'), o));
  }
  if (/^(all-at-once|ALL_AT_ONCE)$/.test(spec)) return plan(allAtOnce(o));
  if ((m = spec.match(/^blue-green:([^:]*)(?::([^:]*))?$/)) || (m = spec.match(new RegExp(`^blue-green-bake-${N}s-warm-${N}s$`)))) {
    return plan(blueGreen(num(m[1], 'bake seconds'), num(m[2] ?? '0', 'keep-warm seconds'), o));
  }
  if ((m = spec.match(/^steps:([^:]*):([^:]*)$/))) return plan(steps(m[1].split(','), num(m[2], 'bake seconds'), o));
  if ((m = spec.match(new RegExp(`^steps-((?:${N}-)*${N})-bake-${N}s$`)))) {
    const bake = spec.slice(spec.lastIndexOf('-bake-') + 6, -1);
    return plan(steps(m[1].split('-'), num(bake, 'bake seconds'), o));
  }
  if ((m = spec.match(/^native-canary:([^:]*):([^:]*)(?::([^:]*))?$/)) ||
    (m = spec.match(/^sagemaker-native-canary-1-of-(\d+)-wait-(\d+)s-termination-(\d+)s$/))) {
    const instances = num(m[1], 'instance count');
    const wait = num(m[2], 'wait seconds');
    const termination = num(m[3] ?? '0', 'termination wait seconds');
    const native = nativeCanary({ instanceCount: instances, waitIntervalSeconds: wait, terminationWaitSeconds: termination });
    return {
      plan: { ...native.plan, name: `sagemaker-native-canary-1-of-${instances}-wait-${wait}s-termination-${termination}s` },
      simulation: { alarm: native.alarm, controller: native.controller },
    };
  }
  if ((m = spec.match(/^CANARY_(\d+)PERCENT_(\d+)MINUTES?$/i))) return plan(canary(Number(m[1]), Number(m[2]) * 60, o));
  if ((m = spec.match(/^LINEAR_(\d+)PERCENT_EVERY_(\d+)MINUTES?$/i))) return plan(linear(Number(m[1]), Number(m[2]) * 60, o));
  return undefined;
}

function steps(percentTexts: readonly string[], bake: number, o: PlanOptions): RolloutPlan {
  const percents = percentTexts.map((p) => num(p, 'step percent'));
  // The name carries the bake so that it parses back to the same plan.
  return customSteps(percents.map((p, i) => ({ candidatePercent: p, bakeSeconds: i === percents.length - 1 ? 0 : bake })),
    { name: `steps-${percents.join('-')}-bake-${bake}s`, ...o });
}

function num(v: string | undefined, what: string): number {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(n)) {
    throw new Error(`${what} is missing or not a number (got ${JSON.stringify(v ?? '')})`);
  }
  return n;
}
