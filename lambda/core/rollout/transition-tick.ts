/**
 * The controller's events: a tick (decide() on this check's signals, with capacity before traffic and the live
 * endpoint's status), a hook's verdict, and a refused capacity order. Pure: the effects say what to do, the executor
 * orders them (persist before a raise; order, verify, then persist for a lowering).
 */
import { HOOK_ERRORS, RolloutEvent, RolloutRecord, StepResult } from '../../../contracts/rollout-execution';
import { isTerminal, RolloutState } from '../../../contracts/rollout-state';
import { RolloutPlan } from '../../../contracts/rollout-plan';
import { planFromJson } from '../../../contracts/rollout-plan-validation';
import { capacityGate, capacityKeptNote, CapacityView } from './capacity';
import type { Decision } from './decision';
import type { Effect } from './effects';
import { EndpointView, liveWeights } from './live-endpoint';
import { decide } from './policy';
import { fail } from './policy-outcomes';
import { stepResultOf, terminalResult } from './step-results';
import { statusOf, endEffects, lowerEffects, raiseEffects, statusDetail } from './transition-effects';
import type { CapacityRefusedEvent, HookVerdictEvent, TickEvent, Transition } from './transition';
import { startReplay } from './shadow-replay';
import { idleScaleAtCompletion, idleScaleRefused, idleScaleTick } from './transition-idle';
import { ALL_STABLE, sameWeights } from './weights';

export { startTransition } from './transition-start';

export function capacityView(view: EndpointView | undefined, rec: RolloutRecord): CapacityView {
  return {
    status: view?.status ?? 'Unknown', failureReason: view?.failureReason,
    stableInstances: view?.instances.get(rec.stableVariant), candidateInstances: view?.instances.get(rec.candidateVariant),
    stableMaxConcurrency: view?.maxConcurrency?.get(rec.stableVariant),
    candidateMaxConcurrency: view?.maxConcurrency?.get(rec.candidateVariant),
  };
}

export function tickTransition(rec: RolloutRecord, live: EndpointView | undefined, e: TickEvent, now: number): Transition {
  if (isTerminal(rec.state.phase)) return settleTerminal(rec, live);
  const plan = planFromJson(rec.plan);
  if (rec.state.idleScale) return idleScaleTick(rec, live, plan, now);
  const observed = e.observed ?? rec.state;
  const command = rec.command ?? rec.state.command;
  let d: Decision = decide({ ...observed, command }, e.signals, plan, now);
  if (d.kind === 'START_SHADOW') {
    // No endpoint change: the candidate stays at weight 0 and the next ticks replay captured requests to it.
    const replay = startReplay(rec, d.state.phaseStartedAt);
    if (replay) d = { ...d, state: { ...d.state, shadowReplay: replay } };
  }
  const consumed = command !== undefined;
  const entries = historyFor(rec, d, now, consumed);
  const effects: Effect[] = [];
  // Capacity before traffic: ordered as the rollout leaves PENDING, so a hook or a shadow run overlaps the scaling.
  if (d.kind === 'RUN_PRE_TRAFFIC_HOOK' || d.kind === 'START_SHADOW') d = capacityAtStart(rec, d, live, plan, now, entries, effects);
  const answer = (t: Omit<Transition, 'kind' | 'reason'>): Transition => ({ kind: d.kind, reason: d.reason, ...t });

  switch (d.kind) {
    case 'SHIFT':
    case 'PROMOTE':
      return raiseOrWaitForCapacity(rec, observed, d, live, plan, entries, consumed, now);
    case 'ROLLBACK':
    case 'FAIL':
      return answer(lower(rec, d, entries, consumed, now));
    default: {
      if (d.kind === 'COMPLETE') {
        // The watch is over: the idle slot is scaled down (and read back) before the rollout completes.
        const idle = idleScaleAtCompletion(rec, observed, live, plan, now, consumed);
        if (idle.transition) return idle.transition;
        if (idle.note) entries.push(idle.note);
      }
      const changed = consumed || JSON.stringify(d.state) !== JSON.stringify(rec.state);
      if (changed) effects.unshift(...persistWithRow(rec, d.state, entries, consumed));
      const result = stepResultOf(d, plan.checkIntervalSeconds);
      const view = live && liveWeights(live, rec);
      if (d.kind === 'COMPLETE') {
        effects.push({ kind: 'ALERT', level: 'info', message: 'rollout promoted', metric: 'RolloutPromoted', fields: { reason: d.reason } },
          { kind: 'NOTIFY', detail: statusDetail(rec, d.state, d.reason), sns: false });
      } else if (d.state.phase === 'SHADOW' && live?.status === 'InService' && view && !sameWeights(view, ALL_STABLE)) {
        // A shadow answers nobody: the candidate must be at weight 0. Someone changed the split; put it back.
        effects.push({ kind: 'ALERT', level: 'warn', message: 'candidate takes traffic during the shadow run; ordering the stable weights again', fields: { live: view } },
          ...lowerEffects(rec, ALL_STABLE));
      } else if (d.state.phase === 'SHIFTING' && live?.status === 'InService' && view && !sameWeights(view, d.state.weights)) {
        // The ordered split is not live and nothing is updating: the order was lost (e.g. the Lambda ended between
        // persisting and ordering). Order it again; if SageMaker keeps refusing, the shift timeout fails the rollout.
        effects.push({ kind: 'ALERT', level: 'warn', message: 'ordered weights not live and endpoint idle; ordering them again', fields: { ordered: d.state.weights, live: view } },
          ...raiseEffects(rec, d.state.weights));
      }
      return answer({ effects, result, state: d.state });
    }
  }
}

