/**
 * The start of an execution (pure): refuse while a guarding alarm fires (unless overridden, which is logged), a
 * shadow plan without a Data Capture location, variants the endpoint does not have, a deadline already past; else
 * the record with the plan's bounds (the deadline, and a check interval that keeps the execution's history under
 * Step Functions' limit). The executor creates it, conditional on no other rollout being active on the endpoint.
 */
import type { RolloutExecutionInput, RolloutRecord, StepResult } from '../../../contracts/rollout-execution';
import { RolloutPlan } from '../../../contracts/rollout-plan';
import { planFromJson } from '../../../contracts/rollout-plan-validation';
import type { RolloutState } from '../../../contracts/rollout-state';
import { checkIntervalFor, worstCaseSeconds } from '../../../contracts/rollout-bounds';
import type { Effect } from './effects';
import { EndpointView, missingVariants } from './live-endpoint';
import type { AlarmSignal } from './signals';
import { componentStartRefusal, refuseToStart } from './start-check';
import { initialState } from './state';
import { terminalResult } from './step-results';
import type { StartEvent, Transition } from './transition';

/** What the start adapter read: the guarding alarms and, when DescribeEndpoint failed, why. */
export interface StartReads {
  readonly alarms: readonly AlarmSignal[];
  readonly endpointError?: string;
}

export function startTransition(existing: RolloutRecord | undefined, live: EndpointView | undefined, e: StartEvent & Partial<StartReads>,
  now: number): Transition {
  const input = e.input;
  if (existing?.rolloutId === input.rolloutId) {
    // A retried start (Lambda retry after the write succeeded): answer as the first attempt did.
    const result = existing.state.phase === 'FAILED' ? terminalResult(existing.state) : started(existing.state);
    return { kind: 'RETRIED', reason: 'start retried; rollout already recorded', effects: [], result, state: existing.state };
  }
  const alerts: Effect[] = [];
  const refusal = e.refusal ?? refusalOf(input, live, e, now, alerts);
  const bounded = refusal ? { plan: input.plan, deadlineAt: now } : bounds(input, now);
  const base: RolloutState = { ...initialState(now), deadlineAt: bounded.deadlineAt };
  const state: RolloutState = refusal ? { ...base, phase: 'FAILED', reason: refusal } : base;
  const record: RolloutRecord = {
    endpointName: input.endpointName,
    rolloutId: input.rolloutId,
    executionArn: e.executionArn,
    stableVariant: input.stableVariant,
    candidateVariant: input.candidateVariant,
    plan: bounded.plan,
    alarmNames: input.alarmNames ?? [],
    deadlineAt: bounded.deadlineAt,
    ...(live?.createdAt !== undefined ? { endpointCreatedAt: live.createdAt } : {}),
    ...(e.historyTable ? { historyTable: e.historyTable } : {}),
    ...(e.historyTable && e.historyTtlSeconds ? { historyTtlSeconds: e.historyTtlSeconds } : {}),
    state,
    history: [{ at: now, kind: refusal ? 'REFUSED' : 'START', reason: refusal ?? `rollout started (${input.plan.name})` }],
    updatedAt: now,
    version: 1,
    ...(input.candidateModel ? { candidateModel: input.candidateModel } : {}),
    ...(input.overrideFiringAlarms ? { overrideFiringAlarms: true } : {}),
    ...(input.capture ? { capture: { bucket: input.capture.bucket, prefix: input.capture.prefix } } : {}),
    ...(input.component ? { component: input.component } : {}),
  };
  const effects: Effect[] = [...alerts, { kind: 'CREATE', record }, { kind: 'HISTORY_ROW' }];
  if (refusal) {
    effects.push({ kind: 'ALERT', level: 'error', message: 'rollout refused', metric: 'RolloutRefused', fields: { reason: refusal } });
    return { kind: 'REFUSED', reason: refusal, effects, result: terminalResult(state), state };
  }
  effects.push({ kind: 'ALERT', level: 'info', message: 'rollout started', fields: { plan: input.plan.name,
    steps: input.plan.steps.length, deadlineAt: bounded.deadlineAt, checkIntervalSeconds: bounded.plan.checkIntervalSeconds } });
  return { kind: 'START', reason: 'rollout started', effects, result: started(state), state };
}

function started(state: RolloutState): StepResult {
  return { kind: 'WAIT', waitSeconds: 0, reason: 'rollout started', phase: state.phase };
}

/**
 * The deadline (the input's, or the plan's worst case from now) and the plan with a check interval that keeps the
 * execution's history under Step Functions' limit however long the rollout may run.
 */
function bounds(input: RolloutExecutionInput, now: number): { plan: RolloutPlan; deadlineAt: number } {
  const plan = planFromJson(input.plan);
  const counts = { preTraffic: input.preTrafficHooks?.length ?? 0, postTraffic: input.postTrafficHooks?.length ?? 0 };
  const deadlineAt = typeof input.deadlineAt === 'number' && Number.isFinite(input.deadlineAt)
    ? input.deadlineAt : now + worstCaseSeconds(plan, counts);
  const hooks = counts.preTraffic + counts.postTraffic;
  const checkIntervalSeconds = checkIntervalFor(plan, Math.max(1, deadlineAt - now), hooks);
  return { plan: { ...plan, checkIntervalSeconds }, deadlineAt };
}

/** Why the rollout must not start; undefined when it may. */
function refusalOf(input: RolloutExecutionInput, live: EndpointView | undefined, reads: Partial<StartReads>, now: number,
  alerts: Effect[]): string | undefined {
  try {
    const plan = planFromJson(input.plan);
    // The shadow phase replays the stable variant's Data Capture to the candidate: it needs to know where that is.
    if (plan.shadow && !(typeof input.capture?.bucket === 'string' && input.capture.bucket.length > 0 &&
      typeof input.capture.prefix === 'string')) {
      return `refusing to start: plan '${plan.name}' has a shadow phase, which replays the endpoint's Data Capture, ` +
        'but the input has no capture location (capture: { bucket, prefix }); give the endpoint dataCapture with ' +
        'CaptureMode.INPUT or INPUT_AND_OUTPUT';
    }
  } catch (err) {
    return `refusing to start: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!input.component && input.stableVariant === input.candidateVariant) {
    return `refusing to start: stable and candidate are the same variant (${input.stableVariant})`;
  }
  const check = refuseToStart(reads.alarms ?? [], input.overrideFiringAlarms === true);
  if (check.refused) return check.reason;
  if (check.firingAlarms.length > 0) {
    alerts.push({ kind: 'ALERT', level: 'warn', message: 'OVERRIDE_FIRING_ALARMS: starting although guarding alarms are in ALARM',
      metric: 'FiringAlarmsOverridden', fields: { firingAlarms: check.firingAlarms, reason: check.reason } });
  }
  // A component rollout has no variant pair: its live component must exist (the candidate is created later).
  if (input.component) return componentStartRefusal(input.component, live, reads.endpointError);
  if (!live) {
    return `refusing to start: cannot describe endpoint ${input.endpointName}: ${reads.endpointError ?? 'no answer'}`;
  }
  const missing = missingVariants(live, input);
  if (missing.length > 0) {
    return `refusing to start: endpoint ${input.endpointName} has no production variant ${missing.join(', ')}`;
  }
  if (typeof input.deadlineAt === 'number' && input.deadlineAt <= now) {
    return `refusing to start: the rollout's deadline (${new Date(input.deadlineAt * 1000).toISOString()}) has passed`;
  }
  return undefined;
}
