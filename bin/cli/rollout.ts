/**
 * `cdk-mlops rollout status|pause|resume|promote|abort <endpoint>`.
 *
 * Commands are left in the rollout record for the controller's next step (it owns every state transition, the
 * history and the notifications). `abort` also puts all traffic on the stable variant at once, because the next
 * step may be up to one check interval away; the controller then records the abort and re-applies the same weights.
 */
import { ALL_STABLE, isTerminal, OperatorCommand } from '../../lambda/core/rollout';
import { ParsedArgs, stringFlag } from './args';
import type { CliAws } from './aws';
import { CliIo, EXIT, UsageError } from './io';
import { formatStatus, statusView } from './status-view';

export const ROLLOUT_ACTIONS = ['status', 'pause', 'resume', 'promote', 'abort'] as const;
export type RolloutAction = typeof ROLLOUT_ACTIONS[number];

const COMMAND_OF: Record<Exclude<RolloutAction, 'status'>, OperatorCommand> = {
  pause: 'PAUSE', resume: 'RESUME', promote: 'PROMOTE_NOW', abort: 'ABORT',
};

/** Abort's immediate weight reset keeps trying this long while the endpoint is Updating. */
const ABORT_RESET_BUDGET_MS = 60000;

export async function runRollout(action: RolloutAction, endpointName: string, args: ParsedArgs, io: CliIo,
  aws?: CliAws): Promise<number> {
  const table = stringFlag(args, 'table') ?? io.env.CDK_MLOPS_ROLLOUT_TABLE;
  if (!table) throw new UsageError('the rollout table is unknown: pass --table <name> or set CDK_MLOPS_ROLLOUT_TABLE');
  const json = args.flags.has('json');
  const client = aws ?? (await import('./aws')).cliAws(table, stringFlag(args, 'region'), io.env);
  const now = Math.floor(Date.now() / 1000);

  if (action === 'status') {
    const rec = await client.getRecord(endpointName);
    if (!rec) return notFound(io, json, `no rollout recorded for endpoint ${endpointName} in table ${table}`);
    const [live, alarms] = await Promise.all([
      client.readEndpoint(endpointName, rec.stableVariant, rec.candidateVariant).catch(() => undefined),
      client.readAlarms(rec.alarmNames ?? []),
    ]);
    const view = statusView(rec, now, live, alarms);
    io.out(json ? JSON.stringify(view, null, 2) + '\n' : formatStatus(view));
    return view.active || view.succeeded ? EXIT.OK : EXIT.ROLLOUT_FAILED;
  }

  const command = COMMAND_OF[action];
  const rec = await client.setCommand(endpointName, command, now);
  if (!rec) {
    const current = await client.getRecord(endpointName);
    const why = current
      ? `the rollout ${current.rolloutId} on ${endpointName} is not active (phase ${current.state.phase}` +
        `${current.command === 'ABORT' ? ', ABORT pending' : ''})`
      : `no rollout recorded for endpoint ${endpointName} in table ${table}`;
    return notFound(io, json, `${command} not sent: ${why}`);
  }
  const result: Record<string, unknown> = { endpointName, rolloutId: rec.rolloutId, command, phase: rec.state.phase };
  let code: number = EXIT.OK;
  if (command === 'ABORT' && !isTerminal(rec.state.phase)) {
    try {
      await client.orderWeights(endpointName, rec.stableVariant, rec.candidateVariant, ALL_STABLE, ABORT_RESET_BUDGET_MS);
      result.weightsReset = true;
    } catch (e) {
      // The ABORT is recorded: the controller's next step restores the weights; say so and fail the command.
      result.weightsReset = false;
      result.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      code = EXIT.AWS_ERROR;
    }
  }
  if (json) {
    io.out(JSON.stringify(result, null, 2) + '\n');
  } else {
    io.out(`${command} sent to rollout ${rec.rolloutId} on ${endpointName} (phase ${rec.state.phase}); ` +
      'the controller applies it at its next step.\n');
    if (result.weightsReset === true) io.out(`all traffic put back on the stable variant ${rec.stableVariant}.\n`);
    if (result.weightsReset === false) {
      io.err(`could not put traffic back on ${rec.stableVariant} now (${String(result.error)}); ` +
        'the controller will at its next step.\n');
    }
  }
  return code;
}

function notFound(io: CliIo, json: boolean, message: string): number {
  if (json) io.out(JSON.stringify({ error: 'NOT_FOUND', message }) + '\n');
  else io.err(message + '\n');
  return EXIT.NOT_FOUND;
}
