/**
 * The rollout executor: the one place that writes the rollout record or orders an endpoint's weights or capacity.
 * It applies a transition's effects (lambda/core/rollout/transition.ts) in the one safe order and refuses any other:
 *
 * - a raise (the candidate gets traffic) is persisted first, conditional on the record's version, so a concurrent
 *   end wins the write; after the order the record is read again, and a raise that landed after the rollout moved
 *   on (ended, replaced, ABORT pending) is undone at once. An undo that does not hold within this invocation's budget
 *   (the endpoint stays Updating while CloudFormation reverts it) is handed to the rollback Lambda, whose retries
 *   outlive the Updating state and end in its dead-letter queue; failing that, ROLLBACK_FAILED is raised.
 * - a lowering (all traffic on stable) is ordered, read back until it holds, and only then persisted: an end is never
 *   recorded while the candidate still serves. One that does not hold is raised (ROLLBACK_FAILED) and thrown.
 * - the history row, the execution's stop and the notifications follow the write they report.
 *
 * Throttling slows every call (each is retried within the budget), never fails or misjudges a step.
 */
import { Effect, effectOrderProblem, OrderWeightsEffect, ordersRaise, RolloutRecord } from '../../core/rollout';
import { waitForWeights } from '../endpoint';
import { errorMessage } from '../errors';
import { notificationFailureEntry, notifyStatus } from '../notify';
import { RetryCancelledError } from '../retry';
import { RolloutConflictError, StaleRecordError } from '../rollout-table';
import { orderCapacity } from './capacity-order';
import { applyComponentEffect } from './component-effects';
import { ExecutionReport, ExecutorContext, Mutable, need, table } from './context';
import { raise } from './raise';
import { restoreStable } from './restore-stable';
import { raiseRollbackFailed } from './rollback-failed';
import { publishStateMetrics } from './state-metrics';

export { RollbackFailedError, raiseRollbackFailed } from './rollback-failed';

export type { ExecutionReport, ExecutorClients, ExecutorContext } from './context';

/** Applies `effects` to the rollout `rec` of `endpointName` (see the file's comment for the order). */
export async function execute(ctx: ExecutorContext, endpointName: string, rec: RolloutRecord | undefined,
  effects: readonly Effect[]): Promise<ExecutionReport> {
  const report = await applyEffects(ctx, endpointName, rec, effects);
  publishStateMetrics(ctx.log, rec, report);
  return report;
}

