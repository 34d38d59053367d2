/**
 * The controller's tick for a component rollout (pure): the same `decide` as for variants, on the component's
 * signals, with the effects a component takes instead of weights (component-effects.ts):
 *
 * - leaving PENDING into the copy canary (START_SHADOW): the temporary candidate recorded, then created;
 * - the canary: judged only while its copies serve (the warm-up guard, copyJudgement); its clock starts when they do;
 * - the step to 100% (SHIFT): the candidate deleted and read back gone, then recorded: the component guard then lets
 *   CloudFormation update the live component (SageMaker's rolling update), judged at every check with the verdict
 *   published (0: go on);
 * - ROLLBACK / FAIL before the update: the candidate deleted, then the end; during it: the stop verdict (1) and the
 *   stop recorded; the end follows once the stable model serves again (stoppingTransition);
 * - the update seen and the stable model serving again without a stop: SageMaker rolled back on an alarm of its own.
 */
import { CAPACITY_WAIT_SECONDS } from '../../../contracts/rollout-bounds';
import type { RolloutEvent, RolloutRecord } from '../../../contracts/rollout-execution';
import { RolloutPlan } from '../../../contracts/rollout-plan';
import { planFromJson } from '../../../contracts/rollout-plan-validation';
import { isTerminal, RolloutState } from '../../../contracts/rollout-state';
import {
  beforeUpdate, canaryPending, componentView, componentWeights, deleteCanary, endAfterStop, endBeforeUpdate, serves,
  stopUpdate, target, verdict, withComponent,
} from './component-transition-effects';
import { copyJudgement } from './copy-readiness';
import type { Decision } from './decision';
import type { Effect } from './effects';
import type { EndpointView } from './live-endpoint';
import { decide } from './policy';
import { fail } from './policy-outcomes';
import { startReplay } from './shadow-replay';
import { stepResultOf, terminalResult } from './step-results';
import type { TickEvent, Transition } from './transition';
import { endedOnStable, statusDetail } from './transition-effects';
import { persistWithRow } from './transition-tick';

export function componentTickTransition(rec: RolloutRecord, live: EndpointView | undefined, e: TickEvent, now: number): Transition {
  if (isTerminal(rec.state.phase)) return settleComponent(rec, live, now);
  if (rec.state.component?.stop) return stoppingTransition(rec, live, now);
  const plan = planFromJson(rec.plan);
  const c = target(rec);
  const observed = updateSeen(e.observed ?? rec.state, rec, live, now);
  if (!beforeUpdate(observed) && observed.component?.updateSeenAt !== undefined && serves(componentView(live, c.componentName), c.stableModel)) {
    // The update ran and the stable model serves again: SageMaker rolled back (an alarm of its rollback configuration).
    const reason = `SageMaker rolled the update of ${c.componentName} back to ${c.stableModel} (an alarm of its AutoRollbackConfiguration fired)`;
    const state = endedOnStable(observed, 'ROLLED_BACK', 'ALARM', reason);
    return { kind: 'ROLLBACK', reason, state, result: terminalResult(state), effects: endAfterStop(rec, state, reason, now, false) };
  }
  const warm = warmUp(rec, observed, live, plan, now);
  if (warm.kind === 'WAIT') return warm.transition;
  const command = rec.command ?? rec.state.command;
  const consumed = command !== undefined;
  let d: Decision = warm.kind === 'GIVE_UP' ? fail(observed, 'CAPACITY_NOT_READY', warm.reason)
    : decide({ ...warm.state, command }, { ...e.signals, liveWeights: componentWeights(rec, live) }, plan, now);
  if (d.kind === 'PROMOTE' && beforeUpdate(observed)) d = skipCanary(d, now);
  const entries = changed(rec, d, consumed) ? [{ at: now, kind: d.kind, reason: d.reason }] : [];
  const answer = (state: RolloutState, effects: Effect[]): Transition =>
    ({ kind: d.kind, reason: d.reason, state, effects, result: stepResultOf({ ...d, state }, plan.checkIntervalSeconds) });
  switch (d.kind) {
    case 'ROLLBACK':
    case 'FAIL': {
      const why = { ...d.state, reason: d.reason };
      if (beforeUpdate(observed)) {
        const end = endBeforeUpdate(rec, why, entries, consumed, d.reason, { stop: false, now });
        return { ...answer(end.state, end.effects), result: { ...stepResultOf(d, 0), reason: d.reason } };
      }
      const stop = stopUpdate(rec, observed, d.state.phase as 'ROLLED_BACK' | 'ABORTED' | 'FAILED', d.cause, d.reason, now, consumed, plan.checkIntervalSeconds);
      return { kind: 'STOP_VERDICT', reason: d.reason, ...stop };
    }
    case 'START_SHADOW': {
      const replay = startReplay(rec, d.state.phaseStartedAt);
      const state = withComponent({ ...d.state, ...(replay ? { shadowReplay: replay } : {}) }, { canaryOrderedAt: now });
      const canary = c.canary!;
      return answer(state, [...persistWithRow(rec, state, entries, consumed),
        { kind: 'CREATE_COMPONENT', endpointName: c.endpointName, variantName: c.variantName, componentName: canary.componentName,
          specification: canary.specification, copies: canary.copies },
        { kind: 'ALERT', level: 'info', message: 'copy canary ordered', fields: { component: canary.componentName, copies: canary.copies } }]);
    }
    case 'SHIFT': {
      // The canary passed (or there is none): CloudFormation may now update the live component.
      const pending = canaryPending(rec, d.state);
      const state = pending ? withComponent(d.state, { canaryDeletedAt: now }) : d.state;
      return answer(state, [...(pending ? deleteCanary(rec) : []), ...persistWithRow(rec, state, entries, consumed), verdict(rec, false),
        { kind: 'ALERT', level: 'info', message: 'the live component may be updated (rolling update, guarded by the verdict)' }]);
    }
    case 'PROMOTE':
      return answer(d.state, [...persistWithRow(rec, d.state, entries, consumed), verdict(rec, false),
        { kind: 'ALERT', level: 'info', message: 'promoting the candidate', metric: 'RolloutPromoted' },
        { kind: 'NOTIFY', detail: statusDetail(rec, d.state, d.reason), sns: false }]);
    case 'COMPLETE':
      return answer(d.state, [...persistWithRow(rec, d.state, entries, consumed),
        { kind: 'ALERT', level: 'info', message: 'rollout promoted', metric: 'RolloutPromoted', fields: { reason: d.reason } },
        { kind: 'NOTIFY', detail: statusDetail(rec, d.state, d.reason), sns: false }]);
    default: {
      const effects: Effect[] = consumed || JSON.stringify(d.state) !== JSON.stringify(rec.state)
        ? persistWithRow(rec, d.state, entries, consumed) : [];
      if (!beforeUpdate(d.state)) effects.push(verdict(rec, false));
      return answer(d.state, effects);
    }
  }
}

