/** `cdk-mlops rollout promote <endpoint>`. */
import { Command } from 'commander';
import type { CliContext } from '../../program';
import { AT_NEXT_STEP, registerOperatorCommand } from './send-command';

export function registerPromote(rollout: Command, ctx: CliContext): void {
  registerOperatorCommand(rollout, ctx, 'promote', 'PROMOTE_NOW', 'skip the remaining steps and bakes: the controller moves all traffic to the candidate', AT_NEXT_STEP);
}
