import { Duration } from 'aws-cdk-lib';
import {
  DEPLOY_DEADLINE_MARGIN_SECONDS, DEPLOY_ROLLOUT_BUDGET_SECONDS, HookCounts, MAX_EXECUTION_SECONDS, worstCase,
} from '../../../contracts/rollout-bounds';
import type { RolloutPlan } from '../../../contracts/rollout-plan';
import { rolloutError } from './slot-validation';

const human = (s: number) => Duration.seconds(s).toHumanString();

/**
 * The whole worst case of a rollout (bakes, holds, shifts, every hook's time-out, the rollback window, the capacity
 * wait) against what waits on it: a deploy waits one hour and the rollout must end before, with time to restore the
 * stable slot; a rollout started outside a deploy runs in a Step Functions execution (one year at most).
 */
export function checkWorstCase(strategyName: string, plan: RolloutPlan, startOnDeploy: boolean, hooks: HookCounts): void {
  const w = worstCase(plan, hooks);
  const count = hooks.preTraffic + hooks.postTraffic;
  const parts = `bakes ${human(w.bakeSeconds)}, holds ${human(w.holdSeconds)}, shift time-outs ${human(w.shiftSeconds)}, ` +
    `hook time-outs ${human(w.hookSeconds)} (${count} hook${count === 1 ? '' : 's'}, run one after another), shadow ${human(w.shadowSeconds)}, rollback window ${human(w.rollbackWindowSeconds)}, ` +
    `capacity wait ${human(w.capacitySeconds)}, checks ${human(w.checkSeconds)}`;
  if (startOnDeploy && w.totalSeconds > DEPLOY_ROLLOUT_BUDGET_SECONDS) {
    rolloutError('strategy', `'${strategyName}' can take up to ${human(w.totalSeconds)} (${parts}); with startOnDeploy a ` +
      `rollout must end within ${human(DEPLOY_ROLLOUT_BUDGET_SECONDS)} (CloudFormation waits one hour for the deploy and ` +
      `the rollout keeps ${human(DEPLOY_DEADLINE_MARGIN_SECONDS)} to restore the stable slot). Shorten the bakes, maxHold, ` +
      'shiftTimeout or hookTimeout, or set startOnDeploy: false and start the rollout with the CLI.');
  }
  if (w.totalSeconds > MAX_EXECUTION_SECONDS) {
    rolloutError('strategy', `'${strategyName}' can take up to ${human(w.totalSeconds)} (${parts}); a rollout runs in a Step ` +
      'Functions execution, which ends after one year. Shorten its bakes or holds.');
  }
}
