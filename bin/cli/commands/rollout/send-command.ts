/**
 * What pause, resume, promote and abort share: the command goes through the rollout protocol (CliAws.sendCommand:
 * the COMMAND transition, then the executor). Pause, resume and promote are left in the record for the controller's
 * next step (it owns those transitions). Abort ends the rollout here and now: all traffic on the stable variant,
 * read back until it holds, and only then recorded ABORTED and the execution stopped — so the endpoint is free even
 * when the execution is dead, waiting in a hook, or the endpoint was re-created. An abort whose order or read-back
 * failed records nothing, says why and exits non-zero (the controller still applies the ABORT left in the record).
 */
import { Command } from 'commander';
import type { OperatorCommand } from '../../../../lambda/core/rollout';
import type { CommandOutcome } from '../../aws';
import { exitCodesHelp } from '../../help';
import { EXIT } from '../../io';
import type { CliContext } from '../../program';
import { COMMAND_VERB } from '../../rollout-view';
import { notFound, NOT_FOUND_FIX } from './not-found';
import { nowSeconds, RolloutOptions, rolloutTarget, withRolloutOptions } from './options';

/** Help of a command the controller applies at its next step (all but abort, which acts at once). */
export const AT_NEXT_STEP = 'The controller applies it at its next step (within the plan\'s check interval).';

export function registerOperatorCommand(rollout: Command, ctx: CliContext, name: string, command: OperatorCommand,
  description: string, when: string): void {
  withRolloutOptions(rollout.command(name)
    .description(description)
    .argument('<endpoint>', 'SageMaker endpoint name'))
    .addHelpText('after', `\n${when}` + exitCodesHelp(['OK', 'USAGE', 'NOT_FOUND', 'AWS_ERROR'], `${name} sent` +
      (command === 'ABORT' ? ' and done' : '')))
    .action(async (endpointName: string, opts: RolloutOptions) => {
      ctx.exitCode = await send(ctx, endpointName, command, opts);
    });
}

async function send(ctx: CliContext, endpointName: string, command: OperatorCommand, opts: RolloutOptions): Promise<number> {
  const { io } = ctx;
  const { table, aws } = await rolloutTarget(opts, ctx);
  const outcome = await aws.sendCommand(endpointName, command, `cdk-mlops rollout ${COMMAND_VERB[command]} ${endpointName}`, nowSeconds(ctx));
  const rec = outcome.before;
  if (outcome.kind === 'NOT_ACTIVE' || !rec) {
    const why = rec
      ? `the rollout ${rec.rolloutId} on ${endpointName} is not active (phase ${rec.state.phase}` +
        `${rec.command === 'ABORT' ? ', ABORT pending' : ''})`
      : `no rollout recorded for endpoint ${endpointName} in table ${table}`;
    return notFound(`nothing to ${COMMAND_VERB[command]}: ${why}`, rec ? `see where it stands: cdk-mlops rollout status ` +
      `${endpointName}` : NOT_FOUND_FIX(endpointName));
  }
  if (command === 'ABORT') return reportAbort(ctx, endpointName, outcome, opts);
  if (opts.json) {
    io.out(JSON.stringify({ endpointName, rolloutId: rec.rolloutId, command: COMMAND_VERB[command], phase: rec.state.phase }, null, 2) + '\n');
    return EXIT.OK;
  }
  io.out(`${COMMAND_VERB[command]} sent to rollout ${rec.rolloutId} on ${endpointName} (phase ${rec.state.phase}); ` +
    'the controller applies it at its next step.\n');
  return EXIT.OK;
}

function reportAbort(ctx: CliContext, endpointName: string, o: CommandOutcome, opts: RolloutOptions): number {
  const { io } = ctx;
  const rec = o.before!;
  const recreated = o.kind === 'ABORT_WITHOUT_WEIGHTS';
  const weightsReset = recreated ? 'skipped' : o.error === undefined && o.verified;
  const code: number = o.error !== undefined || !o.recorded ? EXIT.AWS_ERROR : EXIT.OK;
  const result = { endpointName, rolloutId: rec.rolloutId, command: COMMAND_VERB.ABORT, phase: o.record?.state.phase ?? rec.state.phase,
    weightsReset, recorded: o.recorded, execution: o.execution ?? 'NOT_RUNNING', ...(recreated ? { endpointRecreated: true } : {}),
    ...(o.error !== undefined ? { error: o.error } : {}) };
  if (opts.json) {
    io.out(JSON.stringify(result, null, 2) + '\n');
    return code;
  }
  if (o.error !== undefined || !o.recorded) {
    io.err(`abort of rollout ${rec.rolloutId} on ${endpointName} NOT done: the stable weights could not be put back ` +
      `(${o.error ?? o.reason}). Nothing was recorded; the ABORT waits in the record for the controller's next step. ` +
      `Check the endpoint (aws sagemaker describe-endpoint --endpoint-name ${endpointName}) and run the abort again.\n`);
    return code;
  }
  if (recreated) io.out(`endpoint ${endpointName} was re-created after rollout ${rec.rolloutId} started (or is gone); its weights were left as they are.\n`);
  io.out(`rollout ${rec.rolloutId} on ${endpointName} aborted` +
    `${weightsReset === true ? `: all traffic on the stable variant ${rec.stableVariant}, read back` : ''}; ` +
    `execution ${o.execution === 'STOPPED' ? 'stopped' : 'was not running'}. The endpoint is free for the next deploy.\n`);
  return code;
}
