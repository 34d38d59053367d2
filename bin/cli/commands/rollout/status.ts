/** `cdk-mlops rollout status <endpoint>`: one snapshot of the rollout (see `get --watch` for a live view). */
import { Command } from 'commander';
import { EXIT } from '../../io';
import type { CliContext } from '../../program';
import { formatStatus, statusView } from '../../status-view';
import { notFound } from './not-found';
import { nowSeconds, RolloutOptions, rolloutTarget, withRolloutOptions } from './options';

export function registerStatus(rollout: Command, ctx: CliContext): void {
  withRolloutOptions(rollout.command('status')
    .description('print the rollout\'s phase, step, weights, alarms and recent events once')
    .argument('<endpoint>', 'SageMaker endpoint name'))
    .addHelpText('after', '\nExit code 0 while active or promoted, 1 when it failed, rolled back or was aborted.')
    .action(async (endpointName: string, opts: RolloutOptions) => {
      const { table, aws } = await rolloutTarget(opts, ctx);
      const rec = await aws.getRecord(endpointName);
      if (!rec) return notFound(`no rollout recorded for endpoint ${endpointName} in table ${table}`);
      const [live, alarms] = await Promise.all([
        aws.readEndpoint(endpointName, rec.stableVariant, rec.candidateVariant).catch(() => undefined),
        aws.readAlarms(rec.alarmNames ?? []),
      ]);
      const view = statusView(rec, nowSeconds(ctx), live, alarms);
      ctx.io.out(opts.json ? JSON.stringify(view, null, 2) + '\n' : formatStatus(view));
      ctx.exitCode = view.active || view.succeeded ? EXIT.OK : EXIT.ROLLOUT_FAILED;
    });
}
