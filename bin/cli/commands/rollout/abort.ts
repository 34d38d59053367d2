/** `cdk-mlops rollout abort <endpoint>`. */
import { Command } from 'commander';
import type { CliContext } from '../../program';
import { registerOperatorCommand } from './send-command';

export function registerAbort(rollout: Command, ctx: CliContext): void {
  registerOperatorCommand(rollout, ctx, 'abort', 'ABORT', 'roll back now: all traffic to the stable variant at once, then the controller records ABORTED');
}
