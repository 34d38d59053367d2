/**
 * `cdk-mlops champion-slots <stack> [--approved <arn>]`: the `championSlots` context of the reference app's next
 * deploy (stdout), with why (stderr). Exit 6 when the deploy must not put the version in now.
 */
import { Command } from 'commander';
import { CHAMPION_SLOTS_CONTEXT_KEY } from '../../../contracts/champion-slots';
import { parseModelPackageArn } from '../../../contracts/model-approval';
import { exitCodesHelp } from '../help';
import { CliError, EXIT, UsageError } from '../io';
import type { CliContext } from '../program';
import type { ChampionSlotsAws } from '../champion-slots';

interface ChampionSlotsOptions {
  readonly approved?: string;
  readonly region?: string;
  readonly json?: boolean;
}

export function registerChampionSlots(program: Command, ctx: CliContext, aws?: ChampionSlotsAws): void {
  program.command('champion-slots')
    .description('print the championSlots context for the next cdk deploy of a reference stack: an approved version ' +
      'goes into the idle champion slot (weight 0), the serving slot keeps its model')
    .argument('<stack>', 'the deployed stack, e.g. Staging-CdkMlops (reads its outputs ChampionSlots, EndpointName, ' +
      'ApprovedModelParameter, RolloutTable)')
    .option('--approved <arn>', 'the approved version to roll out (a versioned model package ARN); without it no slot changes')
    .option('--region <region>', 'AWS region (default: $AWS_REGION, $AWS_DEFAULT_REGION or the AWS profile\'s)')
    .option('--json', 'print the whole decision as JSON (errors too)')
    .addHelpText('after', `
Prints blue=<arn|packaged>,green=<arn|packaged> for: cdk deploy -c ${CHAMPION_SLOTS_CONTEXT_KEY}=<that>.
${exitCodesHelp(['OK', 'USAGE', 'AWS_ERROR', 'REFUSED'], 'the context was printed')}
Example: npx cdk deploy -c ${CHAMPION_SLOTS_CONTEXT_KEY}=$(npx cdk-mlops champion-slots CdkMlops --approved <arn>)`)
    .action(async (stackName: string, opts: ChampionSlotsOptions) => {
      if (opts.approved !== undefined && !parseModelPackageArn(opts.approved)) {
        throw new UsageError(`--approved '${opts.approved}' is not a versioned model package ARN`,
          'pass arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>');
      }
      // Loaded lazily: --help and the other commands never load the AWS SDK.
      const lib = await import('../champion-slots');
      const live = aws ?? await lib.championSlotsAws(opts.region, ctx.io.env);
      const warn = (text: string) => ctx.io.err(`champion-slots: warning: ${text}\n`);
      const decision = lib.decideChampionSlots(await lib.liveInput(live, stackName, opts.approved, warn));
      if (decision.kind === 'refuse') {
        throw new CliError('REFUSED', `${stackName}: ${decision.reason}`, EXIT.REFUSED,
          'the deploy did not start; nothing changed on the endpoint');
      }
      for (const w of decision.warnings) warn(w);
      ctx.io.err(`champion-slots: ${stackName}: ${decision.reason}\n`);
      ctx.io.out(opts.json ? `${JSON.stringify(lib.decisionJson(decision))}\n` : `${lib.decisionJson(decision).context}\n`);
    });
}
