/**
 * `cdk-mlops rollout <command>`: one file per command, each exporting a `register` function; add a command by
 * adding its file and one line to ROLLOUT_COMMANDS.
 */
import { Command } from 'commander';
import { exitCodesHelp } from '../../help';
import type { CliContext } from '../../program';
import { registerAbort } from './abort';
import { registerGet } from './get';
import { registerHistory } from './history';
import { registerPause } from './pause';
import { registerPromote } from './promote';
import { registerResume } from './resume';
import { registerStatus } from './status';

export type RegisterCommand = (rollout: Command, ctx: CliContext) => void;

/** In the order `cdk-mlops rollout --help` lists them. */
export const ROLLOUT_COMMANDS: readonly RegisterCommand[] = [
  registerGet, registerStatus, registerHistory, registerPause, registerResume, registerPromote, registerAbort,
];

export function registerRolloutCommands(program: Command, ctx: CliContext): void {
  const rollout = program.command('rollout')
    .description('watch and steer a guarded rollout on an endpoint (reads and writes the rollout table)')
    .addHelpText('after', exitCodesHelp(['OK', 'ROLLOUT_FAILED', 'USAGE', 'NOT_FOUND', 'AWS_ERROR', 'TIMEOUT']) +
      '\nEach command\'s --help lists its own.');
  for (const register of ROLLOUT_COMMANDS) register(rollout, ctx);
}
