/** `cdk-mlops rollout pause <endpoint>`. */
import { Command } from 'commander';
import type { CliContext } from '../../program';
import { AT_NEXT_STEP, registerOperatorCommand } from './send-command';

export function registerPause(rollout: Command, ctx: CliContext): void {
  registerOperatorCommand(rollout, ctx, 'pause', 'PAUSE', 'hold the rollout at its current step (alarms still roll it back)', AT_NEXT_STEP);
}
