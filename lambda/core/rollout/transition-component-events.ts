/**
 * A component rollout's events from outside the controller's tick (pure): a candidate alarm, an operator's abort, the
 * deadline, and CloudFormation's events on the component guard (Custom::CdkMlopsComponentGuard, which the live
 * component depends on). Every end before the live component changed deletes the temporary candidate first; every
 * end during SageMaker's rolling update publishes the stop verdict (SageMaker rolls back on its alarm) and records
 * the stop, and the controller records the end once the stable model serves again (stoppingTransition).
 */
import { ComponentGuardProperties, componentRolloutKey } from '../../../contracts/component-rollout';
import { DEPLOY_ROLLOUT_BUDGET_SECONDS } from '../../../contracts/rollout-bounds';
import type { RolloutExecutionInput, RolloutRecord } from '../../../contracts/rollout-execution';
import { planFromJson } from '../../../contracts/rollout-plan-validation';
import { EndCause, isTerminal } from '../../../contracts/rollout-state';
import {
  beforeUpdate, canaryPending, componentView, deleteCanary, endBeforeUpdate, stopUpdate, verdict, withComponent,
} from './component-transition-effects';
import type { Effect } from './effects';
import type { EndpointView } from './live-endpoint';
import { isStackRollback } from './lifecycle';
import { decide } from './policy';
import { endedOnStable, statusDetail, stopEffect } from './transition-effects';
import type { AlarmEvent, CommandEvent, DeadlineEvent, Transition } from './transition';
import { rolloutIdFor } from './transition-deploy';
import { settleComponent } from './transition-component';

/** CloudFormation's event on the component guard, with the stack's own status (DescribeStacks). */
export interface ComponentGuardEvent {
  readonly kind: 'COMPONENT_GUARD';
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly props: ComponentGuardProperties;
  readonly oldProps?: ComponentGuardProperties;
  /** StackStatus at the event; undefined when it could not be read. */
  readonly stackStatus?: string;
  /** Epoch milliseconds of the event (names the rollout). */
  readonly nowMs: number;
  readonly stateMachineArn?: string;
}

/** What the guard answers CloudFormation at onEvent besides the effects. */
export interface ComponentGuardOutcome {
  readonly action: 'NOTHING' | 'START' | 'END';
  readonly rolloutId?: string;
}

/** The events a component rollout handles itself; undefined: the shared transition handles it. */
export function componentEventTransition(rec: RolloutRecord | undefined,
  e: AlarmEvent | CommandEvent | DeadlineEvent, now: number): Transition | undefined {
  if (!rec?.component || isTerminal(rec.state.phase)) return undefined;
  if (rec.state.component?.stop && (e.kind !== 'COMMAND' || e.command === 'ABORT')) {
    // Already told to stop: the verdict again, the first stop's reason kept; the controller records the end.
    return { kind: 'ALREADY_STOPPING', reason: rec.state.component.stop.reason, state: rec.state, effects: [verdict(rec, true)] };
  }
  switch (e.kind) {
    case 'ALARM': {
      const plan = planFromJson(rec.plan);
      const d = decide(rec.state, { alarms: [{ name: e.alarmName, state: 'ALARM' }], candidateInvocations: 0 }, plan, now);
      const reason = e.reason ? `${d.reason} (${e.reason})` : d.reason;
      // ROLLBACK, as for variants: the rollback Lambda applies the effects of that kind only.
      return { ...endNow(rec, 'ROLLED_BACK', d.state.cause ?? 'ALARM', reason, now, { stopError: 'RolloutRolledBack', consumed: false }),
        kind: 'ROLLBACK' };
    }
    case 'DEADLINE':
      return endNow(rec, 'FAILED', 'DEADLINE', `the rollout reached its deadline during ${rec.state.phase.toLowerCase()}`, now,
        { stopError: 'Deadline', consumed: false });
    case 'COMMAND': {
      if (e.command !== 'ABORT') return undefined;
      return endNow(rec, 'ABORTED', 'OPERATOR_ABORT', `aborted by operator (${e.source})`, now, { stopError: 'OperatorAbort', consumed: true });
    }
  }
}

/**
 * Ends an active component rollout from outside its execution: before the update, the candidate deleted and read back
 * gone, the end recorded, the execution stopped; during it, the stop verdict and the stop recorded (the execution
 * goes on until the stable model serves again, and records the end).
 */
function endNow(rec: RolloutRecord, phase: 'ROLLED_BACK' | 'ABORTED' | 'FAILED', cause: EndCause, reason: string, now: number,
  o: { stopError: string; consumed: boolean }): Transition {
  if (beforeUpdate(rec.state)) {
    const state = endedOnStable(rec.state, phase, cause, reason);
    const end = endBeforeUpdate(rec, state, [{ at: now, kind: phase, reason }], o.consumed, reason,
      { stop: true, stopError: o.stopError, now });
    return { kind: phase, reason, state: end.state, effects: end.effects };
  }
  const stop = stopUpdate(rec, rec.state, phase, cause, reason, now, o.consumed, planFromJson(rec.plan).checkIntervalSeconds);
  return { kind: 'STOP_VERDICT', reason, state: stop.state, effects: stop.effects };
}

/**
 * The component guard (before CloudFormation touches the live component). A forward Update that changes the model
 * starts the rollout (refused while another one is active on the component); a stack rollback or a Delete ends an
 * active one (the candidate deleted first; CloudFormation itself puts the stable model back or deletes the
 * component, so the verdict goes back to 0); an ended one whose candidate is still there gets it deleted.
 */