/** An operator's PROMOTE_NOW before the update skips the canary: the step to 100% (CloudFormation's update). */
function skipCanary(d: Extract<Decision, { kind: 'PROMOTE' }>, now: number): Decision {
  return { kind: 'SHIFT', weights: d.weights, stepIndex: 0, reason: `${d.reason}; the copy canary is skipped, the rolling update follows`,
    state: { ...d.state, phase: 'SHIFTING', stepIndex: 0, phaseStartedAt: now } };
}

function changed(rec: RolloutRecord, d: Decision, consumed: boolean): boolean {
  const newHold = d.kind === 'HOLD' && rec.state.holdingSince === undefined;
  return d.state.phase !== rec.state.phase || newHold || (d.kind !== 'WAIT' && d.kind !== 'HOLD') || consumed;
}

/** Marks the first check that saw the rolling update (the component Updating, or serving the candidate model). */
function updateSeen(s: RolloutState, rec: RolloutRecord, live: EndpointView | undefined, now: number): RolloutState {
  if (beforeUpdate(s) || s.component?.updateSeenAt !== undefined) return s;
  const c = target(rec);
  const view = componentView(live, c.componentName);
  const seen = view !== undefined && (view.status === 'Updating' || view.modelName === c.candidateModel);
  return seen ? withComponent(s, { updateSeenAt: now }) : s;
}

type WarmUp =
  | { readonly kind: 'JUDGE'; readonly state: RolloutState }
  | { readonly kind: 'WAIT'; readonly transition: Transition }
  | { readonly kind: 'GIVE_UP'; readonly reason: string };

/**
 * The warm-up guard during the copy canary: never judged while its copies do not all serve (copy-readiness.ts); the
 * canary's clock starts (again) when they do; past the capacity wait it gives up.
 */
