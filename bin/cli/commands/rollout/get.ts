/**
 * `cdk-mlops rollout get <endpoint> [--watch]`: the rollout's full view, as `kubectl argo rollouts get rollout`.
 * With --watch it refreshes every --interval seconds until the rollout ends: redrawn in place on a terminal;
 * elsewhere (a CI log) only what changed; under --json one object per change.
 */
import { Command } from 'commander';
import { exitCodesHelp } from '../../help';
import { wholeNumber } from '../../parsers';
import type { CliContext } from '../../program';
import { renderRollout } from '../../rollout-view';
import { followRollout, jsonRenderer, Renderer, viewChanged, WatchOptions, withWatchOptions } from './watch';

const CLEAR = '\x1b[2J\x1b[H';

export function registerGet(rollout: Command, ctx: CliContext): void {
  withWatchOptions(rollout.command('get')
    .description('show the rollout: status, step, ordered vs live weights, alarms, samples, next decision, events')
    .argument('<endpoint>', 'SageMaker endpoint name'))
    .option('--events <n>', 'how many recent events to show', wholeNumber(0), 5)
    .option('--since <epoch-seconds>', 'follow only a rollout started at or after this time; when there is none, ' +
      'say so and exit 0 (a deploy that changed no model starts no rollout)', wholeNumber(0))
    .addHelpText('after', exitCodesHelp(['OK', 'ROLLOUT_FAILED', 'USAGE', 'NOT_FOUND', 'AWS_ERROR', 'TIMEOUT'],
      'promoted (Healthy), or still active without --watch, or nothing to follow with --since') +
      '\nExample: cdk-mlops rollout get my-endpoint --watch --timeout 1h')
    .action(async (endpointName: string, opts: WatchOptions) => {
      ctx.exitCode = await followRollout(ctx, endpointName, opts, renderer(ctx, opts));
    });
}

function renderer(ctx: CliContext, opts: WatchOptions): Renderer {
  if (opts.json) return jsonRenderer(opts.watch);
  if (opts.watch && ctx.io.isTty) return { first: (v) => CLEAR + renderRollout(v), next: (v) => CLEAR + renderRollout(v) };
  // Not a terminal: the first view in full, then the lines that changed, under the time of the change.
  return {
    first: renderRollout,
    next: (v, prev) => {
      if (!viewChanged(v, prev)) return '';
      const before = new Set(renderRollout(prev).split('\n'));
      const lines = renderRollout(v).split('\n').filter((l) => l.trim() !== '' && !before.has(l));
      return `--- ${new Date(((ctx.io.now ?? Date.now)())).toISOString().replace(/\.\d{3}Z$/, 'Z')}\n${lines.join('\n')}\n`;
    },
  };
}
