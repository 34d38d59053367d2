/** `cdk-mlops rollout resume <endpoint>`. */
import { Command } from 'commander';
import type { CliContext } from '../../program';
import { AT_NEXT_STEP, registerOperatorCommand } from './send-command';

export function registerResume(rollout: Command, ctx: CliContext): void {
  registerOperatorCommand(rollout, ctx, 'resume', 'RESUME', 'continue a paused rollout where it stopped', AT_NEXT_STEP);
}
