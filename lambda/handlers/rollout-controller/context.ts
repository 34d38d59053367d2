/** What every controller action needs: clients, the table, a logger and the clock. */
import { ROLLOUT_ENV } from '../../core/rollout';
import { AwsClients, clients } from '../../shared/clients';
import { requireEnv } from '../../shared/env';
import { createLogger, Logger } from '../../shared/log';
import type { ExecutorContext } from '../../shared/rollout-executor';
import { stopExecutionOf } from '../../shared/rollout-executor/stop-execution';
import { RolloutTable } from '../../shared/rollout-table';
import { budgetWithin, LambdaContextLike, nowSeconds, timing } from '../../shared/timing';

export interface ControllerContext {
  readonly aws: AwsClients;
  readonly table: RolloutTable;
  readonly log: Logger;
  /** Epoch seconds. */
  readonly now: () => number;
  /** `configuredMs`, shortened so the invocation ends before the Lambda timeout. */
  readonly budget: (configuredMs: number) => number;
  /** Uniform in [0, 1), for the jitter of throttled checks. @default Math.random */
  readonly random?: () => number;
}

export function controllerContext(ids: { endpointName: string; rolloutId: string }, lambda?: LambdaContextLike):
ControllerContext {
  const log = createLogger({ handler: 'rollout-controller', ...ids });
  const aws = clients();
  return {
    aws, log, table: new RolloutTable(aws.dynamo, requireEnv(ROLLOUT_ENV.TABLE), log), now: nowSeconds,
    budget: (ms) => budgetWithin(ms, lambda),
  };
}

/** The executor's budgets inside the controller: a lowering gets the rollback's, a raise the controller's. */
export function executorContext(ctx: ControllerContext): ExecutorContext {
  return { aws: ctx.aws, table: ctx.table, log: ctx.log, now: ctx.now, budgetMs: ctx.budget(timing().rollbackBudgetMs),
    raiseBudgetMs: ctx.budget(timing().controllerApplyBudgetMs), stopExecution: stopExecutionOf(ctx.aws.sfn, ctx.log) };
}
