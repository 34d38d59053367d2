/**
 * Capacity before traffic (pure): the candidate slot must have the stable slot's instance count before a step gives it
 * more than its canary share (the plan's first step), so a small idle slot is never handed most of the traffic.
 * Not yet wired into the controller: only the decision and its tests exist.
 */
import type { RolloutPlan } from '../../../contracts/rollout-plan';

export type CapacityOrder =
  | { readonly kind: 'NONE'; readonly reason: string }
  /** Order DesiredInstanceCount on the candidate and wait until InService before the step's weights. */
  | { readonly kind: 'SCALE'; readonly instanceCount: number; readonly reason: string };

/**
 * What capacity the candidate needs before step `nextStepIndex` is ordered. Instance counts are DescribeEndpoint's
 * CurrentInstanceCount; a serverless variant has none, and nothing is ordered for it.
 */
export function capacityBefore(plan: RolloutPlan, nextStepIndex: number, stableInstances: number | undefined,
  candidateInstances: number | undefined): CapacityOrder {
  const step = plan.steps[nextStepIndex];
  if (!step) throw new Error(`capacityBefore: the plan has no step ${nextStepIndex}`);
  const canaryShare = plan.steps[0].candidatePercent;
  // A plan whose first step is 100% (all at once, blue/green) has no canary share: it needs the capacity at once.
  if (step.candidatePercent <= canaryShare && canaryShare < 100) return { kind: 'NONE', reason: `step ${nextStepIndex + 1} stays within the canary share (${canaryShare}%)` };
  if (stableInstances === undefined || candidateInstances === undefined) {
    return { kind: 'NONE', reason: 'no instance counts (serverless variants): nothing to match' };
  }
  if (candidateInstances >= stableInstances) {
    return { kind: 'NONE', reason: `candidate has ${candidateInstances} instance(s), stable ${stableInstances}` };
  }
  return { kind: 'SCALE', instanceCount: stableInstances,
    reason: `candidate has ${candidateInstances} instance(s) but step ${nextStepIndex + 1} gives it ${step.candidatePercent}% ` +
      `(above the ${canaryShare}% canary): scaling it to the stable slot's ${stableInstances} first` };
}
