/** `cdk-mlops rollout promote <endpoint>`. */
import { Command } from 'commander';
import type { CliContext } from '../../program';
import { registerOperatorCommand } from './send-command';

export function registerPromote(rollout: Command, ctx: CliContext): void {
  registerOperatorCommand(rollout, ctx, 'promote', 'PROMOTE_NOW', 'skip the remaining steps and bakes: all traffic to the candidate now');
}
