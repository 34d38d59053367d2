/** `hook-result`: the HOOK_VERDICT transition records a traffic hook's verdict; the next tick's decide() acts on it. */
import type { ControllerEvent, StepResult } from '../../core/rollout';
import { terminalResult, transition } from '../../core/rollout';
import { execute } from '../../shared/rollout-executor';
import { StaleRecordError } from '../../shared/rollout-table';
import type { ControllerContext } from './context';
import { executorContext } from './context';
import { loadRecord, superseded } from './step';

type HookResultEvent = Extract<ControllerEvent, { action: 'hook-result' }>;

export async function hookResult(ctx: ControllerContext, e: HookResultEvent): Promise<StepResult> {
  for (let attempt = 1; ; attempt++) {
    const rec = await loadRecord(ctx, e.endpointName, e.rolloutId);
    if (!rec) return superseded(e.rolloutId);
    const t = transition(rec, undefined, { kind: 'HOOK_VERDICT', hook: e.hook, passed: e.passed, details: e.details,
      ...(e.error !== undefined ? { error: e.error } : {}) }, ctx.now());
    const report = await execute(executorContext(ctx), e.endpointName, rec, t.effects);
    if (!report.stale) return t.result ?? terminalResult(rec.state);
    if (attempt >= 3) throw new StaleRecordError(e.endpointName);
  }
}
