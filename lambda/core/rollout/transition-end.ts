/**
 * Events that end a rollout from outside its execution, or change it between two ticks: a candidate alarm, an
 * operator's command, the deadline, and a restore handed over after a late raise. Pure.
 */
import type { RolloutRecord } from '../../../contracts/rollout-execution';
import { planFromJson } from '../../../contracts/rollout-plan-validation';
import { isTerminal } from '../../../contracts/rollout-state';
import type { Effect } from './effects';
import { EndpointView, liveWeights, VariantPair } from './live-endpoint';
import { decide } from './policy';
import { complete, fail } from './policy-outcomes';
import { endEffects, endedOnStable, lowerEffects, stopEffect, statusDetail } from './transition-effects';
import type { AlarmEvent, CommandEvent, RestoreEvent, Transition } from './transition';
import { completionEffects, idleScaleEnd } from './transition-idle';
import { ALL_STABLE, sameWeights } from './weights';

/**
 * The post-promotion watch is over and the idle slot (the old stable) is being scaled down: nothing switches back to
 * it any more, the rollout completes as promoted. (Moving the traffic back would put it on the shrinking slot.)
 */
function afterWatch(rec: RolloutRecord, what: string): Transition {
  return { kind: 'NOT_ACTIVE', reason: `${what} ignored: rollout ${rec.rolloutId} is promoted and past its post-promotion watch ` +
    `(scaling idle slot ${rec.state.idleScale!.variant} down); deploy the previous model to go back`, effects: [], state: rec.state };
}

/** A candidate alarm in ALARM: the policy's own rollback, ended from outside the execution (which is stopped). */
export function alarmTransition(rec: RolloutRecord, e: AlarmEvent, now: number): Transition {
  if (isTerminal(rec.state.phase)) return { kind: 'ALREADY_ENDED', reason: `already ${rec.state.phase}`, effects: [], state: rec.state };
  if (rec.state.idleScale) return afterWatch(rec, `${e.alarmName} in ALARM`);
  const d = decide(rec.state, { alarms: [{ name: e.alarmName, state: 'ALARM' }], candidateInvocations: 0 }, planFromJson(rec.plan), now);
  const reason = e.reason ? `${d.reason} (${e.reason})` : d.reason;
  const state = { ...d.state, reason };
  return { kind: 'ROLLBACK', reason, state, effects: [
    ...endEffects(rec, state, [{ at: now, kind: 'ROLLBACK', reason }], false, reason,
      { stop: true, stopError: 'RolloutRolledBack', explain: false,
        stopCause: `${e.alarmName} in ALARM${e.reason ? `: ${e.reason}` : ''}` }),
    { kind: 'ALERT', level: 'error', message: 'rollout rolled back by alarm', metric: 'RolloutRolledBack', fields: { alarmName: e.alarmName, reason } },
    // A raise persisted before this record but ordered after the read-back is caught here (and undone).
    ...lowerEffects(rec).filter((x) => x.kind === 'VERIFY'),
  ] };
}

/**
 * An operator's command. PAUSE, RESUME and PROMOTE_NOW are left for the controller's next tick (it owns those
 * transitions). ABORT ends the rollout here and now: all traffic on stable, read back until it holds, and only then
 * recorded ABORTED, its execution stopped and people told. The command is left first, so the controller applies the
 * abort itself if this writer stops half-way. A re-created (or deleted) endpoint is not this rollout's: its weights
 * are left as its own configuration set them.
 */
