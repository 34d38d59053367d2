/**
 * The effect sequences of a component rollout (pure), as transition-effects.ts has them for variants. Before the
 * live component changes (PENDING, a pre-traffic hook, the copy canary), an end deletes the temporary candidate,
 * reads it back gone, and only then records the end; nothing else served it, so stable already serves everything.
 * Once CloudFormation may update the live component (the step to 100%), an end cannot be ordered: the transition
 * publishes the stop verdict (SageMaker rolls the update back on its alarm) and records the stop, and the end is
 * recorded once the component is read back serving the stable model.
 */
import type { ComponentRolloutTarget } from '../../../contracts/component-rollout';
import type { RolloutEvent, RolloutRecord, StepResult } from '../../../contracts/rollout-execution';
import type { ComponentRolloutState, EndCause, RolloutState } from '../../../contracts/rollout-state';
import type { Effect } from './effects';
import type { ComponentView, EndpointView } from './live-endpoint';
import { statusDetail, stopEffect } from './transition-effects';
import { ALL_CANDIDATE, ALL_STABLE } from './weights';

/** The rollout's component target (a component rollout's record always has one). */
export function target(rec: RolloutRecord): ComponentRolloutTarget {
  if (!rec.component) throw new Error(`rollout ${rec.rolloutId} is not a component rollout`);
  return rec.component;
}

/** Whether the live component has not been handed to CloudFormation yet (its end can still be ordered). */
export function beforeUpdate(s: RolloutState): boolean {
  const phase = s.phase === 'PAUSED' ? s.pausedFrom : s.phase;
  return phase === 'PENDING' || phase === 'PRE_TRAFFIC_HOOK' || phase === 'SHADOW';
}

export function componentView(live: EndpointView | undefined, name: string): ComponentView | undefined {
  return live?.components?.get(name);
}

/** InService with `model`. */
export function serves(view: ComponentView | undefined, model: string): boolean {
  return view !== undefined && view.status === 'InService' && view.modelName === model;
}

/** The policy's view of the live component: all on the candidate once it serves the candidate model, else none. */
export function componentWeights(rec: RolloutRecord, live: EndpointView | undefined) {
  const c = target(rec);
  return serves(componentView(live, c.componentName), c.candidateModel) ? ALL_CANDIDATE : ALL_STABLE;
}

/** The temporary candidate was ordered and not yet deleted. */
export function canaryPending(rec: RolloutRecord, s: RolloutState): boolean {
  return rec.component?.canary !== undefined && s.component?.canaryOrderedAt !== undefined && s.component.canaryDeletedAt === undefined;
}

/** Delete the temporary candidate and read it back gone. */
export function deleteCanary(rec: RolloutRecord): Effect[] {
  const name = target(rec).canary!.componentName;
  return [{ kind: 'DELETE_COMPONENT', componentName: name }, { kind: 'VERIFY_COMPONENT', componentName: name, expect: 'GONE' }];
}

export function withComponent(s: RolloutState, patch: Partial<ComponentRolloutState>): RolloutState {
  return { ...s, component: { ...s.component, ...patch } };
}

export function verdict(rec: RolloutRecord, stop: boolean): Effect {
  return { kind: 'PUBLISH_VERDICT', componentName: target(rec).componentName, stop };
}

export interface ComponentEndOptions {
  /** Stop the execution (a writer outside it). */
  readonly stop: boolean;
  readonly stopError?: string;
  readonly now: number;
}

/**
 * An end before the live component changed: the temporary candidate deleted and read back gone (when it was
 * ordered), then the record, its history row, the execution stopped, people told.
 */
export function endBeforeUpdate(rec: RolloutRecord, state: RolloutState, entries: readonly RolloutEvent[], consumed: boolean,
  reason: string, o: ComponentEndOptions): { state: RolloutState; effects: Effect[] } {
  const pending = canaryPending(rec, state);
  const ended = pending ? withComponent(state, { canaryDeletedAt: o.now }) : state;
  return { state: ended, effects: [
    ...(pending ? deleteCanary(rec) : []),
    { kind: 'PERSIST', state: ended, entries, consumeCommand: consumed },
    { kind: 'HISTORY_ROW' },
    ...(o.stop ? [stopEffect(rec, o.stopError ?? 'RolloutEnded', reason)] : []),
    { kind: 'NOTIFY', detail: statusDetail(rec, ended, reason), sns: true },
  ] };
}

/**
 * The judgement (or an alarm, an abort, the deadline) stops the rolling update: the verdict first (SageMaker rolls
 * back on its alarm), then the stop recorded; the rollout stays active until the stable model serves again.
 */
export function stopUpdate(rec: RolloutRecord, s: RolloutState, phase: 'ROLLED_BACK' | 'ABORTED' | 'FAILED', cause: EndCause,
  reason: string, now: number, consumed: boolean, checkIntervalSeconds: number): { state: RolloutState; effects: Effect[]; result: StepResult } {
  const state = withComponent({ ...s, command: undefined }, { stop: { at: now, phase, cause, reason } });
  const why = `stopping the rolling update of ${target(rec).componentName}: ${reason}`;
  return { state, result: { kind: 'WAIT', waitSeconds: checkIntervalSeconds, reason: why, phase: state.phase }, effects: [
    verdict(rec, true),
    { kind: 'PERSIST', state, entries: [{ at: now, kind: 'STOP_VERDICT', reason }], consumeCommand: consumed },
    { kind: 'ALERT', level: 'error', message: 'rollout verdict: stop the rolling update', metric: 'RolloutVerdictStop',
      fields: { component: target(rec).componentName, cause, reason } },
  ] };
}

/** The end of a stopped update, once the component serves the stable model again (read back before it is recorded). */
export function endAfterStop(rec: RolloutRecord, state: RolloutState, reason: string, now: number, stop: boolean): Effect[] {
  const c = target(rec);
  return [
    { kind: 'VERIFY_COMPONENT', componentName: c.componentName, expect: 'SERVES', model: c.stableModel },
    { kind: 'PERSIST', state, entries: [{ at: now, kind: state.phase, reason }], consumeCommand: true },
    { kind: 'HISTORY_ROW' },
    ...(stop ? [stopEffect(rec, 'RolloutEnded', reason)] : []),
    { kind: 'NOTIFY', detail: statusDetail(rec, state, reason), sns: true },
    verdict(rec, false),
  ];
}