export function componentGuardTransition(rec: RolloutRecord | undefined, live: EndpointView | undefined, e: ComponentGuardEvent,
  now: number): Transition & { readonly guard: ComponentGuardOutcome } {
  const active = rec !== undefined && !isTerminal(rec.state.phase);
  const nothing = (reason: string) => ({ kind: 'NOTHING', reason, effects: [] as Effect[], guard: { action: 'NOTHING' as const } });
  const rollingBack = isStackRollback(e.stackStatus) === true;
  if (e.requestType === 'Delete' || rollingBack) {
    if (!rec) return nothing(`no rollout recorded for ${e.props.ComponentName}`);
    if (!active) {
      const settled = settleComponent(rec, live, now);
      return { ...settled, guard: { action: settled.effects.length > 0 ? 'END' : 'NOTHING' } };
    }
    const reason = e.requestType === 'Delete' ? `the component ${e.props.ComponentName} is deleted with its stack`
      : `the stack rolls back (${e.stackStatus}); CloudFormation puts ${rec.component!.stableModel} back on ${e.props.ComponentName}`;
    return { ...revert(rec, reason, now), guard: { action: 'END', rolloutId: rec.rolloutId } };
  }
  if (e.requestType === 'Create' || e.oldProps === undefined) return nothing('a new component starts with its model: nothing to compare');
  if (e.oldProps.Model === e.props.Model) return nothing(`the model of ${e.props.ComponentName} does not change`);
  try {
    planFromJson(e.props.Plan);
  } catch (err) {
    return { ...nothing(err instanceof Error ? err.message : String(err)), kind: 'REFUSE', refused: true };
  }
  if (active) {
    return { ...nothing(`component ${e.props.ComponentName}: rollout ${rec!.rolloutId} (phase ${rec!.state.phase}) is still active; ` +
      `wait for it to end, or abort it (npx cdk-mlops rollout abort ${rec!.endpointName}), then deploy again`), kind: 'REFUSE', refused: true };
  }
  const input = componentRolloutInput(e, Math.floor(e.nowMs / 1000));
  return { kind: 'START', reason: `rolling ${e.props.ComponentName} out to ${e.props.Model}`, guard: { action: 'START', rolloutId: input.rolloutId },
    effects: [{ kind: 'START_EXECUTION', input, ...(e.stateMachineArn ? { stateMachineArn: e.stateMachineArn } : {}) }] };
}

/** The execution input of a component rollout, from the guard's properties (the canary's specification gets the model). */
export function componentRolloutInput(e: ComponentGuardEvent, nowSeconds: number): RolloutExecutionInput {
  const p = e.props;
  const canary = p.Canary ? JSON.parse(p.Canary) : undefined;
  const canaryName: string | undefined = canary?.componentName;
  return {
    endpointName: componentRolloutKey(p.EndpointName, p.ComponentName),
    stableVariant: p.ComponentName,
    candidateVariant: canaryName ?? p.ComponentName,
    plan: planFromJson(p.Plan),
    alarmNames: p.AlarmNames ?? [],
    rolloutId: rolloutIdFor(p.Model, e.nowMs),
    candidateModel: p.Model,
    deadlineAt: nowSeconds + DEPLOY_ROLLOUT_BUDGET_SECONDS,
    ...(p.CaptureBucket ? { capture: { bucket: p.CaptureBucket, prefix: p.CapturePrefix ?? '' } } : {}),
    component: {
      endpointName: p.EndpointName, variantName: p.VariantName, componentName: p.ComponentName,
      stableModel: e.oldProps!.Model, candidateModel: p.Model, baselineSeconds: Number(p.BaselineSeconds ?? 3600),
      ...(canary ? { canary: { componentName: canary.componentName, copies: canary.copies,
        specification: { ...canary.specification, ModelName: p.Model } } } : {}),
    },
  };
}

/** An active rollout ended by CloudFormation (rollback or delete): the candidate deleted, the end recorded, verdict 0. */
function revert(rec: RolloutRecord, reason: string, now: number): Pick<Transition, 'kind' | 'reason' | 'effects' | 'state'> {
  const pending = canaryPending(rec, rec.state);
  const ended = endedOnStable(rec.state, 'ABORTED', 'DEPLOY_REVERTED', reason);
  const state = pending ? withComponent(ended, { canaryDeletedAt: now }) : ended;
  return { kind: 'ABORT', reason, state, effects: [
    stopEffect(rec, 'DeployReverted', reason),
    ...(pending ? deleteCanary(rec) : []),
    { kind: 'PERSIST', state, entries: [{ at: now, kind: 'DEPLOY_REVERTED', reason }], consumeCommand: true },
    { kind: 'HISTORY_ROW' },
    { kind: 'NOTIFY', detail: statusDetail(rec, state, reason), sns: true },
    ...(beforeUpdate(rec.state) ? [] : [verdict(rec, false)]),
  ] };
}

/**
 * The guard's isComplete: CloudFormation may update the live component once the rollout left the copy canary (the
 * candidate passed and was deleted); a rollout that ended before that fails the deploy with its reason.
 */
export function componentGuardReady(rec: RolloutRecord | undefined, rolloutId: string, live: EndpointView | undefined):
{ readonly ready: boolean; readonly failure?: string } {
  if (!rec || rec.rolloutId !== rolloutId) return { ready: false, failure: `rollout ${rolloutId} is not recorded (replaced, or never started)` };
  if (isTerminal(rec.state.phase)) {
    if (rec.state.phase === 'PROMOTED') return { ready: true };
    return { ready: false, failure: `rollout ${rolloutId} ended ${rec.state.phase}: ${rec.state.reason ?? ''}`.trim() };
  }
  if (beforeUpdate(rec.state)) return { ready: false };
  // Past the canary: proceed only once its candidate is read back gone, so it never serves beside the update.
  const canary = rec.component?.canary;
  const left = canary ? componentView(live, canary.componentName) : undefined;
  return { ready: left === undefined || left.status === 'Deleting' };
}
