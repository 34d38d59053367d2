/**
 * The retraining trigger policy (pure): given a trigger, what the ledger knows and how many rows are new, decide
 * whether a run starts, and say why not when it does not. The handler records every decision in the ledger.
 */
import { AlarmTransition, alarmWindows } from './alarm-windows';
import type { AlarmRuleConfig, TriggerKind, TriggerOutcome, TriggerPolicyConfig } from '../../../contracts/training';

/** What the ledger's state item holds. Epoch milliseconds. */
export interface PipelineState {
  /** The run in progress, if any. */
  readonly running?: { readonly executionArn: string; readonly startedAt: number };
  /** When the last successful run started: its snapshot's time, from which new rows are counted. */
  readonly lastTrainedAt?: number;
  /** When the last run ended, and how. */
  readonly lastRunEndedAt?: number;
  readonly lastRunStatus?: string;
}

/** A trigger as the handler parsed it. */
export interface Trigger {
  readonly kind: TriggerKind;
  readonly at: number;
  /** Alarm triggers: which alarm, and its new state. */
  readonly alarmArn?: string;
  readonly alarmState?: string;
  /** run-ended: the execution and its final status. */
  readonly executionArn?: string;
  readonly runStatus?: string;
  /** manual: skip the cool-down and the minimum of new rows (never the one-run-at-a-time rule). */
  readonly force?: boolean;
}

export interface PolicyInput {
  readonly trigger: Trigger;
  readonly state: PipelineState;
  readonly policy: TriggerPolicyConfig;
  /** Transitions of every drift and quality alarm, by alarm ARN, including this trigger's. */
  readonly history: { readonly [alarmArn: string]: readonly AlarmTransition[] };
  /** Rows written since `state.lastTrainedAt` (undefined when not counted). */
  readonly newRows?: number;
}

export interface PolicyDecision {
  readonly outcome: TriggerOutcome;
  /** Why a run is wanted (empty when none is). */
  readonly reasons: string[];
  /** One sentence for the ledger. */
  readonly explanation: string;
  /** The state to write back (only changed for run-ended; 'started' is written by the handler with the execution). */
  readonly state: PipelineState;
}

/** Whether the handler must count new rows before deciding (saves a CloudWatch call when nothing is wanted). */
export function wantedReasons(input: Omit<PolicyInput, 'newRows'>): string[] {
  const { trigger, state, policy, history } = input;
  const since = state.lastRunEndedAt ?? -Infinity;
  const reasons: string[] = [];
  if (trigger.kind === 'schedule') reasons.push('schedule');
  if (trigger.kind === 'manual') reasons.push('manual request');
  for (const [role, rule] of [['drift', policy.drift], ['quality', policy.quality]] as const) {
    const met = rule ? ruleMet(rule, history, trigger.at, since) : undefined;
    if (met) reasons.push(`${role} alarm ${met}`);
  }
  return reasons;
}

/** Decides what a trigger does. */
export function decide(input: PolicyInput): PolicyDecision {
  const { trigger, policy } = input;
  let state = input.state;
  const iso = (ms: number) => new Date(ms).toISOString();

  if (trigger.kind === 'run-ended') {
    if (!state.running || state.running.executionArn !== trigger.executionArn) {
      return { outcome: 'recorded', reasons: [], explanation: `end (${trigger.runStatus}) of ${trigger.executionArn}, which is not the recorded run: state unchanged`, state };
    }
    const lastTrainedAt = trigger.runStatus === 'SUCCEEDED' ? state.running.startedAt : state.lastTrainedAt;
    state = { lastTrainedAt, lastRunEndedAt: trigger.at, lastRunStatus: trigger.runStatus };
    return { outcome: 'recorded', reasons: [], explanation: `run ended ${trigger.runStatus}; cool-down until ${iso(trigger.at + policy.coolDownMs)}`, state };
  }

  // A run whose end was never recorded is over once the state machine's own timeout has passed.
  if (state.running && trigger.at - state.running.startedAt > policy.maxRunMs) {
    state = { ...state, running: undefined, lastRunEndedAt: state.running.startedAt + policy.maxRunMs, lastRunStatus: 'UNKNOWN' };
  }

  const reasons = wantedReasons({ trigger, state, policy, history: input.history });
  if (reasons.length === 0) {
    const what = trigger.alarmArn ? `alarm ${trigger.alarmState}: ${evidence(input, state)}` : 'nothing asks for a run';
    return { outcome: 'no-trigger', reasons, explanation: what, state };
  }
  if (state.running) {
    return { outcome: 'suppressed-already-running', reasons, explanation: `${reasons.join(', ')}; ${state.running.executionArn} is still running (one run at a time)`, state };
  }
  const force = trigger.kind === 'manual' && trigger.force === true;
  if (!force && state.lastRunEndedAt !== undefined && trigger.at < state.lastRunEndedAt + policy.coolDownMs) {
    return { outcome: 'suppressed-cool-down', reasons, explanation: `${reasons.join(', ')}; cool-down after the run that ended ${iso(state.lastRunEndedAt)} (${state.lastRunStatus}) lasts until ${iso(state.lastRunEndedAt + policy.coolDownMs)}`, state };
  }
  if (!force && policy.minNewRows > 0 && state.lastTrainedAt !== undefined) {
    if (input.newRows === undefined) throw new Error('decide: newRows must be counted when a run is wanted and a previous run exists');
    if (input.newRows < policy.minNewRows) {
      return { outcome: 'suppressed-too-little-data', reasons, explanation: `${reasons.join(', ')}; ${input.newRows} new rows since ${iso(state.lastTrainedAt)}, fewer than the minimum ${policy.minNewRows}`, state };
    }
  }
  const data = state.lastTrainedAt === undefined ? 'first run' : `${input.newRows ?? 'uncounted'} new rows`;
  return { outcome: 'started', reasons, explanation: `${reasons.join(', ')}; ${force ? 'forced' : data}`, state };
}

function ruleMet(rule: AlarmRuleConfig, history: PolicyInput['history'], now: number, since: number): string | undefined {
  for (const arn of rule.alarmArns) {
    const n = alarmWindows(history[arn] ?? [], now, rule.windowMs, rule.m, since);
    if (n >= rule.n) return `${arn.split(':').pop()} in ALARM in ${n} of the last ${rule.m} windows (needs ${rule.n})`;
  }
  return undefined;
}

function evidence(input: PolicyInput, state: PipelineState): string {
  const rule = [input.policy.drift, input.policy.quality].find((r) => r?.alarmArns.includes(input.trigger.alarmArn!));
  if (!rule) return 'not a drift or quality alarm of this pipeline';
  const n = alarmWindows(input.history[input.trigger.alarmArn!] ?? [], input.trigger.at, rule.windowMs, rule.m, state.lastRunEndedAt ?? -Infinity);
  return `${n} of the last ${rule.m} windows in ALARM since the last run, needs ${rule.n}`;
}
