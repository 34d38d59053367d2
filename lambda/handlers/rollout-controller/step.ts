/**
 * `step`: read the signals (alarm states, plus each metric alarm's rule applied to its published datapoints by the
 * metric guard), ask decide() what to do, do it, persist the next state.
 *
 * Ordering keeps a concurrent rollback safe: a weight increase (SHIFT/PROMOTE) is persisted BEFORE it is ordered
 * (conditional on the record's version, so it fails if the rollback Lambda wrote first), and the record is read
 * again AFTER ordering — if a rollback ended the rollout meanwhile, its stable weights are put back. A move to
 * stable (ROLLBACK/FAIL) is ordered first, read back until it holds, and persisted after: traffic comes before
 * bookkeeping, and an end is never recorded while the candidate still serves.
 */
import {
  ALL_STABLE, capacityKeptNote, decide, Decision, describeWeights, isTerminal, planFromJson, RolloutPlan, RolloutRecord, sameWeights,
  StepResult, userInvocations, VariantWeights,
} from '../../core/rollout';
import { candidateInvocations, describeAlarms } from '../../shared/alarms';
import { applyWeights, describeEndpoint, EndpointView, liveWeights, waitForWeights } from '../../shared/endpoint';
import { errorMessage } from '../../shared/errors';
import { metricGuardSignals } from '../../shared/metric-guard';
import { notificationFailureEntry, notifyStatus } from '../../shared/notify';
import { restoreStable } from '../../shared/restore-stable';
import { raiseRollbackFailed } from '../../shared/rollback-failed';
import { HistoryEntry, StaleRecordError } from '../../shared/rollout-table';
import { RetryCancelledError } from '../../shared/retry';
import { timing } from '../../shared/timing';
import type { ControllerContext } from './context';
import { statusDetail, stepResultOf, terminalResult } from './results';
import { capacityAtStart, capacityBeforeTraffic } from './capacity';
import { probeStep } from './probe';
import { readComparison } from './comparison';
import { shadowStep, startReplay } from './shadow';

const MAX_ATTEMPTS = 3;

export async function step(ctx: ControllerContext, endpointName: string, rolloutId: string): Promise<StepResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await stepOnce(ctx, endpointName, rolloutId);
    } catch (e) {
      if (!(e instanceof StaleRecordError) || attempt >= MAX_ATTEMPTS) throw e;
      ctx.log.info('rollout record changed concurrently; deciding again', { attempt });
    }
  }
}

/** Loads this execution's record; undefined when a newer rollout replaced it. */
export async function loadRecord(ctx: ControllerContext, endpointName: string, rolloutId: string):
Promise<RolloutRecord | undefined> {
  const rec = await ctx.table.get(endpointName);
  if (!rec) throw new Error(`no rollout record for endpoint ${endpointName} (rollout ${rolloutId}); was start run?`);
  if (rec.rolloutId !== rolloutId) {
    ctx.log.error('rollout superseded by a newer one', { currentRolloutId: rec.rolloutId });
    return undefined;
  }
  return rec;
}

