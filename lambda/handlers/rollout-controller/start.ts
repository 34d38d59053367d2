/**
 * `start`: refuse while a guarding alarm fires (unless overridden, which is logged), a shadow plan without a Data
 * Capture location to replay from, and variants that do not exist;
 * then write the rollout record, conditional on no other rollout being active on the endpoint.
 */
import {
  checkIntervalFor, initialState, ROLLOUT_ENV, planFromJson, refuseToStart, RolloutExecutionInput, RolloutPlan, RolloutRecord, RolloutState,
  StepResult, worstCaseSeconds,
} from '../../core/rollout';
import { readAlarms } from '../../shared/alarms';
import { describeEndpoint, EndpointView, missingVariants } from '../../shared/endpoint';
import { optionalEnv } from '../../shared/env';
import { errorMessage } from '../../shared/errors';
import { RolloutConflictError } from '../../shared/rollout-table';
import type { ControllerContext } from './context';
import { terminalResult } from './results';

export async function start(ctx: ControllerContext, input: RolloutExecutionInput, executionArn: string):
Promise<StepResult> {
  const { log } = ctx;
  const now = ctx.now();
  const existing = await ctx.table.get(input.endpointName);
  if (existing?.rolloutId === input.rolloutId) {
    // A retried start (Lambda retry after the write succeeded): answer as the first attempt did.
    log.info('start retried; rollout already recorded', { phase: existing.state.phase });
    return existing.state.phase === 'FAILED' ? terminalResult(existing.state) : started(existing.state);
  }

  const { refusal, view } = await refusalReason(ctx, input);
  const bounded = refusal ? { plan: input.plan, deadlineAt: now } : bounds(input, now);
  const base: RolloutState = { ...initialState(now), deadlineAt: bounded.deadlineAt };
  const state: RolloutState = refusal ? { ...base, phase: 'FAILED', reason: refusal } : base;
  const record: RolloutRecord = {
    endpointName: input.endpointName,
    rolloutId: input.rolloutId,
    executionArn,
    stableVariant: input.stableVariant,
    candidateVariant: input.candidateVariant,
    plan: bounded.plan,
    alarmNames: input.alarmNames ?? [],
    deadlineAt: bounded.deadlineAt,
    ...(view?.createdAt !== undefined ? { endpointCreatedAt: view.createdAt } : {}),
    ...historyTarget(),
    state,
    history: [{ at: now, kind: refusal ? 'REFUSED' : 'START', reason: refusal ?? `rollout started (${input.plan.name})` }],
    updatedAt: now,
    ...(input.candidateModel ? { candidateModel: input.candidateModel } : {}),
    ...(input.overrideFiringAlarms ? { overrideFiringAlarms: true } : {}),
    ...(input.capture ? { capture: { bucket: input.capture.bucket, prefix: input.capture.prefix } } : {}),
  };
  try {
    await ctx.table.create(record);
  } catch (e) {
    if (e instanceof RolloutConflictError) {
      log.error('refusing to start: another rollout is active', { activeRolloutId: e.active?.rolloutId });
      return { kind: 'FAILED', waitSeconds: 0, reason: `refusing to start: ${e.message}`, phase: 'FAILED' };
    }
    throw e;
  }
  if (refusal) {
    log.error('rollout refused', { reason: refusal });
    log.metric('RolloutRefused', 1);
    return terminalResult(state);
  }
  log.info('rollout started', { plan: input.plan.name, steps: input.plan.steps.length, deadlineAt: bounded.deadlineAt,
    checkIntervalSeconds: bounded.plan.checkIntervalSeconds });
  return started(state);
}

/** Where this rollout's history row goes (every later writer reads it from the record). */
function historyTarget(): Pick<RolloutRecord, 'historyTable' | 'historyTtlSeconds'> {
  const historyTable = optionalEnv(ROLLOUT_ENV.HISTORY_TABLE);
  if (!historyTable) return {};
  const ttl = Number(optionalEnv(ROLLOUT_ENV.HISTORY_TTL_SECONDS));
  return { historyTable, ...(Number.isFinite(ttl) && ttl > 0 ? { historyTtlSeconds: Math.floor(ttl) } : {}) };
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
  const deadlineAt = typeof input.deadlineAt === 'number' && Number.isFinite(input.deadlineAt)
    ? input.deadlineAt : now + worstCaseSeconds(plan);
  const hooks = (input.preTrafficHooks?.length ?? 0) + (input.postTrafficHooks?.length ?? 0);
  const checkIntervalSeconds = checkIntervalFor(plan, Math.max(1, deadlineAt - now), hooks);
  return { plan: { ...plan, checkIntervalSeconds }, deadlineAt };
}

interface Refusal {
  readonly refusal?: string;
  readonly view?: EndpointView;
}

/** Why the rollout must not start (and the endpoint as read). */
async function refusalReason(ctx: ControllerContext, input: RolloutExecutionInput): Promise<Refusal> {
  return refusalOf(ctx, input).then((r) => (typeof r === 'string' ? { refusal: r } : { view: r }));
}

async function refusalOf(ctx: ControllerContext, input: RolloutExecutionInput): Promise<string | EndpointView> {
  const { log } = ctx;
  try {
    const plan = planFromJson(input.plan);
    // The shadow phase replays the stable variant's Data Capture to the candidate: it needs to know where that is.
    if (plan.shadow && !(typeof input.capture?.bucket === 'string' && input.capture.bucket.length > 0 &&
      typeof input.capture.prefix === 'string')) {
      return `refusing to start: plan '${plan.name}' has a shadow phase, which replays the endpoint's Data Capture, ` +
        'but the input has no capture location (capture: { bucket, prefix }); give the endpoint dataCapture with ' +
        'CaptureMode.INPUT or INPUT_AND_OUTPUT';
    }
  } catch (e) {
    return `refusing to start: ${errorMessage(e)}`;
  }
  if (input.stableVariant === input.candidateVariant) {
    return `refusing to start: stable and candidate are the same variant (${input.stableVariant})`;
  }
  const alarms = await readAlarms(ctx.aws.cloudwatch, input.alarmNames ?? [], log);
  const check = refuseToStart(alarms, input.overrideFiringAlarms === true);
  if (check.refused) return check.reason;
  if (check.firingAlarms.length > 0) {
    log.warn('OVERRIDE_FIRING_ALARMS: starting although guarding alarms are in ALARM', {
      firingAlarms: check.firingAlarms, reason: check.reason,
    });
    log.metric('FiringAlarmsOverridden', 1);
  }
  let view: EndpointView;
  try {
    view = await describeEndpoint(ctx.aws.sagemaker, input.endpointName, log);
  } catch (e) {
    return `refusing to start: cannot describe endpoint ${input.endpointName}: ${errorMessage(e)}`;
  }
  const missing = missingVariants(view, input);
  if (missing.length > 0) {
    return `refusing to start: endpoint ${input.endpointName} has no production variant ${missing.join(', ')}`;
  }
  if (typeof input.deadlineAt === 'number' && input.deadlineAt <= ctx.now()) {
    return `refusing to start: the rollout's deadline (${new Date(input.deadlineAt * 1000).toISOString()}) has passed`;
  }
  return view;
}
