/** `cdk-mlops rollout abort <endpoint>`. */
import { Command } from 'commander';
import type { CliContext } from '../../program';
import { registerOperatorCommand } from './send-command';

/** What abort does, at once: it does not wait for the controller's next step. */
const ABORT_NOW = 'Acts at once, without waiting for the controller: orders all traffic to the stable variant, records ' +
  'the rollout ABORTED and stops its execution,\nso the endpoint is free for the next deploy even when the controller ' +
  'is stuck or dead.';

export function registerAbort(rollout: Command, ctx: CliContext): void {
  registerOperatorCommand(rollout, ctx, 'abort', 'ABORT', 'roll back now: all traffic to the stable variant at once, ' +
    'the rollout recorded ABORTED, its execution stopped', ABORT_NOW);
}