async function stepOnce(ctx: ControllerContext, endpointName: string, rolloutId: string): Promise<StepResult> {
  const { log, aws } = ctx;
  const rec = await loadRecord(ctx, endpointName, rolloutId);
  if (!rec) return { kind: 'FAILED', waitSeconds: 0, reason: `rollout ${rolloutId} was superseded`, phase: 'FAILED' };
  if (isTerminal(rec.state.phase)) return settleTerminal(ctx, rec);

  const plan = planFromJson(rec.plan);
  const now = ctx.now();
  const view = await describeEndpoint(aws.sagemaker, endpointName, log);
  const described = await describeAlarms(aws.cloudwatch, rec.alarmNames, log);
  // Each alarm's own rule on the already-published datapoints: reacts at this check, not at the next evaluation.
  const alarms = [...described.signals, ...await metricGuardSignals(aws.cloudwatch, described, now, log)];
  const baking = rec.state.phase === 'BAKING' || rec.state.phase === 'FINAL_BAKE';
  const invocations = baking
    ? await candidateInvocations(aws.cloudwatch, endpointName, rec.candidateVariant, rec.state.phaseStartedAt, now, log)
    : 0;
  const live = liveWeights(view, rec);
  const command = rec.command ?? rec.state.command;
  // Shadow by replay: send the candidate (weight 0) a sample of captured requests, then judge it against stable.
  const shadow = rec.state.phase === 'SHADOW' ? await shadowStep(ctx, rec, now) : undefined;
  // The bake probe: a few captured requests to the live candidate, judged by the policy at this check.
  const observed = shadow?.state ?? await probeStep(ctx, rec, plan, live) ?? rec.state;
  // The statistical gate's per-variant counts and latencies (only when the plan has a gate).
  const comparison = await readComparison(ctx, rec, plan, observed, now);
  let d: Decision = decide({ ...observed, command }, { alarms, candidateInvocations: userInvocations(invocations, observed),
    liveWeights: live, shadow: shadow?.comparison, ...(comparison ? { comparison } : {}) }, plan, now);
  if (d.kind === 'START_SHADOW') {
    // No endpoint change: the candidate stays at weight 0 and the next steps replay captured requests to it.
    const replay = startReplay(rec, d.state.phaseStartedAt);
    if (replay) d = { ...d, state: { ...d.state, shadowReplay: replay } };
  }
  log.info('decision', {
    kind: d.kind, reason: d.reason, from: rec.state.phase, to: d.state.phase, command, alarms,
    candidateInvocations: invocations, liveWeights: live, endpointStatus: view.status, ...(comparison ? { comparison } : {}),
  });
  const consumed = command !== undefined;
  const entries = historyFor(rec, d, now, consumed);
  // Capacity before traffic: ordered as the rollout leaves PENDING, so a hook or a shadow run overlaps the scaling.
  if (d.kind === 'RUN_PRE_TRAFFIC_HOOK' || d.kind === 'START_SHADOW') d = await capacityAtStart(ctx, rec, d, view, plan, now, entries);

  switch (d.kind) {
    case 'SHIFT':
    case 'PROMOTE': {
      // Capacity before traffic: the first weight order waits until the candidate has the stable slot's instances.
      const cap = await capacityBeforeTraffic(ctx, rec, observed, d, view, plan, now);
      if (cap.kind === 'DONE') return cap.result;
      if (cap.kind === 'FAIL') return lower(ctx, cap.rec, cap.decision, cap.entries, consumed && cap.rec === rec, now);
      return raise(ctx, rec, cap.decision, d.weights, view, plan, [...entries, ...cap.entries], consumed, now);
    }
    case 'ROLLBACK':
    case 'FAIL':
      return lower(ctx, rec, d, entries, consumed, now);
    default: {
      const changed = consumed || JSON.stringify(d.state) !== JSON.stringify(rec.state);
      const saved = changed ? await ctx.table.save(rec, d.state, entries, consumed, now) : rec;
      if (d.kind === 'COMPLETE') {
        log.info('rollout promoted', { reason: d.reason });
        log.metric('RolloutPromoted', 1);
        await notifyStatus(aws, statusDetail(rec, d.state, d.reason), log, { sns: false });
      } else if (d.state.phase === 'SHADOW' && view.status === 'InService' && !sameWeights(live, ALL_STABLE)) {
        // A shadow answers nobody: the candidate must be at weight 0. Someone changed the split; put it back.
        log.warn('candidate takes traffic during the shadow run; ordering the stable weights again', { live });
        await applyWeights(aws.sagemaker, endpointName, rec, ALL_STABLE, ctx.budget(timing().rollbackBudgetMs), log);
      } else if (d.state.phase === 'SHIFTING' && view.status === 'InService' && !sameWeights(live, d.state.weights)) {
        // The ordered split is not live and nothing is updating: the order was lost (e.g. the Lambda ended between
        // persisting and ordering). Order it again; if SageMaker keeps refusing, the shift timeout fails the rollout.
        log.warn('ordered weights not live and endpoint idle; ordering them again', { ordered: d.state.weights, live });
        return afterOrder(ctx, saved, d.state.weights, stepResultOf(d, plan.checkIntervalSeconds));
      }
      return stepResultOf(d, plan.checkIntervalSeconds);
    }
  }
}

/** SHIFT or PROMOTE: persist, order, re-check for a concurrent rollback, verify. */
async function raise(ctx: ControllerContext, rec: RolloutRecord, d: Decision, weights: VariantWeights,
  view: EndpointView, plan: RolloutPlan, entries: HistoryEntry[], consumed: boolean, now: number): Promise<StepResult> {
  const result = stepResultOf(d, plan.checkIntervalSeconds);
  if (view.status === 'Updating') {
    // SageMaker would refuse the order; nothing is persisted, the same decision is taken at the next step.
    ctx.log.info('endpoint is Updating; shift deferred to the next step');
    return { kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds, reason: `endpoint Updating; deferred: ${d.reason}`,
      phase: rec.state.phase };
  }
  const saved = await ctx.table.save(rec, d.state, entries, consumed, now);
  if (d.kind === 'PROMOTE') {
    ctx.log.metric('RolloutPromoted', 1);
    await notifyStatus(ctx.aws, statusDetail(rec, d.state, d.reason), ctx.log, { sns: false });
  }
  return afterOrder(ctx, saved, weights, result);
}