/** SHIFT or PROMOTE: capacity before traffic first, then persist → order → verify (the executor's raise order). */
function raiseOrWaitForCapacity(rec: RolloutRecord, observed: RolloutState, d: Extract<Decision, { kind: 'SHIFT' | 'PROMOTE' }>,
  live: EndpointView | undefined, plan: RolloutPlan, entries: RolloutEvent[], consumed: boolean, now: number): Transition {
  const gate = capacityGate(plan, observed, capacityView(live, rec), now, true);
  const entry = (kind: string, reason: string): RolloutEvent => ({ at: now, kind, reason });
  switch (gate.kind) {
    case 'WAIT': {
      // Keep this check's observations (probe counters); the decision itself is taken again at the next check.
      const effects: Effect[] = JSON.stringify(observed) !== JSON.stringify(rec.state)
        ? [{ kind: 'PERSIST', state: observed, entries: [], consumeCommand: false }] : [];
      return { kind: 'CAPACITY_WAIT', reason: gate.reason, effects, state: observed,
        result: { kind: 'WAIT', waitSeconds: gate.seconds, reason: gate.reason, phase: observed.phase } };
    }
    case 'GIVE_UP':
      return { kind: 'FAIL', reason: gate.reason, ...lower(rec, gate.decision, [entry(gate.decision.kind, gate.decision.reason)], false, now,
        { kind: 'ALERT', level: 'error', message: 'CAPACITY_NOT_READY: restoring stable', metric: 'CapacityNotReady', fields: { reason: gate.reason } }) };
    case 'ORDER': {
      // Recorded before it is ordered (conditional on the record's version): a concurrent rollback wins the write.
      const state = { ...observed, capacity: gate.capacity };
      return { kind: 'CAPACITY_ORDER', reason: gate.reason, state, effects: [
        { kind: 'PERSIST', state, entries: [entry('CAPACITY', gate.reason)], consumeCommand: false },
        { kind: 'ORDER_CAPACITY', variant: rec.candidateVariant, instanceCount: gate.instanceCount },
      ], result: { kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds,
        reason: `${gate.reason} (ordered; weights follow once InService)`, phase: observed.phase } };
    }
    case 'PROCEED':
      break;
  }
  const withCapacity = gate.capacity ? { ...d, state: { ...d.state, capacity: gate.capacity } } : d;
  const all = gate.capacity && gate.note ? [...entries, entry('CAPACITY', gate.note)] : entries;
  if (live?.status === 'Updating') {
    // SageMaker would refuse the order; nothing is persisted, the same decision is taken at the next tick.
    const reason = `endpoint Updating; deferred: ${d.reason}`;
    return { kind: 'DEFERRED', reason, effects: [], state: rec.state,
      result: { kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds, reason, phase: rec.state.phase } };
  }
  const effects: Effect[] = [...persistWithRow(rec, withCapacity.state, all, consumed)];
  if (d.kind === 'PROMOTE') {
    effects.push({ kind: 'ALERT', level: 'info', message: 'promoting the candidate', metric: 'RolloutPromoted' },
      { kind: 'NOTIFY', detail: statusDetail(rec, withCapacity.state, d.reason), sns: false });
  }
  effects.push(...raiseEffects(rec, d.weights));
  return { kind: d.kind, reason: d.reason, effects, state: withCapacity.state, result: stepResultOf(withCapacity, plan.checkIntervalSeconds) };
}

