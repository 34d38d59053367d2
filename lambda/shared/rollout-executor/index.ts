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
import {
  describeWeights, Effect, effectOrderProblem, isTerminal, OrderWeightsEffect, ordersRaise, RolloutRecord, ROLLOUT_ENV, rolloutCountMetrics, rolloutStateMetrics, StartExecutionEffect, StopExecutionEffect,
  VariantWeights,
} from '../../core/rollout';
import type { AwsClients } from '../clients';
import { applyWeights, waitForWeights } from '../endpoint';
import { optionalEnv } from '../env';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { notificationFailureEntry, notifyStatus } from '../notify';
import { RetryCancelledError } from '../retry';
import { RolloutConflictError, RolloutTable, StaleRecordError } from '../rollout-table';
import { orderCapacity } from './capacity-order';
import { applyComponentEffect } from './component-effects';
import { handOffRestore } from './hand-off';
import { restoreStable } from './restore-stable';
import { raiseRollbackFailed } from './rollback-failed';

export { RollbackFailedError, raiseRollbackFailed } from './rollback-failed';

export type ExecutorClients = Pick<AwsClients, 'sagemaker' | 'sfn' | 'sns' | 'events' | 'lambda' | 'cloudwatch'>;

export interface ExecutorContext {
  readonly aws: ExecutorClients;
  /** The rollout table; absent where no rollout is recorded (a stack without one). */
  readonly table?: RolloutTable;
  readonly log: Logger;
  /** Epoch seconds. */
  readonly now: () => number;
  /** Milliseconds for a lowering and its read-back (retries of a throttled or Updating endpoint included). */
  readonly budgetMs: number;
  /** Milliseconds for a raise or a capacity order. @default budgetMs */
  readonly raiseBudgetMs?: number;
  /**
   * A read-back that does not hold yet is not a failure: the caller is polled again (CloudFormation's isComplete)
   * and applies the same transition then. Nothing after it is done now.
   */
  readonly settleLater?: boolean;
  /**
   * Starts a rollout's execution (START_EXECUTION). Only the deploy trigger's transitions start rollouts, so only its
   * adapter passes this (start-execution.ts): the other functions' code cannot reach StartExecution, and their roles
   * do not need it.
   */
  readonly startExecution?: (effect: StartExecutionEffect) => Promise<string>;
  /**
   * Stops a rollout's execution (STOP_EXECUTION; stopExecutionOf in stop-execution.ts). Every writer that ends
   * rollouts passes it; the drain guard does not (it ends none, and its role cannot name the state machine: the
   * endpoint waits for the guard, and the state machine's functions name the endpoint).
   */
  readonly stopExecution?: (effect: StopExecutionEffect) => Promise<'STOPPED' | 'NOT_RUNNING'>;
}