/** Orders weights that send more traffic to the candidate, then makes sure no rollback was overtaken. */
async function afterOrder(ctx: ControllerContext, rec: RolloutRecord, weights: VariantWeights, result: StepResult):
Promise<StepResult> {
  const { log, aws } = ctx;
  try {
    // Re-read before every retry: an increase is never ordered after a rollback was recorded.
    await applyWeights(aws.sagemaker, rec.endpointName, rec, weights, ctx.budget(timing().controllerApplyBudgetMs), log,
      async () => {
        const now = await ctx.table.get(rec.endpointName);
        return now?.rolloutId === rec.rolloutId && !isTerminal(now.state.phase);
      });
  } catch (e) {
    if (e instanceof RetryCancelledError) {
      log.warn('weight increase not retried: the rollout ended meanwhile', { weights });
      const after = await ctx.table.get(rec.endpointName);
      if (after && after.rolloutId === rec.rolloutId) return settleTerminal(ctx, after);
      return { kind: 'FAILED', waitSeconds: 0, reason: `rollout ${rec.rolloutId} was superseded`, phase: 'FAILED' };
    }
    log.error('could not order weights; the next step orders them again', { error: e, weights });
    log.metric('WeightOrderFailed', 1);
    return { ...result, reason: `${result.reason} (ordering failed: ${errorMessage(e)}; retrying at next step)` };
  }
  const after = await ctx.table.get(rec.endpointName);
  if (after && after.rolloutId === rec.rolloutId && isTerminal(after.state.phase) && after.state.phase !== 'PROMOTED') {
    log.warn('rollout ended concurrently while weights were ordered; restoring the stable weights', {
      phase: after.state.phase, reason: after.state.reason,
    });
    await applyWeights(aws.sagemaker, rec.endpointName, rec, ALL_STABLE, ctx.budget(timing().rollbackBudgetMs), log);
    return terminalResult(after.state);
  }
  const settle = await waitForWeights(aws.sagemaker, rec.endpointName, rec, weights, log);
  if (!settle.settled) return { ...result, reason: `${result.reason}; endpoint still Updating, verified at next step` };
  if (!settle.applied) {
    return { ...result, reason: `${result.reason}; WARNING endpoint shows ${describeWeights(settle.live)}, ` +
      `not the ordered ${describeWeights(weights)}` };
  }
  return result;
}

/**
 * ROLLBACK or FAIL: stable weights first, read back until they hold, then the record, then people and machines are
 * told. When stable does not hold, nothing is recorded (the rollout stays active, the decision is taken again at the
 * task's retry) and the failure is raised: RollbackFailed metric, EVENT_ROLLBACK_FAILED event, history entry.
 */
async function lower(ctx: ControllerContext, rec: RolloutRecord, d: Decision, entries: HistoryEntry[],
  consumed: boolean, now: number): Promise<StepResult> {
  const { log, aws } = ctx;
  const restored = await restoreStable(aws.sagemaker, rec.endpointName, rec, ctx.budget(timing().rollbackBudgetMs), log);
  if (!restored.holds) throw await raiseRollbackFailed(aws, ctx.table, rec, `${d.reason}; ${restored.reason}`, log, now);
  const state = { ...d.state, reason: d.reason };
  const kept = capacityKeptNote(state);
  try {
    await ctx.table.save(rec, state, kept ? [...entries, { at: now, kind: 'CAPACITY', reason: kept }] : entries, consumed, now);
  } catch (e) {
    if (!(e instanceof StaleRecordError)) throw e;
    const current = await ctx.table.get(rec.endpointName);
    // The rollback Lambda (or another step) recorded the end first: its record and notification stand.
    if (current?.rolloutId === rec.rolloutId && isTerminal(current.state.phase)) return terminalResult(current.state);
    throw e;
  }
  log.error(d.kind === 'FAIL' ? 'rollout failed' : 'rollout rolled back', { reason: d.reason, cause: state.cause });
  log.metric(d.kind === 'FAIL' ? 'RolloutFailed' : 'RolloutRolledBack', 1);
  const outcome = await notifyStatus(aws, statusDetail(rec, state, d.reason), log);
  const failedNote = notificationFailureEntry(outcome, now);
  if (failedNote) await ctx.table.appendEvent(rec.endpointName, rec.rolloutId, failedNote).catch((e) =>
    log.warn('could not add NOTIFICATION_FAILED to the rollout record', { error: e }));
  return { ...stepResultOf(d, 0), reason: d.reason };
}

/** A rollout that already ended: make sure its traffic is where the end says, and answer the same again. */
async function settleTerminal(ctx: ControllerContext, rec: RolloutRecord): Promise<StepResult> {
  if (rec.state.phase !== 'PROMOTED') {
    const view = await describeEndpoint(ctx.aws.sagemaker, rec.endpointName, ctx.log);
    const live = liveWeights(view, rec);
    if (!sameWeights(live, ALL_STABLE)) {
      ctx.log.warn('ended rollout but stable weights not live; ordering them again', { live, phase: rec.state.phase });
      await applyWeights(ctx.aws.sagemaker, rec.endpointName, rec, ALL_STABLE, ctx.budget(timing().rollbackBudgetMs), ctx.log);
    }
  }
  return terminalResult(rec.state);
}

/** A history entry for every change worth reading later (not for every WAIT). */
function historyFor(rec: RolloutRecord, d: Decision, now: number, consumed: boolean): HistoryEntry[] {
  const phaseChanged = d.state.phase !== rec.state.phase;
  const newHold = d.kind === 'HOLD' && rec.state.holdingSince === undefined;
  const moved = d.kind !== 'WAIT' && d.kind !== 'HOLD';
  return phaseChanged || newHold || moved || consumed ? [{ at: now, kind: d.kind, reason: d.reason }] : [];
}
