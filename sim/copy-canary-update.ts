/**
 * ComponentRollout in the simulator: Strategy B, then A. The temporary candidate component's copies start
 * `provisionSeconds` after its order and are fed a copy of the users' requests (a shadow run: their answers reach
 * nobody) until the shadow gates judge them; then it is deleted and SageMaker's rolling update (a REPLACE CopyFleet)
 * replaces the live component's copies batch by batch. A rollback during B only stops the temporary copies; during A
 * it restarts the old copies (as SageMaker's rollback does).
 */
import { SHADOW_GATE_DEFAULTS } from '../contracts/rollout-plan-builders';
import { ALL_STABLE, REPLAY_DEFAULTS, VariantWeights } from '../lambda/core/rollout';
import { CopyFleet, CopyFleetOptions } from './copies';
import { nativeRollingUpdate, NativeRollingUpdateOptions } from './native';
import type { SimulationOptions } from './options';
import type { TrafficControl } from './traffic';

export class CanaryThenRollingUpdate implements TrafficControl {
  private shadowFrom?: number;
  private shadowUntil?: number;
  private rolling = false;
  private readonly fleet: CopyFleet;

  constructor(private readonly o: CopyFleetOptions, fleetPlan: ConstructorParameters<typeof CopyFleet>[1]) {
    this.fleet = new CopyFleet(o, fleetPlan);
  }

  public get live(): VariantWeights {
    return this.rolling ? this.fleet.live : ALL_STABLE;
  }

  public shadowOn = false;

  public get settled(): boolean {
    return this.rolling ? this.fleet.settled : this.shadowFrom === undefined || this.shadowUntil !== undefined;
  }

  /** The temporary candidate is a component of its own: only the rolling update changes the endpoint's split. */
  public get updating(): boolean {
    return this.rolling && this.fleet.updating;
  }

  public advance(t: number): boolean {
    const wasOn = this.shadowOn;
    this.shadowOn = this.shadowFrom !== undefined && t >= this.shadowFrom && (this.shadowUntil === undefined || t < this.shadowUntil);
    const changed = this.rolling ? this.fleet.advance(t) : false;
    return changed || wasOn !== this.shadowOn;
  }

  /** The temporary candidate ordered: its copies serve once started. */
  public startShadow(t: number): void {
    this.shadowFrom = t + (this.o.provisionSeconds ?? 180);
  }

  /** The canary passed: the temporary candidate is deleted, the rolling update starts. */
  public shift(weights: VariantWeights, stepIndex: number, t: number): void {
    this.endCanary(t);
    this.rolling = true;
    this.fleet.shift(weights, stepIndex, t);
  }

  public promote(t: number): void {
    this.endCanary(t);
    this.rolling = true;
    this.fleet.promote(t);
  }

  public rollback(t: number): void {
    this.endCanary(t);
    if (this.rolling) this.fleet.rollback(t);
  }

  private endCanary(t: number): void {
    if (this.shadowFrom !== undefined && this.shadowUntil === undefined) this.shadowUntil = t + (this.o.removeSeconds ?? 5);
  }
}

export interface ComponentRolloutSimOptions extends NativeRollingUpdateOptions {
  /** How long the temporary candidate is judged once its copies serve (the strategy's first bake). */
  readonly canaryBakeSeconds: number;
  /** User requests per second (the controller replays at most REPLAY_DEFAULTS.maxRequestsPerStep per check). */
  readonly requestsPerSecond: number;
}

/**
 * The parts of SimulationOptions that make a run behave like ComponentRollout: the copy canary as a shadow run
 * (its start waits for the temporary copies; replayed requests bounded as the controller's replay is; the default
 * shadow gates), then SageMaker's rolling update with the component-wide alarm (sim/native.ts nativeRollingUpdate).
 */
export function componentRolloutSimulation(o: ComponentRolloutSimOptions):
Pick<SimulationOptions, 'plan' | 'alarm' | 'controller' | 'copies' | 'shadowSamplingPercent'> {
  const update = nativeRollingUpdate(o);
  const provision = o.provisionSeconds ?? 180;
  const check = update.plan.checkIntervalSeconds;
  const replayPerSecond = REPLAY_DEFAULTS.maxRequestsPerStep / check;
  return {
    ...update,
    plan: { ...update.plan, name: `copy-canary-${o.canaryBakeSeconds}s-then-${update.plan.name}`,
      shadow: { durationSeconds: provision + o.canaryBakeSeconds, gates: SHADOW_GATE_DEFAULTS } },
    copies: { ...update.copies!, canaryFirst: true },
    shadowSamplingPercent: Math.min(100, (100 * replayPerSecond) / o.requestsPerSecond),
  };
}
