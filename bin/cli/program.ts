/** The commander program: global options and one registration per command (bin/cli/commands/). */
import { Command } from 'commander';
import type { CliAws } from './aws';
import type { ChampionSlotsAws } from './champion-slots';
import { registerChampionSlots } from './commands/champion-slots';
import { registerCheckDiff } from './commands/check-diff';
import { registerRolloutCommands } from './commands/rollout';
import { registerReport } from './commands/report';
import { registerSimulate } from './commands/simulate';
import { exitCodesHelp } from './help';
import { CliIo } from './io';
import { packageVersion } from './version';

/** What every command's action gets: the outside world, an injected AWS (tests), and the exit code to return. */
export interface CliContext {
  readonly io: CliIo;
  readonly aws?: CliAws;
  /** Injected live state for `champion-slots` (tests). */
  readonly slotsAws?: ChampionSlotsAws;
  exitCode: number;
  /** The rollout table and region a command reads, once known: errors name them. */
  target?: { readonly table: string; readonly region?: string };
}

/** Every exit code of the CLI: `cdk-mlops --help` lists them all, each command's --help its own. */
export const EXIT_CODES_HELP = exitCodesHelp(['OK', 'ROLLOUT_FAILED', 'USAGE', 'NOT_FOUND', 'AWS_ERROR', 'TIMEOUT', 'REFUSED',
  'DESTRUCTIVE']) + '\nErrors are text on stderr, an error line and a fix line.';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cdk-mlops')
    .description('Operator CLI of cdk-mlops: watch and steer guarded SageMaker rollouts, simulate strategies, ' +
      'resolve the champion slots of the next deploy, check a cdk diff for lost data, write HTML reports of drift windows and rollouts.')
    .version(packageVersion(), '-V, --version', 'print the cdk-mlops version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (t) => ctx.io.out(t),
      writeErr: (t) => ctx.io.err(t),
      // main() reports parse errors itself (text with the fix, or JSON under --json).
      outputError: () => undefined,
    })
    .exitOverride()
    .addHelpText('after', EXIT_CODES_HELP);
  registerRolloutCommands(program, ctx);
  registerSimulate(program, ctx);
  registerReport(program, ctx);
  registerChampionSlots(program, ctx, ctx.slotsAws);
  registerCheckDiff(program, ctx);
  return program;
}