/** ROLLBACK or FAIL: all on stable, verified, then recorded, then told (the candidate keeps its ordered capacity). */
function lower(rec: RolloutRecord, d: Decision, entries: RolloutEvent[], consumed: boolean, now: number,
  ...alerts: Effect[]): Omit<Transition, 'kind' | 'reason'> {
  const state = { ...d.state, reason: d.reason };
  const kept = capacityKeptNote(state);
  const all = kept ? [...entries, { at: now, kind: 'CAPACITY', reason: kept }] : entries;
  return { state, result: { ...stepResultOf(d, 0), reason: d.reason },
    effects: [...alerts, ...endEffects(rec, state, all, consumed, d.reason, { stop: false })] };
}

/**
 * At a decision that leaves PENDING without traffic (a pre-traffic hook, a shadow run): the capacity order goes with
 * it, so SageMaker adds the instances while the hook or the shadow runs.
 */
function capacityAtStart(rec: RolloutRecord, d: Decision, live: EndpointView | undefined, plan: RolloutPlan, now: number,
  entries: RolloutEvent[], effects: Effect[]): Decision {
  const gate = capacityGate(plan, rec.state, capacityView(live, rec), now, false);
  if (gate.kind === 'PROCEED' && gate.capacity) {
    if (gate.note) entries.push({ at: now, kind: 'CAPACITY', reason: gate.note });
    return { ...d, state: { ...d.state, capacity: gate.capacity } };
  }
  if (gate.kind !== 'ORDER') return d;
  entries.push({ at: now, kind: 'CAPACITY', reason: `${gate.reason} (ordered; the first weights wait until InService)` });
  effects.push({ kind: 'ORDER_CAPACITY', variant: rec.candidateVariant, instanceCount: gate.instanceCount });
  return { ...d, state: { ...d.state, capacity: gate.capacity } };
}

/** A capacity order SageMaker refused: the rollout fails back to stable (cause CAPACITY_NOT_READY). */
export function capacityRefusedTransition(rec: RolloutRecord, e: CapacityRefusedEvent, now: number): Transition {
  if (isTerminal(rec.state.phase)) return { kind: 'NOTHING', reason: `already ${rec.state.phase}`, effects: [], result: terminalResult(rec.state) };
  // The idle slot's order after a promotion: the candidate stays promoted, the slot as it is.
  if (rec.state.idleScale) return idleScaleRefused(rec, e.error, now);
  const reason = `capacity before traffic: could not order ${e.instanceCount} instance(s) for ${rec.candidateVariant}: ${e.error}`;
  const d = fail(rec.state, 'CAPACITY_NOT_READY', reason);
  return { kind: 'FAIL', reason, ...lower(rec, d, [{ at: now, kind: d.kind, reason: d.reason }], false, now,
    { kind: 'ALERT', level: 'error', message: 'CAPACITY_NOT_READY: the capacity order failed; restoring stable', metric: 'CapacityNotReady', fields: { error: e.error } }) };
}

