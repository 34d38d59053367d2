/**
 * The candidate's DesiredInstanceCount, alone (SageMaker takes "weights of one or more variants, or the capacity of
 * one variant" per UpdateEndpointWeightsAndCapacities); not after the rollout ended meanwhile.
 */
import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { isTerminal, RolloutRecord } from '../../core/rollout';
import { isEndpointInProgress, isThrottling, isTransient } from '../errors';
import { withRetry } from '../retry';
import type { ExecutorContext } from './context';

export async function orderCapacity(ctx: ExecutorContext, endpointName: string, rec: RolloutRecord | undefined,
  variant: string, instanceCount: number): Promise<void> {
  const command = new UpdateEndpointWeightsAndCapacitiesCommand({
    EndpointName: endpointName, DesiredWeightsAndCapacities: [{ VariantName: variant, DesiredInstanceCount: instanceCount }],
  });
  await withRetry(() => ctx.aws.sagemaker.send(command), {
    what: `UpdateEndpointWeightsAndCapacities (${variant}: ${instanceCount} instances)`,
    retryable: (e) => isThrottling(e) || isEndpointInProgress(e) || isTransient(e),
    budgetMs: ctx.raiseBudgetMs ?? ctx.budgetMs,
    log: ctx.log,
    // No capacity for a candidate that lost (a rollback was recorded meanwhile).
    stillWanted: async () => {
      const now = rec && ctx.table ? await ctx.table.get(endpointName) : undefined;
      return now?.rolloutId === rec?.rolloutId && now !== undefined && !isTerminal(now.state.phase);
    },
  });
}