async function applyEffects(ctx: ExecutorContext, endpointName: string, rec: RolloutRecord | undefined,
  effects: readonly Effect[]): Promise<ExecutionReport> {
  const problem = effectOrderProblem(effects);
  if (problem) throw new Error(`rollout executor: unsafe effect order for ${endpointName}: ${problem}`);
  const report: Mutable<ExecutionReport> = { record: rec, verified: true };
  const { log, aws } = ctx;
  let lastOrder: OrderWeightsEffect | undefined;
  for (const e of effects) {
    switch (e.kind) {
      case 'ALERT':
        log[e.level](e.message, { ...e.fields });
        if (e.metric) log.metric(e.metric, 1);
        break;
      case 'SET_COMMAND': {
        const updated = await table(ctx).setCommand(endpointName, e.command, ctx.now());
        if (!updated) return { ...report, notActive: true };
        report.record = updated;
        break;
      }
      case 'CREATE':
        try {
          await table(ctx).create(e.record);
          report.record = e.record;
        } catch (err) {
          if (err instanceof RolloutConflictError) return { ...report, conflict: err };
          throw err;
        }
        break;
      case 'PERSIST':
        try {
          report.record = await table(ctx).save(need(report.record, e.kind), e.state, e.entries, e.consumeCommand, ctx.now());
        } catch (err) {
          if (err instanceof StaleRecordError) return { ...report, stale: true };
          throw err;
        }
        break;
      case 'COUNT_THROTTLED':
        await table(ctx).setThrottledChecks(endpointName, e.rolloutId, e.count);
        break;
      case 'HISTORY_ROW':
        if (report.record && ctx.table) await ctx.table.keepHistory(report.record, ctx.now());
        break;
      case 'APPEND_ENTRY':
        if (report.record) {
          await table(ctx).appendEvent(endpointName, report.record.rolloutId, e.entry).catch((err) =>
            log.warn('could not add an entry to the rollout record', { error: err, entry: e.entry.kind }));
        }
        break;
      case 'ORDER_WEIGHTS':
        lastOrder = e;
        if (ordersRaise(e)) {
          const raised = await raise(ctx, endpointName, report, e);
          if (raised !== 'ORDERED') return report;
        }
        break;
      case 'VERIFY': {
        const ordered = lastOrder && lastOrder.pair.stableVariant === e.pair.stableVariant ? lastOrder : undefined;
        lastOrder = undefined;
        if (ordered && ordersRaise(ordered)) {
          const settle = await waitForWeights(aws.sagemaker, endpointName, e.pair, e.weights, log);
          Object.assign(report, { live: settle.live, unsettled: !settle.settled, verified: settle.applied });
          break;
        }
        // A lowering: ordered (unless only a read-back was asked) and read back until it holds, before anything is recorded.
        const restored = await restoreStable(aws.sagemaker, endpointName, e.pair, ctx.budgetMs, log, { verifyOnly: !ordered });
        report.live = restored.live;
        if (restored.holds) {
          log.info('stable weights live', { stableVariant: e.pair.stableVariant, orders: restored.orders });
          break;
        }
        report.verified = false;
        if (ctx.settleLater) {
          log.info('stable not live yet; checked again at the next poll', { reason: restored.reason });
          return report;
        }
        throw await raiseRollbackFailed(aws, ctx.table, report.record ?? pseudoRecord(endpointName, e.pair),
          e.reason ? `${e.reason}; ${restored.reason}` : restored.reason, log, ctx.now());
      }
      case 'ORDER_CAPACITY':
        try {
          await orderCapacity(ctx, endpointName, report.record, e.variant, e.instanceCount);
          log.info('ordered capacity before traffic', { variant: e.variant, instanceCount: e.instanceCount });
          log.metric('CapacityOrdered', 1);
        } catch (err) {
          if (err instanceof RetryCancelledError) return report;
          return { ...report, capacityError: errorMessage(err) };
        }
        break;
      case 'STOP_EXECUTION':
        if (!ctx.stopExecution) throw new Error(`rollout execution ${e.executionArn}: this function cannot stop rollout executions`);
        report.stopped = await ctx.stopExecution(e);
        break;
      case 'START_EXECUTION': {
        if (!ctx.startExecution) {
          throw new Error(`rollout ${e.input.rolloutId}: this function cannot start rollout executions (only the deploy trigger does)`);
        }
        report.executionArn = await ctx.startExecution(e);
        log.info('rollout execution started', { rolloutId: e.input.rolloutId, executionArn: report.executionArn, plan: e.input.plan.name,
          candidateVariant: e.input.candidateVariant, stableVariant: e.input.stableVariant, candidateModel: e.input.candidateModel,
          deadlineAt: e.input.deadlineAt });
        break;
      }
      case 'CREATE_COMPONENT':
      case 'DELETE_COMPONENT':
      case 'VERIFY_COMPONENT':
      case 'PUBLISH_VERDICT':
        if (!(await applyComponentEffect(ctx, e, report))) return report;
        break;
      case 'NOTIFY': {
        // After the traffic and the record: a slow or failing channel never delays them, and never fails the run.
        const outcome = await notifyStatus(aws, e.detail, log, { sns: e.sns, budgetMs: NOTIFY_BUDGET_MS });
        const entry = notificationFailureEntry(outcome, ctx.now());
        if (entry && ctx.table) {
          await ctx.table.appendEvent(endpointName, e.detail.rolloutId, entry).catch((err) =>
            log.warn('could not add NOTIFICATION_FAILED to the rollout record', { error: errorMessage(err) }));
        }
        break;
      }
    }
  }
  return report;
}

/** Retry budget per notification channel: the trigger has one minute for its whole run. */
const NOTIFY_BUDGET_MS = 5000;

/** For raising a failed restore of a pair no record names (a drain, a reverted deploy without a rollout). */
function pseudoRecord(endpointName: string, pair: { stableVariant: string; candidateVariant: string }): RolloutRecord {
  return { endpointName, rolloutId: '', executionArn: '', ...pair, plan: undefined as never, alarmNames: [],
    state: { phase: 'ABORTED', stepIndex: -1, phaseStartedAt: 0, startedAt: 0, weights: { stable: 100, candidate: 0 },
      hooks: { preTraffic: 'NOT_RUN', postTraffic: 'NOT_RUN' } }, history: [], updatedAt: 0 };
}