export function commandTransition(rec: RolloutRecord | undefined, live: EndpointView | undefined, e: CommandEvent,
  now: number): Transition {
  if (!rec || isTerminal(rec.state.phase)) {
    return { kind: 'NOT_ACTIVE', reason: rec ? `the rollout ${rec.rolloutId} is not active (phase ${rec.state.phase})` : 'no rollout recorded', effects: [] };
  }
  if (rec.state.idleScale) return afterWatch(rec, `${e.command} from ${e.source}`);
  const pending = rec.command === 'ABORT' || rec.state.command === 'ABORT';
  if (e.command !== 'ABORT') {
    if (pending) return { kind: 'NOT_ACTIVE', reason: `the rollout ${rec.rolloutId} is being aborted (ABORT pending)`, effects: [] };
    return { kind: 'COMMAND', reason: `${e.command} left for the controller's next step`, effects: [{ kind: 'SET_COMMAND', command: e.command }] };
  }
  const reason = `aborted by operator (${e.source})`;
  const state = endedOnStable(rec.state, 'ABORTED', 'OPERATOR_ABORT', reason);
  const setCommand: Effect[] = pending ? [] : [{ kind: 'SET_COMMAND', command: 'ABORT' }];
  const recreated = live?.createdAt !== undefined && rec.endpointCreatedAt !== undefined && live.createdAt !== rec.endpointCreatedAt;
  if (!live || recreated) {
    const why = live ? 'endpoint re-created since the rollout started; its weights are its own' : 'endpoint not found; nothing of this rollout serves';
    return { kind: 'ABORT_WITHOUT_WEIGHTS', reason: `${reason}; ${why}`, state, effects: [...setCommand,
      { kind: 'PERSIST', state, entries: [{ at: now, kind: 'OPERATOR_ABORT', reason: `${reason}; ${why}` }], consumeCommand: true },
      { kind: 'HISTORY_ROW' }, stopEffect(rec, 'OperatorAbort', reason),
      { kind: 'NOTIFY', detail: statusDetail(rec, state, reason), sns: true }] };
  }
  return { kind: 'ABORT', reason, state, effects: [...setCommand,
    ...endEffects(rec, state, [{ at: now, kind: 'OPERATOR_ABORT', reason }], true, reason, { stop: true, stopError: 'OperatorAbort' })] };
}

/** Something waiting on the rollout is about to give up: end it on stable now (the policy's own DEADLINE failure). */
export function deadlineTransition(rec: RolloutRecord, now: number): Transition {
  if (isTerminal(rec.state.phase)) return { kind: 'ALREADY_ENDED', reason: `already ${rec.state.phase}`, effects: [], state: rec.state };
  // Promoted and past its watch, scaling the idle slot: it completes; stable would be the slot being scaled down.
  if (rec.state.idleScale) return idleScaleEnd(rec, false, 'the rollout reached its deadline', now);
  // In the post-promotion watch the candidate passed its rollout: promoted, as the policy ends it at its own deadline
  // (restoring the old model now would undo a good release). The execution's next tick ends it SUCCEEDED.
  if (rec.state.phase === 'KEEP_WARM') {
    const d = complete(rec.state, 'promoted; rollback window cut short at the rollout\'s deadline');
    return { kind: 'COMPLETE', reason: d.reason, state: d.state,
      effects: completionEffects(rec, d.state, [{ at: now, kind: 'COMPLETE', reason: d.reason }], false, d.reason) };
  }
  const d = fail(rec.state, 'DEADLINE', `the rollout reached its deadline during ${rec.state.phase.toLowerCase()}`);
  return { kind: 'FAIL', reason: d.reason, state: d.state,
    effects: endEffects(rec, d.state, [{ at: now, kind: 'FAIL', reason: d.reason }], false, d.reason, { stop: true, stopError: 'Deadline' }) };
}

/**
 * A rollout that ended on stable while its candidate still gets traffic (a raise that landed after the end, a restore
 * that did not hold in its writer's budget): order stable again and read it back; the record already says the end.
 */
export function restoreTransition(rec: RolloutRecord | undefined, live: EndpointView | undefined, e: RestoreEvent,
  now: number): Transition {
  if (!rec || rec.rolloutId !== e.rolloutId) return { kind: 'NOTHING', reason: `rollout ${e.rolloutId} was replaced; its successor owns the weights`, effects: [] };
  if (!isTerminal(rec.state.phase) || rec.state.phase === 'PROMOTED') {
    return { kind: 'NOTHING', reason: `rollout ${e.rolloutId} is ${rec.state.phase}: its own execution owns the weights`, effects: [] };
  }
  const effects = restoreEffects(rec, live);
  if (effects.length === 0) return { kind: 'NOTHING', reason: 'stable already holds', effects: [] };
  const reason = `restoring stable after the end of ${e.rolloutId}: ${e.reason}`;
  return { kind: 'RESTORE', reason, state: rec.state, effects: [...effects,
    { kind: 'APPEND_ENTRY', entry: { at: now, kind: 'STABLE_RESTORED', reason } }] };
}

/**
 * Effects that put all of `pair`'s traffic on its stable side: none when it already holds or the endpoint is gone,
 * else order and read back (the executor retries an order refused while the endpoint is Updating).
 */
export function restoreEffects(pair: VariantPair, live: EndpointView | undefined): Effect[] {
  if (!live) return [];
  const holds = live.status === 'InService' && sameWeights(liveWeights(live, pair), ALL_STABLE);
  if (holds) return [];
  return lowerEffects(pair);
}