function warmUp(rec: RolloutRecord, s: RolloutState, live: EndpointView | undefined, plan: RolloutPlan, now: number): WarmUp {
  const canary = rec.component?.canary;
  if (s.phase !== 'SHADOW' || !canary) return { kind: 'JUDGE', state: s };
  const view = componentView(live, canary.componentName);
  const capacity = { name: canary.componentName, status: view?.status ?? 'NotFound', desiredCopies: view?.desiredCopies ?? canary.copies,
    currentCopies: view?.currentCopies ?? 0 };
  const j = copyJudgement(0, [capacity], { orderedAt: s.component?.canaryOrderedAt ?? s.phaseStartedAt, readySince: s.component?.canaryReadyAt },
    now, { checkIntervalSeconds: plan.checkIntervalSeconds, provisionLimitSeconds: CAPACITY_WAIT_SECONDS });
  if (j.kind === 'GIVE_UP') return { kind: 'GIVE_UP', reason: `copy canary ${canary.componentName}: ${j.reason}` };
  if (j.kind === 'JUDGE' || j.kind === 'BAKING') {
    if (s.component?.canaryReadyAt !== undefined) return { kind: 'JUDGE', state: s };
    return { kind: 'JUDGE', state: withComponent({ ...s, phaseStartedAt: now }, { canaryReadyAt: now }) };
  }
  // No capacity: nothing judged; a canary that had served starts its clock again when its copies are back.
  const state = s.component?.canaryReadyAt !== undefined ? withComponent(s, { canaryReadyAt: undefined }) : s;
  const entries: RolloutEvent[] = state !== s ? [{ at: now, kind: 'CANARY_CAPACITY_LOST', reason: j.reason }] : [];
  const effects: Effect[] = JSON.stringify(state) !== JSON.stringify(rec.state) ? [{ kind: 'PERSIST', state, entries, consumeCommand: false }] : [];
  return { kind: 'WAIT', transition: { kind: 'CAPACITY_WAIT', reason: j.reason, state, effects,
    result: { kind: 'WAIT', waitSeconds: j.seconds, reason: j.reason, phase: state.phase } } };
}

/**
 * The rolling update was told to stop: the verdict stays 1 until the stable model serves again, then the end is
 * recorded. One that serves stable without the update ever seen ends at the deadline (CloudFormation may still
 * start the update until then); one that completed anyway ends FAILED, and the component rollout's result resource
 * fails the deploy, so CloudFormation's rollback puts the stable model back.
 */
export function stoppingTransition(rec: RolloutRecord, live: EndpointView | undefined, now: number): Transition {
  const c = target(rec);
  const stop = rec.state.component!.stop!;
  const view = componentView(live, c.componentName);
  const wait = (reason: string): Transition => ({ kind: 'STOPPING', reason, state: rec.state, effects: [verdict(rec, true)],
    result: { kind: 'WAIT', waitSeconds: planFromJson(rec.plan).checkIntervalSeconds, reason, phase: rec.state.phase } });
  const pastDeadline = rec.state.deadlineAt !== undefined && now >= rec.state.deadlineAt;
  if (serves(view, c.stableModel) && (rec.state.component?.updateSeenAt !== undefined || pastDeadline)) {
    const state = endedOnStable(rec.state, stop.phase, stop.cause, stop.reason);
    return { kind: stop.phase, reason: stop.reason, state, result: terminalResult(state), effects: endAfterStop(rec, state, stop.reason, now, false) };
  }
  if (serves(view, c.candidateModel)) {
    const reason = `the rolling update of ${c.componentName} completed before the stop verdict took (${stop.reason}); ` +
      'the deploy fails and CloudFormation\'s rollback updates the component back to the stable model';
    const state: RolloutState = { ...rec.state, phase: 'FAILED', cause: stop.cause, reason, pausedFrom: undefined, holdingSince: undefined, command: undefined };
    return { kind: 'FAIL', reason, state, result: terminalResult(state), effects: [
      { kind: 'PERSIST', state, entries: [{ at: now, kind: 'FAIL', reason }], consumeCommand: true }, { kind: 'HISTORY_ROW' },
      { kind: 'NOTIFY', detail: statusDetail(rec, state, reason), sns: true }, verdict(rec, false),
      { kind: 'ALERT', level: 'error', message: 'VERDICT_TOO_LATE: the rolling update completed under a stop verdict', metric: 'VerdictTooLate' }] };
  }
  const seen = view !== undefined && view.status === 'Updating' && rec.state.component?.updateSeenAt === undefined;
  const t = wait(`${stop.reason}; waiting for SageMaker to roll ${c.componentName} back (${view?.status ?? 'not found'}, model ${view?.modelName ?? '?'})`);
  if (!seen) return t;
  const state = withComponent(rec.state, { updateSeenAt: now });
  return { ...t, state, effects: [...t.effects, { kind: 'PERSIST', state, entries: [], consumeCommand: false }] };
}

/** A component rollout that already ended: a temporary candidate still there is deleted (every path ends without it). */
export function settleComponent(rec: RolloutRecord, live: EndpointView | undefined, now: number): Transition {
  const result = terminalResult(rec.state);
  const canary = rec.component?.canary;
  const view = canary ? componentView(live, canary.componentName) : undefined;
  if (!view || view.status === 'Deleting') return { kind: 'ENDED', reason: result.reason, effects: [], result, state: rec.state };
  const reason = `the rollout ended ${rec.state.phase} but its temporary candidate ${canary!.componentName} is ${view.status}: deleting it`;
  return { kind: 'DELETE_CANARY', reason, result, state: rec.state, effects: [
    { kind: 'ALERT', level: 'warn', message: reason, metric: 'CanaryLeftOver' }, ...deleteCanary(rec),
    { kind: 'APPEND_ENTRY', entry: { at: now, kind: 'CANARY_DELETED', reason } }] };
}
