/**
 * `step`: the controller's tick as an adapter. It reads the signals (alarm states, plus each metric alarm's rule
 * applied to its published datapoints by the metric guard, the candidate's invocations, the shadow replay, the bake
 * probe and the statistical gate's counts), builds the TICK event, and hands the transition's effects to the executor,
 * which applies them in the one safe order (lambda/shared/rollout-executor). A record another writer changed
 * meanwhile is read again and the tick transitioned again.
 */
import {
  comparisonPeriodSeconds, planFromJson, RolloutRecord, StepResult, stepResultOf, terminalResult, throttledChecksAfter,
  throttledDecision, transition, Transition, userInvocations,
} from '../../core/rollout';
import { candidateInvocations, describeAlarms } from '../../shared/alarms';
import { describeComponentRollout } from '../../shared/component-rollout-view';
import { describeEndpoint, EndpointView, liveWeights } from '../../shared/endpoint';
import { errorMessage, isThrottling } from '../../shared/errors';
import { metricGuardSignals } from '../../shared/metric-guard';
import { execute, ExecutionReport } from '../../shared/rollout-executor';
import { StaleRecordError } from '../../shared/rollout-table';
import type { ControllerContext } from './context';
import { executorContext } from './context';
import { probeStep } from './probe';
import { readComparison } from './comparison';
import { shadowStep } from './shadow';

const MAX_ATTEMPTS = 3;

