/**
 * The executor's part for a component rollout's effects (see index.ts for the order): the temporary candidate is
 * created only after the persist that records it; it is deleted and read back gone before an end is recorded, so a
 * read-back that does not hold stops the run before the write (the next check deletes it again), never after.
 */
import type { ComponentEffect } from '../../core/rollout';
import { createComponent, deleteComponent, publishVerdict, verifyComponent } from './component-calls';
import type { ExecutionReport, ExecutorContext } from './context';

/** Applies one component effect; false: stop here (a read-back that did not hold, with settleLater). */
export async function applyComponentEffect(ctx: ExecutorContext, e: ComponentEffect, report: { verified: boolean }): Promise<boolean> {
  const { aws, log } = ctx;
  const budget = ctx.raiseBudgetMs ?? ctx.budgetMs;
  switch (e.kind) {
    case 'CREATE_COMPONENT':
      await createComponent(aws.sagemaker, e, budget, log);
      log.info('temporary candidate component ordered', { component: e.componentName, copies: e.copies, model: e.specification.ModelName });
      log.metric('CandidateComponentCreated', 1);
      return true;
    case 'DELETE_COMPONENT':
      await deleteComponent(aws.sagemaker, e.componentName, ctx.budgetMs, log);
      log.info('component delete ordered', { component: e.componentName });
      return true;
    case 'VERIFY_COMPONENT': {
      const check = await verifyComponent(aws.sagemaker, e, ctx.budgetMs, log);
      if (check.holds) return true;
      report.verified = false;
      if (ctx.settleLater) {
        log.info('component not as wanted yet; checked again at the next poll', { reason: check.reason });
        return false;
      }
      log.metric('ComponentNotVerified', 1);
      throw new ComponentNotVerifiedError(check.reason);
    }
    case 'PUBLISH_VERDICT':
      await publishVerdict(aws.cloudwatch, e, ctx.now(), budget, log);
      if (e.stop) log.metric('RolloutVerdictStopPublished', 1);
      return true;
  }
}

/** A component read back not as the transition needs it (still serving, or not serving the stable model): nothing recorded. */
export class ComponentNotVerifiedError extends Error {
  constructor(reason: string) {
    super(`component read-back did not hold: ${reason}`);
    this.name = 'ComponentNotVerifiedError';
  }
}

export type { ExecutionReport };
