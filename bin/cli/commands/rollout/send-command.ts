/**
 * What pause, resume, promote and abort share: the command is left in the rollout record for the controller's next
 * step (it owns every state transition, the history and the notifications). `abort` also puts all traffic on the
 * stable variant at once, because the next step may be up to one check interval away; the controller then records
 * the abort and re-applies the same weights.
 */
import { Command } from 'commander';
import { ALL_STABLE, isTerminal, OperatorCommand, RolloutRecord } from '../../../../lambda/core/rollout';
import { EXIT } from '../../io';
import type { CliContext } from '../../program';
import { notFound } from './not-found';
import { nowSeconds, RolloutOptions, rolloutTarget, withRolloutOptions } from './options';

/** Abort's immediate weight reset keeps trying this long while the endpoint is Updating. */
const ABORT_RESET_BUDGET_MS = 60000;

export function registerOperatorCommand(rollout: Command, ctx: CliContext, name: string, command: OperatorCommand,
  description: string): void {
  withRolloutOptions(rollout.command(name)
    .description(description)
    .argument('<endpoint>', 'SageMaker endpoint name'))
    .addHelpText('after', '\nThe controller applies the command at its next step (within the plan\'s check interval).\n' +
      'Exit code 3 when the endpoint has no active rollout.')
    .action(async (endpointName: string, opts: RolloutOptions) => {
      ctx.exitCode = await send(ctx, endpointName, command, opts);
    });
}

async function send(ctx: CliContext, endpointName: string, command: OperatorCommand, opts: RolloutOptions): Promise<number> {
  const { io } = ctx;
  const { table, aws } = await rolloutTarget(opts, ctx);
  const rec = await aws.setCommand(endpointName, command, nowSeconds(ctx));
  if (!rec && command === 'ABORT') {
    // An ABORT already pending (its execution may be dead): the abort below frees the endpoint anyway.
    const pending = await aws.getRecord(endpointName);
    if (pending && !isTerminal(pending.state.phase)) return abortNow(ctx, pending, opts);
  }
  if (!rec) {
    const current = await aws.getRecord(endpointName);
    const why = current
      ? `the rollout ${current.rolloutId} on ${endpointName} is not active (phase ${current.state.phase}` +
        `${current.command === 'ABORT' ? ', ABORT pending' : ''})`
      : `no rollout recorded for endpoint ${endpointName} in table ${table}`;
    return notFound(`${command} not sent: ${why}`);
  }
  const result: Record<string, unknown> = { endpointName, rolloutId: rec.rolloutId, command, phase: rec.state.phase };
  const code: number = EXIT.OK;
  if (command === 'ABORT' && !isTerminal(rec.state.phase)) return abortNow(ctx, rec, opts);
  if (opts.json) {
    io.out(JSON.stringify(result, null, 2) + '\n');
    return code;
  }
  io.out(`${command} sent to rollout ${rec.rolloutId} on ${endpointName} (phase ${rec.state.phase}); ` +
    'the controller applies it at its next step.\n');
  if (result.weightsReset === true) io.out(`all traffic put back on the stable variant ${rec.stableVariant}.\n`);
  if (result.weightsReset === false) {
    io.err(`could not put traffic back on ${rec.stableVariant} now (${String(result.error)}); ` +
      'the controller will at its next step.\n');
  }
  return code;
}

/**
 * ABORT: all traffic on the stable variant, the record ended ABORTED and the execution stopped, here and now — so the
 * endpoint is free even when the execution is dead, waiting in a hook, or the endpoint was re-created.
 */
async function abortNow(ctx: CliContext, rec: RolloutRecord, opts: RolloutOptions): Promise<number> {
  const { io, endpointName } = { io: ctx.io, endpointName: rec.endpointName };
  const { aws } = await rolloutTarget(opts, ctx);
  const result: Record<string, unknown> = { endpointName, rolloutId: rec.rolloutId, command: 'ABORT', phase: rec.state.phase };
  let code: number = EXIT.OK;
  const live = await aws.readEndpoint(endpointName, rec.stableVariant, rec.candidateVariant).catch(() => undefined);
  const recreated = live?.createdAt !== undefined && rec.endpointCreatedAt !== undefined && live.createdAt !== rec.endpointCreatedAt;
  try {
    // A re-created endpoint is not this rollout's: its weights are its own configuration's, so they are left alone.
    if (recreated) {
      result.endpointRecreated = true;
      result.weightsReset = 'skipped';
    } else {
      await aws.orderWeights(endpointName, rec.stableVariant, rec.candidateVariant, ALL_STABLE, ABORT_RESET_BUDGET_MS);
      result.weightsReset = true;
    }
  } catch (e) {
    // A re-created or deleted endpoint refuses the order: nothing of this rollout serves there any more.
    result.weightsReset = false;
    result.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  if (aws.endRollout) {
    const ended = await aws.endRollout(rec, `aborted by operator (cdk-mlops rollout abort ${endpointName})`, nowSeconds(ctx));
    result.recorded = ended.recorded;
    result.execution = ended.execution;
  }
  if (result.weightsReset === false && result.recorded !== true) code = EXIT.AWS_ERROR;
  if (opts.json) {
    io.out(JSON.stringify(result, null, 2) + '\n');
    return code;
  }
  if (recreated) io.out(`endpoint ${endpointName} was re-created after rollout ${rec.rolloutId} started; its weights were left as they are.\n`);
  io.out(`rollout ${rec.rolloutId} on ${endpointName} aborted` +
    `${result.weightsReset === true ? `: all traffic on the stable variant ${rec.stableVariant}` : ''}; ` +
    `execution ${result.execution === 'STOPPED' ? 'stopped' : 'was not running'}. The endpoint is free for the next deploy.\n`);
  if (result.weightsReset === false) io.err(`could not order the stable weights (${String(result.error)}).\n`);
  return code;
}
