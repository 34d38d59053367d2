/**
 * A raise (the candidate gets traffic): ordered only while the rollout still wants it, checked once more after the order,
 * and undone at once when it landed after the rollout moved on (handed to the rollback Lambda when the endpoint stays
 * Updating past this invocation's budget).
 */
import { describeWeights, isTerminal, OrderWeightsEffect, RolloutRecord } from '../../core/rollout';
import { applyWeights } from '../endpoint';
import { errorMessage } from '../errors';
import { RetryCancelledError } from '../retry';
import { ExecutionReport, ExecutorContext, Mutable, need, table } from './context';
import { handOffRestore } from './hand-off';
import { restoreStable } from './restore-stable';
import { raiseRollbackFailed } from './rollback-failed';

/**
 * A raise: ordered only while the rollout still wants it (re-read before every retry), then checked once more. A
 * rollout that moved on meanwhile gets its stable weights back (undoLateRaise).
 */
export async function raise(ctx: ExecutorContext, endpointName: string, report: Mutable<ExecutionReport>, e: OrderWeightsEffect):
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
