import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { HookCounts } from '../../../contracts/rollout-bounds';
import type { RolloutPlan } from '../../../contracts/rollout-plan';
import { rolloutError } from './slot-validation';

/** The two hook phases of a rollout. */
export type HookPhase = 'pre' | 'post';

/**
 * A rollout's pre- and post-traffic hooks, in run order, as the props gave them and `addPreHook` / `addPostHook`
 * added to them; read when the app synthesizes, so later additions are rendered too.
 */
export class HookPhases {
  public readonly pre: lambda.IFunction[] = [];
  public readonly post: lambda.IFunction[] = [];

  constructor(private readonly owner: string) {}

  /** Appends a hook to a phase; one already in that phase is refused (it would run twice). */
  public add(phase: HookPhase, prop: string, hook: lambda.IFunction): void {
    this.refuseRepeat(phase, prop, hook);
    this.list(phase).push(hook);
  }

  /** Refuses a hook already in `phase` (checked before the worst case, whose error would not name the cause). */
  public refuseRepeat(phase: HookPhase, prop: string, hook: lambda.IFunction): void {
    if (this.list(phase).includes(hook)) {
      rolloutError(prop, `${hook.node.path} is already a ${phase}-traffic hook of ${this.owner}; each hook runs once per phase. ` +
        'Remove the repeated one.');
    }
  }

  /** Every hook of both phases (a function in both phases twice). */
  public all(): lambda.IFunction[] {
    return [...this.pre, ...this.post];
  }

  /**
   * `plan` with its hook flags set from the phases as they are, or as they would be with one more hook in `adding`
   * (each hook adds its time-out to the worst case, which is checked before the hook is added).
   */
  public planFor(plan: RolloutPlan, adding?: HookPhase): RolloutPlan {
    const c = this.counts(adding);
    return { ...plan, hooks: { ...plan.hooks, preTraffic: c.preTraffic > 0, postTraffic: c.postTraffic > 0 } };
  }

  /** Hooks per phase, as they are or with one more in `adding`. */
  public counts(adding?: HookPhase): HookCounts {
    return { preTraffic: this.pre.length + (adding === 'pre' ? 1 : 0), postTraffic: this.post.length + (adding === 'post' ? 1 : 0) };
  }

  private list(phase: HookPhase): lambda.IFunction[] {
    return phase === 'pre' ? this.pre : this.post;
  }
}
