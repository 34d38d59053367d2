/** The commander program: global options and one registration per command (bin/cli/commands/). */
import { Command } from 'commander';
import type { CliAws } from './aws';
import type { ChampionSlotsAws } from './champion-slots';
import { registerChampionSlots } from './commands/champion-slots';
import { registerCheckDiff } from './commands/check-diff';
import { registerRolloutCommands } from './commands/rollout';
import { registerReport } from './commands/report';
import { registerSimulate } from './commands/simulate';
import { CliIo } from './io';
import { packageVersion } from './version';

/** What every command's action gets: the outside world, an injected AWS (tests), and the exit code to return. */
export interface CliContext {
  readonly io: CliIo;
  readonly aws?: CliAws;
  /** Injected live state for `champion-slots` (tests). */
  readonly slotsAws?: ChampionSlotsAws;
  exitCode: number;
}

export const EXIT_CODES_HELP = `
Exit codes: 0 ok, 1 rollout failed/rolled back (status, get), 2 usage error (also: no table or no region),
            3 no (active) rollout on the endpoint, 4 AWS error, 5 rollout get --watch --timeout passed,
            6 champion-slots refused the approved version (a rollout runs, the endpoint is missing, ...),
            7 check-diff found a destructive change to data.
Errors: text on stderr; with --json one JSON object {error, message, fix, exitCode} on stdout.`;

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
