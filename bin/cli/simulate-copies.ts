/**
 * `cdk-mlops simulate --copies N`: the same strategy and candidate as a rollout of an inference component's copies,
 * to compare with the percent canary on variant weights. `--copy-mode canary` is this library's copy-count canary
 * (candidate copies beside every stable copy: the plan's percent steps in whole copies); `rolling-update` is
 * SageMaker's rolling update (batches of `--copy-batch` copies replacing old ones every first-step bake, the
 * component's alarm seeing old and new copies, a rollback restarting the old copies); `component-rollout` is
 * ComponentRollout: a temporary candidate judged on replayed requests (the shadow gates), then the rolling update.
 */
import { componentRolloutSimulation, nativeRollingUpdate, SimulationOptions } from '../../sim';
import { UsageError } from './io';

export type CopyMode = 'canary' | 'rolling-update' | 'component-rollout';

export interface CopyFlags {
  readonly copies?: number;
  /** @default 'canary' */
  readonly copyMode?: CopyMode;
  /** @default 180 */
  readonly copyProvision?: number;
  readonly copyBatch?: number;
}

/** The copy rollout of the same candidate, or undefined without `--copies`. */
export function copySimulation(a: CopyFlags, percent: SimulationOptions): SimulationOptions | undefined {
  if (a.copies === undefined) return undefined;
  if (a.copyBatch !== undefined && a.copyBatch > a.copies) {
    throw new UsageError(`--copy-batch ${a.copyBatch} is more than --copies ${a.copies}`, 'use a batch of at most --copies copies');
  }
  if (a.copyMode === 'component-rollout') {
    // The strategy's first bake judges the temporary candidate; the rolling update waits the same per batch.
    const bake = percent.plan.steps[0].bakeSeconds || percent.plan.finalBakeSeconds;
    return { ...percent, ...componentRolloutSimulation({ copies: a.copies, batchCopies: a.copyBatch ?? 1, waitIntervalSeconds: bake,
      canaryBakeSeconds: bake, provisionSeconds: a.copyProvision ?? 180, requestsPerSecond: percent.requestsPerSecond }),
    alarm: { ...percent.alarm, scope: 'endpoint' } };
  }
  if (a.copyMode === 'rolling-update') {
    const wait = percent.plan.steps[0].bakeSeconds || percent.plan.finalBakeSeconds;
    // SageMaker's own guardrails: its alarm and poll, no probe or metric guard (sim/native.ts).
    return { ...percent, ...nativeRollingUpdate({ copies: a.copies, batchCopies: a.copyBatch ?? 1, waitIntervalSeconds: wait,
      provisionSeconds: a.copyProvision ?? 180 }), alarm: { ...percent.alarm, scope: 'endpoint' } };
  }
  if (percent.plan.shadow) {
    throw new UsageError(`--copies with ${percent.plan.name}: an inference component has no shadow variant`, 'use a strategy without shadow');
  }
  return { ...percent, copies: { count: a.copies, mode: 'SURGE', provisionSeconds: a.copyProvision ?? 180, batchCopies: a.copyBatch } };
}