export interface ExecutionReport {
  /** The record as this run left it (undefined when there is none). */
  readonly record?: RolloutRecord;
  /** Every read-back held (true when there was none). */
  readonly verified: boolean;
  /** The live split at the last read-back, when there was one. */
  readonly live?: VariantWeights;
  /** A read-back of a raise: the endpoint was still Updating at the end of the wait. */
  readonly unsettled?: boolean;
  /** A raise's order failed after its retries (the next tick orders it again). */
  readonly orderError?: string;
  /** The capacity order failed after its retries (the caller feeds CAPACITY_REFUSED to the transition). */
  readonly capacityError?: string;
  /** The record changed since it was read: nothing after the write was done; re-read and transition again. */
  readonly stale?: boolean;
  /** CREATE lost: another rollout is active on the endpoint. */
  readonly conflict?: RolloutConflictError;
  /** SET_COMMAND found no active rollout. */
  readonly notActive?: boolean;
  /** A raise landed after the rollout moved on and was undone (or handed over). */
  readonly undone?: 'RESTORED' | 'HANDED_OFF';
  readonly executionArn?: string;
  readonly stopped?: 'STOPPED' | 'NOT_RUNNING';
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Applies `effects` to the rollout `rec` of `endpointName` (see the file's comment for the order). */
export async function execute(ctx: ExecutorContext, endpointName: string, rec: RolloutRecord | undefined,
  effects: readonly Effect[]): Promise<ExecutionReport> {
  const report = await applyEffects(ctx, endpointName, rec, effects);
  // The rollout's state as metrics (dashboards), each time the one writer changed the record.
  if (report.record && report.record !== rec && !report.stale) {
    const state = rolloutStateMetrics(report.record, report.live);
    ctx.log.metrics(state.map((d) => ({ name: d.name, value: d.value, unit: d.unit })), state[0].dimensions);
    // Per endpoint: a start or an end recorded by this write (VariantRollout's metricRolloutsStarted, ...).
    const counts = rolloutCountMetrics(rec, report.record);
    if (counts.length > 0) ctx.log.metrics(counts.map((d) => ({ name: d.name, value: d.value, unit: d.unit })), counts[0].dimensions);
  }
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
  // Issue 22's rollout-state metrics (phase, candidate share ordered and live, candidate slot) belong here: after the
  // read-back and the write, so they report what the endpoint and the record say, never an intention.
  return report;
}

/** Retry budget per notification channel: the trigger has one minute for its whole run. */
const NOTIFY_BUDGET_MS = 5000;

/**
 * A raise: ordered only while the rollout still wants it (re-read before every retry), then checked once more. A
 * rollout that moved on meanwhile gets its stable weights back (undoLateRaise).
 */
async function raise(ctx: ExecutorContext, endpointName: string, report: Mutable<ExecutionReport>, e: OrderWeightsEffect):
Promise<'ORDERED' | 'STOPPED'> {
  const { log, aws } = ctx;
  const rec = need(report.record, e.kind);
  try {
    await applyWeights(aws.sagemaker, endpointName, e.pair, e.weights, ctx.raiseBudgetMs ?? ctx.budgetMs, log,
      async () => movedOn(rec, await table(ctx).get(endpointName)) === undefined);
  } catch (err) {
    if (err instanceof RetryCancelledError) {
      log.warn('weight increase not retried: the rollout ended meanwhile', { weights: e.weights });
      report.record = await table(ctx).get(endpointName);
      return 'STOPPED';
    }
    log.error('could not order weights; the next step orders them again', { error: err, weights: e.weights });
    log.metric('WeightOrderFailed', 1);
    report.orderError = errorMessage(err);
    return 'STOPPED';
  }
  const after = await table(ctx).get(endpointName);
  const why = movedOn(rec, after);
  if (why === undefined) return 'ORDERED';
  report.record = after;
  report.undone = await undoLateRaise(ctx, endpointName, rec, e, why);
  return 'STOPPED';
}

/** Why the rollout no longer wants a raise ordered for `rec`; undefined while it does. */
function movedOn(rec: RolloutRecord, now: RolloutRecord | undefined): string | undefined {
  if (!now || now.rolloutId !== rec.rolloutId) return `rollout ${rec.rolloutId} was replaced`;
  if (isTerminal(now.state.phase) && now.state.phase !== 'PROMOTED') return `rollout ended ${now.state.phase}: ${now.state.reason ?? ''}`.trim();
  if (now.command === 'ABORT' || now.state.command === 'ABORT') return 'an operator abort is pending';
  return undefined;
}

/** The raise landed after the rollout moved on: stable again, read back; handed over when it does not hold in time. */
async function undoLateRaise(ctx: ExecutorContext, endpointName: string, rec: RolloutRecord, e: OrderWeightsEffect,
  why: string): Promise<'RESTORED' | 'HANDED_OFF'> {
  const { log, aws } = ctx;
  log.error('LATE_RAISE: a weight increase landed after the rollout moved on; restoring the stable weights', {
    weights: e.weights, why });
  log.metric('LateRaiseUndone', 1);
  const restored = await restoreStable(aws.sagemaker, endpointName, e.pair, ctx.budgetMs, log);
  const reason = `a raise to ${describeWeights(e.weights)} landed after the rollout moved on (${why})`;
  const entry = (kind: string, text: string) => ctx.table?.appendEvent(endpointName, rec.rolloutId, { at: ctx.now(), kind, reason: text })
    .catch((err) => log.warn('could not add an entry to the rollout record', { error: err, kind }));
  if (restored.holds) {
    await entry('STABLE_RESTORED', `${reason}; undone: ${restored.reason}`);
    return 'RESTORED';
  }
  let handed = false;
  try {
    handed = await handOffRestore(aws.lambda, { endpointName, rolloutId: rec.rolloutId, reason: `${reason}; ${restored.reason}` }, log);
  } catch (err) {
    log.error('could not hand the restore to the rollback Lambda', { error: err });
  }
  if (!handed) throw await raiseRollbackFailed(aws, ctx.table, rec, `${reason}; ${restored.reason}`, log, ctx.now());
  log.warn('RESTORE_HANDED_OFF: the rollback Lambda restores stable once the endpoint accepts orders', { reason: restored.reason });
  log.metric('RestoreHandedOff', 1);
  await entry('RESTORE_HANDED_OFF', `${reason}; not undone in this run (${restored.reason}): handed to the rollback Lambda`);
  return 'HANDED_OFF';
}

function table(ctx: ExecutorContext): RolloutTable {
  if (!ctx.table) throw new Error(`rollout executor: no rollout table (${ROLLOUT_ENV.TABLE} is ${optionalEnv(ROLLOUT_ENV.TABLE) ?? 'unset'})`);
  return ctx.table;
}

function need(rec: RolloutRecord | undefined, kind: string): RolloutRecord {
  if (!rec) throw new Error(`rollout executor: ${kind} needs the rollout's record`);
  return rec;
}

/** For raising a failed restore of a pair no record names (a drain, a reverted deploy without a rollout). */
function pseudoRecord(endpointName: string, pair: { stableVariant: string; candidateVariant: string }): RolloutRecord {
  return { endpointName, rolloutId: '', executionArn: '', ...pair, plan: undefined as never, alarmNames: [],
    state: { phase: 'ABORTED', stepIndex: -1, phaseStartedAt: 0, startedAt: 0, weights: { stable: 100, candidate: 0 },
      hooks: { preTraffic: 'NOT_RUN', postTraffic: 'NOT_RUN' } }, history: [], updatedAt: 0 };
}
