/**
 * `cdk-mlops rollout status <endpoint> [--watch] [--timeout <duration>]`, as `kubectl argo rollouts status`: one
 * line, `<status> - <what it is doing or why it ended>`; with --watch a new line each time it changes, until the
 * rollout ends. The view is `rollout get`'s (the same JSON under --json).
 */
import { Command } from 'commander';
import { exitCodesHelp } from '../../help';
import type { CliContext } from '../../program';
import { RolloutView, statusLine } from '../../rollout-view';
import { followRollout, jsonRenderer, Renderer, WatchOptions, withWatchOptions } from './watch';

export function registerStatus(rollout: Command, ctx: CliContext): void {
  withWatchOptions(rollout.command('status')
    .description('print the rollout\'s status in one line (Progressing, Paused, Healthy, Degraded, Aborted); ' +
      'with --watch, until it ends')
    .argument('<endpoint>', 'SageMaker endpoint name'))
    .addHelpText('after', exitCodesHelp(['OK', 'ROLLOUT_FAILED', 'USAGE', 'NOT_FOUND', 'AWS_ERROR', 'TIMEOUT'],
      'promoted (Healthy), or still active without --watch') +
      '\nAs kubectl argo rollouts status: 0 only for a healthy rollout once it ends; a timeout is 5 here (Argo: 1).' +
      '\nExample: cdk-mlops rollout status my-endpoint --watch --timeout 30m')
    .action(async (endpointName: string, opts: WatchOptions) => {
      ctx.exitCode = await followRollout(ctx, endpointName, { ...opts, events: 5 }, renderer(opts));
    });
}

function renderer(opts: WatchOptions): Renderer {
  if (opts.json) return jsonRenderer(opts.watch);
  // A new line only when the line changes (its time left counts down in whole minutes and seconds, so compare it
  // without the clocks: a line per step, phase, alarm or command change).
  const key = (v: RolloutView) => statusLine({ ...v, phaseSecondsLeft: undefined, holding: undefined });
  return { first: (v) => `${statusLine(v)}\n`, next: (v, prev) => (key(v) !== key(prev) ? `${statusLine(v)}\n` : '') };
}
