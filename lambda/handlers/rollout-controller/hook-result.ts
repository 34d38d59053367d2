/** `hook-result`: records a traffic hook's verdict in state.hooks; the next step's decide() acts on it. */
import type { ControllerEvent, StepResult } from '../../core/rollout';
import { isTerminal } from '../../core/rollout';
import { StaleRecordError } from '../../shared/rollout-table';
import type { ControllerContext } from './context';
import { loadRecord } from './step';
import { terminalResult } from './results';

type HookResultEvent = Extract<ControllerEvent, { action: 'hook-result' }>;

export async function hookResult(ctx: ControllerContext, e: HookResultEvent): Promise<StepResult> {
  for (let attempt = 1; ; attempt++) {
    const rec = await loadRecord(ctx, e.endpointName, e.rolloutId);
    if (!rec) return { kind: 'FAILED', waitSeconds: 0, reason: `rollout ${e.rolloutId} was superseded`, phase: 'FAILED' };
    if (isTerminal(rec.state.phase)) return terminalResult(rec.state);
    const verdict = e.passed ? 'PASSED' : 'FAILED';
    const reason = `${e.hook} hook ${verdict.toLowerCase()}${e.details ? `: ${e.details}` : ''}`;
    const now = ctx.now();
    const state = { ...rec.state, hooks: { ...rec.state.hooks, [e.hook]: verdict } };
    try {
      await ctx.table.save(rec, state, [{ at: now, kind: `HOOK_${verdict}`, reason }], false, now);
    } catch (err) {
      if (err instanceof StaleRecordError && attempt < 3) continue;
      throw err;
    }
    (e.passed ? ctx.log.info : ctx.log.error)('hook result recorded', { hook: e.hook, passed: e.passed, details: e.details });
    return { kind: 'WAIT', waitSeconds: 0, reason, phase: state.phase };
  }
}