export async function step(ctx: ControllerContext, endpointName: string, rolloutId: string): Promise<StepResult> {
  for (let attempt = 1; ; attempt++) {
    const rec = await loadRecord(ctx, endpointName, rolloutId);
    if (!rec) return superseded(rolloutId);
    let ticked: Awaited<ReturnType<typeof tick>>;
    try {
      ticked = await tick(ctx, rec);
    } catch (e) {
      const waiting = await throttled(ctx, rec, e);
      if (waiting) return waiting;
      throw e;
    }
    // This check could read: the next throttled one starts from one interval again.
    if (rec.throttledChecks) await execute(executorContext(ctx), endpointName, rec, [{ kind: 'COUNT_THROTTLED', rolloutId, count: 0 }]);
    const { t, view } = ticked;
    const report = await execute(executorContext(ctx), endpointName, rec, t.effects);
    if (!report.stale) return answer(ctx, rec, view, t, report);
    if (attempt >= MAX_ATTEMPTS) throw new StaleRecordError(endpointName);
    ctx.log.info('rollout record changed concurrently; deciding again', { attempt });
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

export function superseded(rolloutId: string): StepResult {
  return { kind: 'FAILED', waitSeconds: 0, reason: `rollout ${rolloutId} was superseded`, phase: 'FAILED' };
}

/**
 * A check whose reads stayed throttled after their retries slows the rollout down (lambda/core/rollout/throttled-reads.ts):
 * a WAIT of one to 2^k check intervals after k throttled checks in a row (the record's throttledChecks, which this
 * check raises), nothing judged, no state written, no traffic moved. Undefined for any other error, and at the
 * deadline (the step fails and Step Functions retries it, as for any failed read).
 */
async function throttled(ctx: ControllerContext, rec: RolloutRecord, e: unknown): Promise<StepResult | undefined> {
  if (!isThrottling(e)) return undefined;
  const plan = planFromJson(rec.plan);
  const consecutive = throttledChecksAfter(rec.throttledChecks);
  const d = throttledDecision(rec.state, ctx.now(), plan.checkIntervalSeconds, consecutive, (ctx.random ?? Math.random)(), 'reads');
  if (!d) return undefined;
  await execute(executorContext(ctx), rec.endpointName, rec, [{ kind: 'COUNT_THROTTLED', rolloutId: rec.rolloutId, count: consecutive }]);
  ctx.log.warn('reads throttled; the check waits', { error: errorMessage(e), waitSeconds: d.kind === 'WAIT' ? d.seconds : undefined });
  ctx.log.metric('ReadsThrottled', 1);
  return stepResultOf(d, plan.checkIntervalSeconds);
}

/** Reads what this check needs and transitions. */
async function tick(ctx: ControllerContext, rec: RolloutRecord): Promise<{ t: Transition; view: EndpointView }> {
  const { log, aws } = ctx;
  const now = ctx.now();
  const view = rec.component ? await describeComponentRollout(aws.sagemaker, rec.component, log)
    : await describeEndpoint(aws.sagemaker, rec.endpointName, log);
  if (rec.state.phase === 'PROMOTED' || ['ROLLED_BACK', 'ABORTED', 'FAILED'].includes(rec.state.phase)) {
    return { t: transition(rec, view, { kind: 'TICK', signals: { alarms: [], candidateInvocations: 0 } }, now), view };
  }
  const plan = planFromJson(rec.plan);
  const described = await describeAlarms(aws.cloudwatch, rec.alarmNames, log);
  // Each alarm's own rule on the already-published datapoints: reacts at this check, not at the next evaluation.
  const alarms = [...described.signals, ...await metricGuardSignals(aws.cloudwatch, described, now, log)];
  const baking = rec.state.phase === 'BAKING' || rec.state.phase === 'FINAL_BAKE';
  const invocations = baking
    ? await candidateInvocations(aws.cloudwatch, rec.endpointName, rec.candidateVariant, rec.state.phaseStartedAt, now, log,
      comparisonPeriodSeconds(plan.metricsPeriodSeconds, rec.state.phaseStartedAt, now))
    : 0;
  const live = liveWeights(view, rec);
  // Shadow by replay: send the candidate (weight 0) a sample of captured requests, then judge it against stable.
  const shadow = rec.state.phase === 'SHADOW' ? await shadowStep(ctx, rec, now) : undefined;
  // The bake probe: a few captured requests to the live candidate, judged by the policy at this check.
  const observed = shadow?.state ?? await probeStep(ctx, rec, plan, live) ?? rec.state;
  // The statistical gate's per-variant counts and latencies (when the plan has a gate or sub-minute data).
  const comparison = await readComparison(ctx, rec, plan, observed, now);
  const t = transition(rec, view, { kind: 'TICK', observed, signals: { alarms, candidateInvocations: userInvocations(invocations, observed),
    liveWeights: live, shadow: shadow?.comparison, ...(comparison ? { comparison } : {}) } }, now);
  log.info('decision', {
    kind: t.kind, reason: t.reason, from: rec.state.phase, to: t.state?.phase, command: rec.command ?? rec.state.command, alarms,
    candidateInvocations: invocations, liveWeights: live, endpointStatus: view.status, ...(comparison ? { comparison } : {}),
  });
  return { t, view };
}

/** The state machine's answer, with what the executor found on the way (a refused order, a late raise, a read-back). */
async function answer(ctx: ControllerContext, rec: RolloutRecord, view: EndpointView, t: Transition, report: ExecutionReport):
Promise<StepResult> {
  const result = t.result ?? terminalResult(rec.state);
  if (report.capacityError !== undefined) {
    const failed = transition(report.record ?? rec, view, { kind: 'CAPACITY_REFUSED',
      instanceCount: capacityOrdered(t), error: report.capacityError }, ctx.now());
    await execute(executorContext(ctx), rec.endpointName, report.record ?? rec, failed.effects);
    return failed.result ?? result;
  }
  if (report.undone !== undefined) {
    const after = report.record;
    return after && after.rolloutId === rec.rolloutId ? terminalResult(after.state) : superseded(rec.rolloutId);
  }
  if (report.orderError !== undefined) {
    return { ...result, reason: `${result.reason} (ordering failed: ${report.orderError}; retrying at next step)` };
  }
  if (report.unsettled) return { ...result, reason: `${result.reason}; endpoint still Updating, verified at next step` };
  if (!report.verified && report.live) {
    return { ...result, reason: `${result.reason}; WARNING endpoint shows stable ${report.live.stable}% / candidate ` +
      `${report.live.candidate}%, not the ordered weights` };
  }
  return result;
}

function capacityOrdered(t: Transition): number {
  const order = t.effects.find((e) => e.kind === 'ORDER_CAPACITY');
  return order?.kind === 'ORDER_CAPACITY' ? order.instanceCount : 0;
}
