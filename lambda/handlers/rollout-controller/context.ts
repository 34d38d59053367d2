/** What every controller action needs: clients, the table, a logger and the clock. */
import { ROLLOUT_ENV } from '../../core/rollout';
import { AwsClients, clients } from '../../shared/clients';
import { requireEnv } from '../../shared/env';
import { createLogger, Logger } from '../../shared/log';
import { RolloutTable } from '../../shared/rollout-table';
import { budgetWithin, LambdaContextLike, nowSeconds } from '../../shared/timing';

export interface ControllerContext {
  readonly aws: AwsClients;
  readonly table: RolloutTable;
  readonly log: Logger;
  /** Epoch seconds. */
  readonly now: () => number;
  /** `configuredMs`, shortened so the invocation ends before the Lambda timeout. */
  readonly budget: (configuredMs: number) => number;
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
