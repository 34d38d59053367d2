/**
 * What `rollout get` and `rollout status` share: reading one refresh of the rollout, and following it with --watch
 * until it ends, the exit code saying how (as `kubectl argo rollouts status`: 0 healthy, 1 degraded or aborted, and
 * here 5 when --timeout passes first). Each command only says how a refresh is shown.
 */
import { Command } from 'commander';
import { CliError, EXIT } from '../../io';
import { durationSeconds, numberIn } from '../../parsers';
import type { CliContext } from '../../program';
import { RolloutSnapshot, RolloutView, rolloutView, viewWithoutClocks } from '../../rollout-view';
import { notFound, NOT_FOUND_FIX } from './not-found';
import { nowSeconds, RolloutOptions, rolloutTarget, withRolloutOptions } from './options';

export interface WatchOptions extends RolloutOptions {
  readonly watch?: boolean;
  readonly interval: number;
  /** Seconds; 0 or absent: no limit. */
  readonly timeout?: number;
  readonly since?: number;
  readonly events?: number;
}

/** How a command shows refreshes: the first one, and each later one given the last one shown. */
export interface Renderer {
  readonly first: (view: RolloutView) => string;
  /** Text for a refresh after `previous`; '' prints nothing. */
  readonly next: (view: RolloutView, previous: RolloutView) => string;
}

/** Whether anything but the clocks changed between two refreshes. */
export function viewChanged(a: RolloutView, b: RolloutView): boolean {
  return JSON.stringify(viewWithoutClocks(a)) !== JSON.stringify(viewWithoutClocks(b));
}

/** --json: the view as one object; with --watch one line per change. */
export function jsonRenderer(watch: boolean | undefined): Renderer {
  const json = (v: RolloutView) => JSON.stringify(v, null, watch ? undefined : 2) + '\n';
  return { first: json, next: (v, prev) => (viewChanged(v, prev) ? json(v) : '') };
}

/** Adds the options both commands take: the rollout options, --watch, --interval and --timeout. */
export function withWatchOptions(cmd: Command): Command {
  return withRolloutOptions(cmd)
    .option('-w, --watch', 'follow the rollout until it ends')
    .option('--interval <seconds>', 'refresh period with --watch', numberIn(1), 5)
    .option('-t, --timeout <duration>', 'with --watch, give up after this long (exit 5): seconds or 90s, 15m, 1h30m; ' +
      '0 waits forever', durationSeconds);
}

export async function followRollout(ctx: CliContext, endpointName: string, opts: WatchOptions, show: Renderer): Promise<number> {
  const { io } = ctx;
  const { table, aws } = await rolloutTarget(opts, ctx);
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = nowSeconds(ctx);
  let shown: RolloutView | undefined;
  for (;;) {
    const record = await aws.getRecord(endpointName);
    if (opts.since !== undefined && (!record || record.state.startedAt < opts.since)) {
      io.out(`no rollout on ${endpointName} started since ${new Date(opts.since * 1000).toISOString()}` +
        (record ? ` (the latest, ${record.rolloutId}, is ${record.state.phase})` : '') + ': nothing to follow\n');
      return EXIT.OK;
    }
    if (!record) return notFound(`no rollout recorded for endpoint ${endpointName} in table ${table}`, NOT_FOUND_FIX(endpointName));
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
    io.out(shown ? show.next(view, shown) : show.first(view));
    shown = view;
    if (!opts.watch || !view.active) return view.active || view.succeeded ? EXIT.OK : EXIT.ROLLOUT_FAILED;
    if (opts.timeout && now - started >= opts.timeout) {
      throw new CliError('TIMEOUT', `rollout ${record.rolloutId} on ${endpointName} is still ${s.phase} after --timeout ` +
        `${opts.timeout} s`, EXIT.TIMEOUT, `the rollout goes on: follow it again (cdk-mlops rollout status ${endpointName} ` +
        `--watch), or end it (cdk-mlops rollout abort ${endpointName})`);
    }
    await sleep(opts.interval * 1000);
  }
}
