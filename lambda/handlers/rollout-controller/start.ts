/**
 * `start`: reads the guarding alarms and the endpoint, and hands the START transition's record to the executor
 * (created conditional on no other rollout being active on the endpoint). The refusals are the transition's.
 */
import { ROLLOUT_ENV, RolloutExecutionInput, StepResult, transition } from '../../core/rollout';
import { readAlarms } from '../../shared/alarms';
import { describeComponentRollout } from '../../shared/component-rollout-view';
import { describeEndpoint, EndpointView } from '../../shared/endpoint';
import { optionalEnv } from '../../shared/env';
import { errorMessage } from '../../shared/errors';
import { execute } from '../../shared/rollout-executor';
import type { ControllerContext } from './context';
import { executorContext } from './context';

export async function start(ctx: ControllerContext, input: RolloutExecutionInput, executionArn: string):
Promise<StepResult> {
  const { log } = ctx;
  const existing = await ctx.table.get(input.endpointName);
  const alarms = existing?.rolloutId === input.rolloutId ? [] : await readAlarms(ctx.aws.cloudwatch, input.alarmNames ?? [], log);
  let live: EndpointView | undefined;
  let endpointError: string | undefined;
  try {
    live = input.component ? await describeComponentRollout(ctx.aws.sagemaker, input.component, log)
      : await describeEndpoint(ctx.aws.sagemaker, input.endpointName, log);
  } catch (e) {
    endpointError = errorMessage(e);
  }
  const ttl = Number(optionalEnv(ROLLOUT_ENV.HISTORY_TTL_SECONDS));
  const t = transition(existing, live, { kind: 'START', input, executionArn, alarms, endpointError,
    historyTable: optionalEnv(ROLLOUT_ENV.HISTORY_TABLE),
    historyTtlSeconds: Number.isFinite(ttl) && ttl > 0 ? Math.floor(ttl) : undefined }, ctx.now());
  const report = await execute(executorContext(ctx), input.endpointName, existing, t.effects);
  if (report.conflict) {
    log.error('refusing to start: another rollout is active', { activeRolloutId: report.conflict.active?.rolloutId });
    return { kind: 'FAILED', waitSeconds: 0, reason: `refusing to start: ${report.conflict.message}`, phase: 'FAILED' };
  }
  return t.result!;
}
