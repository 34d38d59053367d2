/**
 * `cdk-mlops rollout get <endpoint> [--watch]`: the rollout's live view. With --watch it refreshes every
 * --interval seconds (redrawn in place on a terminal, appended otherwise, one JSON object per line under --json)
 * and ends when the rollout does, with exit code 0 for promoted and 1 otherwise: a CI job can follow a deploy.
 */
import { Command } from 'commander';
import { EXIT } from '../../io';
import { numberIn, wholeNumber } from '../../parsers';
import type { CliContext } from '../../program';
import { renderRollout, RolloutSnapshot, rolloutView } from '../../rollout-view';
import { notFound } from './not-found';
import { nowSeconds, RolloutOptions, rolloutTarget, withRolloutOptions } from './options';

interface GetOptions extends RolloutOptions {
  readonly watch?: boolean;
  readonly interval: number;
  readonly events: number;
  readonly timeout?: number;
  readonly since?: number;
}

const CLEAR = '\x1b[2J\x1b[H';

export function registerGet(rollout: Command, ctx: CliContext): void {
  withRolloutOptions(rollout.command('get')
    .description('show the rollout: status, step, ordered vs live weights, alarms, samples, next decision, events')
    .argument('<endpoint>', 'SageMaker endpoint name'))
    .option('-w, --watch', 'refresh until the rollout ends')
    .option('--interval <seconds>', 'refresh period with --watch', numberIn(1), 5)
    .option('--events <n>', 'how many recent events to show', wholeNumber(0), 5)
    .option('--timeout <seconds>', 'with --watch, give up (exit 5) after this long', numberIn(1))
    .option('--since <epoch-seconds>', 'follow only a rollout started at or after this time; when there is none, ' +
      'say so and exit 0 (a deploy that changed no model starts no rollout)', wholeNumber(0))
    .addHelpText('after', '\nExit code 0 while active (without --watch) or promoted; 1 when it failed, rolled back or was ' +
      'aborted;\n5 when --timeout passed first. Example: cdk-mlops rollout get my-endpoint --watch --timeout 3600')
    .action(async (endpointName: string, opts: GetOptions) => {
      ctx.exitCode = await get(ctx, endpointName, opts);
    });
}

async function get(ctx: CliContext, endpointName: string, opts: GetOptions): Promise<number> {
  const { io } = ctx;
  const { table, aws } = await rolloutTarget(opts, ctx);
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = nowSeconds(ctx);
  for (let first = true; ; first = false) {
    const record = await aws.getRecord(endpointName);
    if (opts.since !== undefined && (!record || record.state.startedAt < opts.since)) {
      io.out(`no rollout on ${endpointName} started since ${new Date(opts.since * 1000).toISOString()}` +
        (record ? ` (the latest, ${record.rolloutId}, is ${record.state.phase})` : '') + ': nothing to follow\n');
      return EXIT.OK;
    }
    if (!record) return notFound(`no rollout recorded for endpoint ${endpointName} in table ${table}`);
    const now = nowSeconds(ctx);
    const s = record.state;
    const [live, alarms, candidateInvocations] = await Promise.all([
      aws.readEndpoint(endpointName, record.stableVariant, record.candidateVariant).catch(() => undefined),
      aws.readAlarms(record.alarmNames ?? []),
      (s.phase === 'BAKING' || s.phase === 'FINAL_BAKE') && aws.readInvocations
        ? aws.readInvocations(endpointName, record.candidateVariant, s.phaseStartedAt, now).catch(() => undefined)
        : Promise.resolve(undefined),
    ]);
    const snap: RolloutSnapshot = { record, now, live, alarms, candidateInvocations };
    const view = rolloutView(snap, opts.events);
    if (opts.json) {
      io.out(JSON.stringify(view, null, opts.watch ? undefined : 2) + '\n');
    } else {
      const text = renderRollout(view);
      io.out(opts.watch && io.isTty ? CLEAR + text : (first ? '' : '\n') + text);
    }
    if (!opts.watch || !view.active) return view.active || view.succeeded ? EXIT.OK : EXIT.ROLLOUT_FAILED;
    if (opts.timeout !== undefined && now - started >= opts.timeout) {
      io.err(`rollout ${record.rolloutId} still ${s.phase} after --timeout ${opts.timeout} s\n`);
      return EXIT.TIMEOUT;
    }
    await sleep(opts.interval * 1000);
  }
}
