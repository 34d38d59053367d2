/**
 * SageMaker-native blue/green with canary traffic shifting, expressed for the simulator.
 *
 * SageMaker counts the canary in instances of the green fleet (at least 1, at most 50% of the fleet), so on a
 * 2-instance endpoint the smallest canary is 50% of requests. Blue and green share the variant name, so the
 * auto-rollback alarm cannot be scoped to the new model: it sees the whole endpoint. SageMaker reads the alarm
 * itself (no alarm-event shortcut) during the baking periods and rolls back if it is in ALARM; it does not wait
 * for traffic. It is modelled with the same policy and these differences; the bake after the full shift is
 * assumed to equal the canary wait interval, and TerminationWait is the keep-warm window.
 */
import { customSteps } from '../lambda/core/rollout';
import type { SimulationOptions } from './options';

export interface NativeCanaryOptions {
  readonly instanceCount: number;
  /** @default 1 */
  readonly canaryInstances?: number;
  /** WaitIntervalInSeconds: bake of the canary (and, here, after the full shift). */
  readonly waitIntervalSeconds: number;
  /** TerminationWaitInSeconds: the blue fleet stays up this long after the shift. @default 0 */
  readonly terminationWaitSeconds?: number;
  /** How often SageMaker reads the alarm; not documented, assumed equal to our controller's poll. @default 10 */
  readonly alarmPollSeconds?: number;
}

/** Share of traffic the smallest native canary takes: canaryInstances / instanceCount. */
export function nativeCanaryPercent(instanceCount: number, canaryInstances = 1): number {
  if (!Number.isInteger(instanceCount) || instanceCount < 2) {
    throw new Error(`instanceCount is ${instanceCount}; a SageMaker-native canary needs at least 2 instances`);
  }
  if (!Number.isInteger(canaryInstances) || canaryInstances < 1 || canaryInstances > instanceCount / 2) {
    throw new Error(`canaryInstances is ${canaryInstances}; SageMaker allows 1 to ${Math.floor(instanceCount / 2)} ` +
      `(at most 50% of ${instanceCount} instances)`);
  }
  return (100 * canaryInstances) / instanceCount;
}

/** The parts of SimulationOptions that make a run behave like SageMaker's native canary. */
export function nativeCanary(o: NativeCanaryOptions): Pick<SimulationOptions, 'plan' | 'alarm' | 'controller'> {
  const canaryInstances = o.canaryInstances ?? 1;
  const percent = nativeCanaryPercent(o.instanceCount, canaryInstances);
  const poll = o.alarmPollSeconds ?? 10;
  return {
    plan: customSteps([{ candidatePercent: percent, bakeSeconds: o.waitIntervalSeconds },
      { candidatePercent: 100, bakeSeconds: 0 }], {
      name: `sagemaker-native-canary-${canaryInstances}-of-${o.instanceCount}`,
      finalBakeSeconds: o.waitIntervalSeconds,
      keepOldWarmSeconds: o.terminationWaitSeconds ?? 0,
      minInvocationsPerStep: 0,
      checkIntervalSeconds: poll,
      // SageMaker's own guardrails watch alarms only: no probe.
      probe: false,
    }),
    alarm: { scope: 'endpoint' },
    controller: { rollbackOnAlarmEvent: false, metricGuard: false, checkIntervalSeconds: poll },
  };
}

export interface NativeRollingUpdateOptions {
  /** The component's copies. */
  readonly copies: number;
  /** MaximumBatchSize in copies. @default 1 */
  readonly batchCopies?: number;
  /** WaitIntervalInSeconds: bake of each batch (and, here, after the last). */
  readonly waitIntervalSeconds: number;
  /** Time for a batch of copies to serve. @default 180 */
  readonly provisionSeconds?: number;
  /** RollbackMaximumBatchSize in copies. @default all: SageMaker starts the whole old fleet again */
  readonly rollbackBatchCopies?: number;
  /** How often SageMaker reads the alarms; not documented, assumed equal to our controller's poll. @default 10 */
  readonly alarmPollSeconds?: number;
}

/**
 * SageMaker's rolling update of an inference component, for the simulator: batches of `batchCopies` new copies
 * replace old ones every `waitIntervalSeconds`; old and new copies share the component's name, so its alarm sees
 * both; SageMaker reads the alarm itself (no probe, no metric guard); a rollback starts the old copies again
 * (RollbackMaximumBatchSize) while the new ones keep answering.
 */
export function nativeRollingUpdate(o: NativeRollingUpdateOptions): Pick<SimulationOptions, 'plan' | 'alarm' | 'controller' | 'copies'> {
  const batch = o.batchCopies ?? 1;
  if (!Number.isInteger(o.copies) || o.copies < 1 || !Number.isInteger(batch) || batch < 1 || batch > o.copies) {
    throw new Error(`a rolling update needs whole copies >= 1 and a batch of 1 to ${o.copies} copies (got copies ${o.copies}, batch ${batch})`);
  }
  const poll = o.alarmPollSeconds ?? 10;
  const steps = [];
  for (let n = batch; n < o.copies; n += batch) steps.push({ candidatePercent: (100 * n) / o.copies, bakeSeconds: o.waitIntervalSeconds });
  steps.push({ candidatePercent: 100, bakeSeconds: 0 });
  return {
    plan: customSteps(steps, {
      name: `sagemaker-rolling-update-${batch}-of-${o.copies}-wait-${o.waitIntervalSeconds}s`,
      finalBakeSeconds: o.waitIntervalSeconds,
      minInvocationsPerStep: 0,
      checkIntervalSeconds: poll,
      probe: false,
    }),
    alarm: { scope: 'endpoint' },
    controller: { rollbackOnAlarmEvent: false, metricGuard: false, checkIntervalSeconds: poll },
    copies: { count: o.copies, mode: 'REPLACE', provisionSeconds: o.provisionSeconds, batchCopies: batch, rollbackBatchCopies: o.rollbackBatchCopies },
  };
}