/** A rollout that already ended: make sure its traffic is where the end says, and answer the same again. */
function settleTerminal(rec: RolloutRecord, live: EndpointView | undefined): Transition {
  const result = terminalResult(rec.state);
  const view = live && liveWeights(live, rec);
  if (rec.state.phase === 'PROMOTED' || !view || sameWeights(view, ALL_STABLE)) {
    return { kind: 'ENDED', reason: result.reason, effects: [], result, state: rec.state };
  }
  return { kind: 'RESTORE', reason: `ended ${rec.state.phase} but stable weights not live`, result, state: rec.state, effects: [
    { kind: 'ALERT', level: 'warn', message: 'ended rollout but stable weights not live; ordering them again', fields: { live: view, phase: rec.state.phase } },
    ...lowerEffects(rec, ALL_STABLE)] };
}

/**
 * The hook's verdict goes into state.hooks; the next tick's decide() acts on it. A hook the runner did not start
 * because its time-out would pass the deadline ends the rollout here, on stable, with cause DEADLINE.
 */
export function hookVerdictTransition(rec: RolloutRecord, e: HookVerdictEvent, now: number): Transition {
  if (isTerminal(rec.state.phase)) return { kind: 'ENDED', reason: `already ${rec.state.phase}`, effects: [], result: terminalResult(rec.state) };
  if (!e.passed && e.error === HOOK_ERRORS.DEADLINE) {
    const reason = `the rollout reached its deadline during the ${e.hook} hooks: ${e.details ?? 'a hook could not finish before it'}`;
    const d = fail(rec.state, 'DEADLINE', reason);
    return { kind: 'FAIL', reason, ...lower(rec, d, [{ at: now, kind: d.kind, reason }], false, now,
      { kind: 'ALERT', level: 'error', message: 'DEADLINE: a hook could not finish before the rollout\'s deadline; restoring stable', metric: 'RolloutDeadline' }) };
  }
  const verdict = e.passed ? 'PASSED' : 'FAILED';
  const reason = `${e.hook} hook ${verdict.toLowerCase()}${e.details ? `: ${e.details}` : ''}`;
  const state: RolloutState = { ...rec.state, hooks: { ...rec.state.hooks, [e.hook]: verdict } };
  return { kind: `HOOK_${verdict}`, reason, state, result: { kind: 'WAIT', waitSeconds: 0, reason, phase: state.phase }, effects: [
    { kind: 'PERSIST', state, entries: [{ at: now, kind: `HOOK_${verdict}`, reason }], consumeCommand: false },
    { kind: 'ALERT', level: e.passed ? 'info' : 'error', message: 'hook result recorded', fields: { hook: e.hook, passed: e.passed, details: e.details } },
  ] };
}

/** PERSIST, and the history row when the phase changes. */
export function persistWithRow(rec: RolloutRecord, state: RolloutState, entries: readonly RolloutEvent[], consumed: boolean): Effect[] {
  const persist: Effect = { kind: 'PERSIST', state, entries, consumeCommand: consumed };
  return statusOf(rec) !== state.phase ? [persist, { kind: 'HISTORY_ROW' }] : [persist];
}

/** A history entry for every change worth reading later (not for every WAIT). */
function historyFor(rec: RolloutRecord, d: Decision, now: number, consumed: boolean): RolloutEvent[] {
  const phaseChanged = d.state.phase !== rec.state.phase;
  const newHold = d.kind === 'HOLD' && rec.state.holdingSince === undefined;
  const moved = d.kind !== 'WAIT' && d.kind !== 'HOLD';
  return phaseChanged || newHold || moved || consumed ? [{ at: now, kind: d.kind, reason: d.reason }] : [];
}

export type { StepResult };
