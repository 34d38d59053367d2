/**
 * An inference component's copies in the simulator: the candidate's share of the requests is its share of the
 * copies serving (requests are spread over copies), and every change of that share waits for copies to start
 * (`provisionSeconds` per batch: model download and container start, plus an instance when none has room) or to
 * stop (`removeSeconds`). The copy counts, batches and rollback come from the real core
 * (lambda/core/rollout/copy-steps.ts, copy-rollback.ts).
 *
 * SURGE is this library's copy canary: the candidate's copies start beside every stable copy, so a rollback before
 * the last step only stops them. REPLACE is SageMaker's rolling update: a batch of new copies replaces as many old
 * ones, so a rollback first starts old copies again while the new ones keep answering.
 */
import { CAPACITY_WAIT_SECONDS, RolloutPlan, VariantWeights } from '../lambda/core/rollout';
import { CopyMode, copyOrder, copyPlan, CopyStep, copySteps } from '../lambda/core/rollout/copy-steps';
import { copyRollback } from '../lambda/core/rollout/copy-rollback';
import type { TrafficControl } from './traffic';

export interface CopyFleetOptions {
  /** Copies of the stable model before the rollout (the component's copy count). */
  readonly count: number;
  /** SURGE (candidate copies beside the stable ones) or REPLACE (SageMaker's rolling update). */
  readonly mode: CopyMode;
  /** Time for a batch of copies to serve once ordered. @default 180 */
  readonly provisionSeconds?: number;
  /** Copies started at once (SageMaker's MaximumBatchSize). @default a step's copies at once */
  readonly batchCopies?: number;
  /** Stable copies started at once by a rollback that must restart them (RollbackMaximumBatchSize). @default all */
  readonly rollbackBatchCopies?: number;
  /** Time for stopped copies to stop taking requests. @default 5 */
  readonly removeSeconds?: number;
  /**
   * Judge a temporary candidate component first (ComponentRollout's copy canary, judged by the plan's shadow run),
   * then the rolling update (mode REPLACE). @default false
   */
  readonly canaryFirst?: boolean;
}

/**
 * The plan a copy rollout runs: its steps at the shares copies give, the copies' start time allowed for each shift
 * (the rollout's capacity wait), and, for the copy canary, a name that says so.
 */
export function copyFleetPlan(plan: RolloutPlan, o: CopyFleetOptions): RolloutPlan {
  return {
    ...copyPlan(plan, o.count, o.mode),
    name: o.mode === 'SURGE' ? `${plan.name}-copies-of-${o.count}` : plan.name,
    shiftTimeoutSeconds: Math.max(plan.shiftTimeoutSeconds, CAPACITY_WAIT_SECONDS),
  };
}

interface CopyEvent {
  readonly at: number;
  readonly side: 'candidate' | 'stable';
  /** Copies added (positive) or removed (negative) when the event takes effect. */
  readonly delta: number;
}

export class CopyFleet implements TrafficControl {
  public readonly shadowOn = false;
  private candidate = 0;
  private stable: number;
  private events: CopyEvent[] = [];
  private readonly steps: CopyStep[];
  private readonly provision: number;
  private readonly remove: number;

  constructor(private readonly o: CopyFleetOptions, plan: RolloutPlan) {
    this.steps = copySteps(plan, o.count, o.mode);
    this.stable = o.count;
    this.provision = o.provisionSeconds ?? 180;
    this.remove = o.removeSeconds ?? 5;
  }

  /** The share of the copies serving: percent of requests each side answers. */
  public get live(): VariantWeights {
    const total = this.candidate + this.stable;
    const candidate = total === 0 ? 0 : Math.round((100 * this.candidate / total) * 1e6) / 1e6;
    return { candidate, stable: Math.round((100 - candidate) * 1e6) / 1e6 };
  }

  public get settled(): boolean {
    return this.events.length === 0;
  }

  public get updating(): boolean {
    return !this.settled;
  }

  /** Copies serving now, for reports. */
  public get copies(): { candidate: number; stable: number } {
    return { candidate: this.candidate, stable: this.stable };
  }

  public advance(t: number): boolean {
    const due = this.events.filter((e) => e.at <= t);
    if (due.length === 0) return false;
    this.events = this.events.filter((e) => e.at > t);
    for (const e of due) {
      if (e.side === 'candidate') this.candidate = Math.max(0, this.candidate + e.delta);
      else this.stable = Math.max(0, this.stable + e.delta);
    }
    return true;
  }

  public shift(_weights: VariantWeights, stepIndex: number, t: number): void {
    this.orderStep(this.steps[Math.min(stepIndex, this.steps.length - 1)], t);
  }

  public startShadow(): void {
    throw new Error('a shadow run replays requests to a variant; an inference component has no shadow variant');
  }

  public promote(t: number): void {
    if (this.live.candidate !== 100) this.orderStep(this.steps[this.steps.length - 1], t);
  }

  public rollback(t: number): void {
    // A rollback supersedes every order in flight: copies still starting never serve, stable copies still serving stay.
    this.events = [];
    const plan = copyRollback(this.o.count, this.stable, this.o.rollbackBatchCopies);
    let at = t;
    if (plan.kind === 'RESTORE_STABLE') {
      for (const batch of plan.batches) {
        at += this.provision;
        this.events.push({ at, side: 'stable', delta: batch });
      }
    }
    // The candidate answers until the stable copies are back, then stops.
    this.events.push({ at: at + this.remove, side: 'candidate', delta: -Infinity });
  }

  /** Batches of candidate copies one after another (core's copyOrder), then the stable copies the step retires. */
  private orderStep(step: CopyStep, t: number): void {
    let candidate = this.candidate + this.pending('candidate');
    let at = t;
    while (candidate < step.candidateCopies) {
      const next = copyOrder(step, { candidate, stable: this.stable }, this.o.batchCopies).candidateDesired;
      at += this.provision;
      this.events.push({ at, side: 'candidate', delta: next - candidate });
      candidate = next;
    }
    const retire = this.stable + this.pending('stable') - copyOrder(step, { candidate, stable: this.stable }).stableDesired;
    if (retire > 0) this.events.push({ at: at + this.remove, side: 'stable', delta: -retire });
  }

  private pending(side: 'candidate' | 'stable'): number {
    return this.events.filter((e) => e.side === side && Number.isFinite(e.delta)).reduce((n, e) => n + e.delta, 0);
  }
}
